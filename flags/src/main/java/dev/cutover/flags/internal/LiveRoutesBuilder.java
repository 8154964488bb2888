package dev.cutover.flags.internal;

import dev.cutover.flags.LiveRoutes;
import java.time.Clock;
import java.time.Duration;
import java.util.Collection;
import java.util.Map;
import java.util.Objects;
import javax.sql.DataSource;

/** The {@link LiveRoutes.Builder}: collects the configuration; each method validates its argument. Not thread-safe. */
public final class LiveRoutesBuilder implements LiveRoutes.Builder {
    private static final Duration MIN_POLL_INTERVAL = Duration.ofMillis(10);
    private static final Duration MAX_POLL_INTERVAL = Duration.ofMinutes(1);

    final DataSource store;
    final DefaultEnvironmentRoutes.DefaultBuilder environment = new DefaultEnvironmentRoutes.DefaultBuilder();
    Duration pollInterval = LiveRoutes.DEFAULT_POLL_INTERVAL;
    boolean backgroundRefresh = true;
    Clock clock = Clock.systemUTC();
    boolean notifications = true;
    DataSource listenerDataSource;

    public LiveRoutesBuilder(DataSource store) {
        this.store = Objects.requireNonNull(store, "store");
    }

    @Override
    public LiveRoutes.Builder environment(Map<String, String> variables) {
        environment.environment(variables);
        return this;
    }

    @Override
    public LiveRoutes.Builder knownVariables(String... names) {
        environment.knownVariables(names);
        return this;
    }

    @Override
    public LiveRoutes.Builder knownVariables(Collection<String> names) {
        environment.knownVariables(names);
        return this;
    }

    @Override
    public LiveRoutes.Builder pollInterval(Duration interval) {
        Objects.requireNonNull(interval, "interval");
        if (interval.compareTo(MIN_POLL_INTERVAL) < 0 || interval.compareTo(MAX_POLL_INTERVAL) > 0) {
            throw new IllegalArgumentException("Poll interval " + interval + " is out of range: between 10 ms and 1"
                    + " minute (default " + LiveRoutes.DEFAULT_POLL_INTERVAL.toMillis() + " ms)");
        }
        this.pollInterval = interval;
        return this;
    }

    @Override
    public LiveRoutes.Builder backgroundRefresh(boolean enabled) {
        this.backgroundRefresh = enabled;
        return this;
    }

    @Override
    public LiveRoutes.Builder clock(Clock clock) {
        this.clock = Objects.requireNonNull(clock, "clock");
        return this;
    }

    @Override
    public LiveRoutes.Builder notifications(boolean enabled) {
        this.notifications = enabled;
        return this;
    }

    @Override
    public LiveRoutes.Builder listenerDataSource(DataSource dataSource) {
        this.listenerDataSource = Objects.requireNonNull(dataSource, "dataSource");
        return this;
    }

    @Override
    public LiveRoutes build() {
        return new DefaultLiveRoutes(this);
    }
}
