package dev.cutover.spring.boot.actuate;

import dev.cutover.status.Backlog;
import dev.cutover.flags.FlagStoreStatus;
import dev.cutover.flags.LiveRoutes;
import dev.cutover.resilience.CutoverResilience;
import dev.cutover.routing.RouteSource;
import dev.cutover.spring.boot.CutoverAutoConfiguration.DualWritesHolder;
import dev.cutover.spring.boot.internal.CutoverMigrations;
import dev.cutover.spring.boot.internal.PropertyRoutes;
import dev.cutover.status.BreakerStatus;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.springframework.boot.actuate.health.AbstractHealthIndicator;
import org.springframework.boot.actuate.health.Health;

/**
 * The {@code cutover} health indicator: DOWN when the flag store cannot be read, a circuit breaker is open, an outbox's
 * oldest entry is older than {@code cutover.health.outbox-age-threshold}, or Cutover's migrations are pending. Its
 * details list each problem with what to do ({@code problems}), then the figures it looked at. Answers from memory
 * (the breakers, the last read of the store, the outboxes as last measured); the pending migrations are read again at
 * most once a minute.
 */
public class CutoverHealthIndicator extends AbstractHealthIndicator {
    private final PropertyRoutes routes;
    private final CutoverResilience resilience;
    private final DualWritesHolder dualWrites;
    private final CutoverMigrations migrations;
    private final Duration outboxAgeThreshold;

    public CutoverHealthIndicator(PropertyRoutes routes, CutoverResilience resilience, DualWritesHolder dualWrites,
            CutoverMigrations migrations, Duration outboxAgeThreshold) {
        super("Cutover health check failed");
        this.routes = routes;
        this.resilience = resilience;
        this.dualWrites = dualWrites;
        this.migrations = migrations;
        this.outboxAgeThreshold = outboxAgeThreshold;
    }

    @Override
    protected void doHealthCheck(Health.Builder builder) {
        List<String> problems = new ArrayList<>();
        RouteSource source = routes.delegate();
        if (source instanceof LiveRoutes live) {
            FlagStoreStatus store = live.status();
            if (!store.reachable()) {
                problems.add("Route flag store unreachable (" + store.failure() + "): the routes read at " + store.lastRead()
                        + " stay in force and flips do not reach this instance; make the target PostgreSQL reachable");
            }
            Map<String, Object> flagStore = new LinkedHashMap<>();
            flagStore.put("reachable", store.reachable());
            flagStore.put("lastRead", store.lastRead());
            flagStore.put("ignoredEntries", store.ignored());
            builder.withDetail("flagStore", flagStore);
        }
        List<Map<String, Object>> breakers = new ArrayList<>();
        for (BreakerStatus breaker : resilience.breakerStatus()) {
            if (!breaker.permitsCalls()) {
                String backend = breaker.backend().name().toLowerCase(Locale.ROOT);
                problems.add("Circuit breaker " + breaker.name() + " is " + breaker.state() + ": calls to " + backend
                        + " are refused (" + breaker.notPermittedCalls() + " so far" + (breaker.backend().name().equals("POSTGRES")
                                ? "; reads fall back to legacy where configured" : "")
                        + "); it lets a trial call through after its wait: check " + backend + "'s database");
            }
            breakers.add(Map.of("name", breaker.name(), "state", breaker.state(), "failureRate", breaker.failureRate()));
        }
        builder.withDetail("breakers", breakers);
        List<Backlog> backlog = dualWrites.dualWrites() == null ? List.of() : dualWrites.dualWrites().outboxBacklog();
        for (Backlog outbox : backlog) {
            if (outbox.oldestAge().compareTo(outboxAgeThreshold) > 0) {
                problems.add(outbox.outbox() + " holds " + outbox.entries() + " entries, the oldest " + outbox.oldestAge()
                        + " old, over cutover.health.outbox-age-threshold (" + outboxAgeThreshold + "): the reconciler is"
                        + " not copying them; check the secondary database and the reconciler's log (cutover status)");
            }
        }
        builder.withDetail("outboxes", backlog.stream().map(CutoverEndpoint::outbox).toList());
        List<String> pending = migrations.pending();
        if (!pending.isEmpty()) {
            problems.add("Cutover's migrations are pending (" + String.join(", ", pending) + "): run cutover migrate, or"
                    + " start with cutover.migrations.run-at-start=true");
        }
        builder.withDetail("migrationsPending", pending);
        builder.withDetail("problems", problems);
        if (problems.isEmpty()) {
            builder.up();
        } else {
            builder.down();
        }
    }
}
