package dev.cutover.status.reports.internal;

import dev.cutover.Cutover;
import dev.cutover.status.Backlog;
import dev.cutover.status.ReconcilerStats;
import dev.cutover.routing.MethodRoute;
import dev.cutover.status.BreakerStatus;
import dev.cutover.status.StatusContributor;
import dev.cutover.status.reports.ReportedRoute;
import dev.cutover.status.reports.StatusReportException;
import dev.cutover.status.reports.StatusReports;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The {@link StatusReports} built by {@link StatusReports#builder}. */
public final class DefaultStatusReports implements StatusReports {
    private static final Logger LOG = LoggerFactory.getLogger(StatusReports.class);
    private static final Duration MIN_INTERVAL = Duration.ofSeconds(1);
    private static final Duration MAX_INTERVAL = Duration.ofMinutes(5);

    private final DataSource store;
    private final Cutover cutover;
    private final List<StatusContributor> contributors;
    private final Duration interval;
    private final String instanceId;
    private final String host;
    private final long pid;
    private final Instant startedAt;
    private final ScheduledExecutorService thread;
    private final AtomicBoolean closed = new AtomicBoolean();
    private boolean failing; // only the reporter thread reads and writes it

    private DefaultStatusReports(DefaultBuilder builder) {
        this.store = builder.store;
        this.cutover = builder.cutover;
        this.contributors = List.copyOf(builder.contributors);
        this.interval = builder.interval;
        this.host = hostName();
        this.pid = ProcessHandle.current().pid();
        this.instanceId = builder.instanceId != null ? builder.instanceId : host + ":" + pid;
        this.startedAt = ProcessHandle.current().info().startInstant().orElseGet(Instant::now);
        StatusTable.prune(store);
        report();
        if (builder.background) {
            thread = Executors.newSingleThreadScheduledExecutor(runnable -> {
                Thread reporter = new Thread(runnable, "cutover-status-reports");
                reporter.setDaemon(true);
                return reporter;
            });
            thread.scheduleWithFixedDelay(this::reportQuietly, interval.toMillis(), interval.toMillis(), TimeUnit.MILLISECONDS);
        } else {
            thread = null;
        }
    }

    @Override
    public String instanceId() {
        return instanceId;
    }

    @Override
    public void report() {
        if (closed.get()) {
            throw new IllegalStateException("StatusReports of " + instanceId + " is closed");
        }
        write();
    }

    private void write() {
        List<MethodRoute> table = cutover.routes();
        List<ReportedRoute> routes = table.stream().map(DefaultStatusReports::reported).toList();
        List<BreakerStatus> breakers = new ArrayList<>();
        List<Backlog> outboxes = new ArrayList<>();
        ReconcilerStats reconciler = null;
        for (StatusContributor contributor : contributors) {
            breakers.addAll(contributor.breakerStatus());
            outboxes.addAll(contributor.outboxBacklog());
            reconciler = contributor.reconcilerStats().orElse(reconciler);
        }
        StatusTable.write(store, new StatusTable.Report(instanceId, host, pid, startedAt, interval, digest(routes), routes,
                breakers, outboxes, reconciler));
    }

    private void reportQuietly() {
        try {
            report();
            if (failing) {
                LOG.info("Status report of {} written again", instanceId);
                failing = false;
            }
        } catch (StatusReportException | IllegalStateException e) {
            if (!failing) {
                LOG.warn("Status report of {} not written: {}; retrying every {} s", instanceId, e.getMessage(),
                        interval.toMillis() / 1000.0);
                failing = true;
            }
        } catch (RuntimeException e) {
            // A contributor's bug must not end the thread: the next report may work.
            LOG.warn("Status report of {} failed", instanceId, e);
        }
    }

    private static ReportedRoute reported(MethodRoute route) {
        return new ReportedRoute(route.method().qualifiedName(), route.method().kind().name().toLowerCase(Locale.ROOT),
                route.decision().route().id(), route.decision().origin().name().toLowerCase(Locale.ROOT),
                route.decision().source());
    }

    /** Over method, kind and route only: where calls go, not when or by whom an entry was set. */
    static String digest(List<ReportedRoute> routes) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            routes.stream().map(r -> r.method() + " " + r.kind() + " " + r.route() + "\n").sorted()
                    .forEach(line -> sha.update(line.getBytes(StandardCharsets.UTF_8)));
            return HexFormat.of().formatHex(sha.digest(), 0, 8);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }

    private static String hostName() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            String name = System.getenv("HOSTNAME");
            return name == null || name.isBlank() ? "unknown-host" : name;
        }
    }

    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        if (thread != null) {
            thread.shutdownNow();
            try {
                thread.awaitTermination(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        try {
            // The last report first, so the stopped row shows the routes and figures the instance ended with.
            write();
        } catch (RuntimeException e) {
            LOG.debug("Last status report of {} not written", instanceId, e);
        }
        try {
            StatusTable.markStopped(store, instanceId);
        } catch (StatusReportException e) {
            LOG.warn("Instance {} could not be marked stopped ({}); it will show as stale", instanceId, e.getMessage());
        }
    }

    @Override
    public String toString() {
        return "StatusReports[" + instanceId + ", every " + interval + ", " + contributors.size() + " contributors]";
    }

    /** Collects the configuration; {@link #build()} writes the first report. */
    public static final class DefaultBuilder implements StatusReports.Builder {
        private final DataSource store;
        private final Cutover cutover;
        private final List<StatusContributor> contributors = new ArrayList<>();
        private Duration interval = DEFAULT_INTERVAL;
        private String instanceId;
        private boolean background = true;

        public DefaultBuilder(DataSource store, Cutover cutover) {
            this.store = Objects.requireNonNull(store, "store");
            this.cutover = Objects.requireNonNull(cutover, "cutover");
        }

        @Override
        public Builder contributor(StatusContributor contributor) {
            contributors.add(Objects.requireNonNull(contributor, "contributor"));
            return this;
        }

        @Override
        public Builder interval(Duration interval) {
            if (interval == null || interval.compareTo(MIN_INTERVAL) < 0 || interval.compareTo(MAX_INTERVAL) > 0) {
                throw new IllegalArgumentException("A status report interval is 1 second to 5 minutes; got " + interval);
            }
            this.interval = interval;
            return this;
        }

        @Override
        public Builder instanceId(String instanceId) {
            if (instanceId == null || instanceId.isBlank() || instanceId.length() > 200) {
                throw new IllegalArgumentException("An instance id is 1 to 200 characters, not blank; got "
                        + (instanceId == null ? "null" : "'" + instanceId + "'"));
            }
            this.instanceId = instanceId.strip();
            return this;
        }

        @Override
        public Builder backgroundReporting(boolean enabled) {
            this.background = enabled;
            return this;
        }

        @Override
        public StatusReports build() {
            return new DefaultStatusReports(this);
        }
    }
}
