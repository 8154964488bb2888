package dev.cutover.cdc;

import dev.cutover.Backend;
import dev.cutover.cdc.internal.CaptureSink;
import dev.cutover.cdc.internal.CapturedTable;
import dev.cutover.cdc.internal.PauseStore;
import dev.cutover.cdc.ops.CaptureBoard;
import dev.cutover.cdc.ops.CaptureReporter;
import dev.cutover.dual.Outbox;
import dev.cutover.dual.Reconciler;
import dev.cutover.legacy.LegacyAdapter;
import dev.cutover.legacy.LegacyTable;
import dev.cutover.legacy.outbox.LegacyOutbox;
import dev.cutover.mapping.EntityMapping;
import dev.cutover.postgres.PostgresAdapter;
import dev.cutover.schemacheck.SchemaCheck;
import dev.cutover.schemacheck.SchemaFinding;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Change data capture, wired: a {@link ChangeFeed} of the legacy database's log delivers row changes, and each becomes
 * the outbox entries of the keys it touched (both for a key change) in the outbox of legacy as primary, for the
 * reconciler to copy legacy's current row (or delete where legacy has none). Values in the log are never used.
 *
 * <pre>{@code
 * ChangeCapture capture = ChangeCapture.builder()
 *         .feed(feed)                                            // Debezium's embedded engine, or Kafka
 *         .table(Mappings.CLIENTS, LegacyTables.CLIENTS)         // every moved table (CutoverApplication.tables())
 *         .legacy(legacyAdapter)                                 // its outbox cutover_outbox, and the schema check
 *         .postgres(postgresAdapter)                             // paused tables and held keys, the schema check
 *         .routes(TableRoutes.of(cutover::routes, table -> List.of(ClientRepository.class)))
 *         .build();
 * capture.start();
 * CaptureStatus status = capture.status();                       // position, lag, keys queued, paused tables
 * capture.resume("clients");                                     // after a schema change, once the mapping fits
 * capture.stop();
 * }</pre>
 *
 * <p>Given {@link Builder#reportTo}, the capture reports its status to {@code cutover.cdc_capture} every second while
 * it runs, as {@code cutover cdc start} does (so {@code cutover cdc status} and the console's health page list it),
 * obeys {@code cutover cdc stop} and {@code cutover cdc resume}, and reports {@code STOPPED} when stopped.
 *
 * <p>Rules (docs/cdc.md, "Applying changes"):
 * <ul>
 *   <li>A change is captured only if its table's writes were routed to legacy as primary ({@code legacy},
 *       {@code legacy-dual}) when legacy committed it; after a flip to {@code postgres-dual} legacy's changes are the
 *       application's own mirror writes and are not copied back. Entries carry the legacy commit time, so the outbox's
 *       ordering ("the newer write of a row wins") hands over at the flip without loss.</li>
 *   <li>A schema change, TRUNCATE or statement-format event of a table, or a key that cannot be read, pauses it: its
 *       changes are held in PostgreSQL (not applied, not dropped), the schema check runs, a warning is logged and
 *       {@link #status()} lists the table and why. {@link #resume} applies what it holds.</li>
 *   <li>A change of a table no mapping covers is counted per table and logged once, never applied.</li>
 * </ul>
 * The reconciler that settles the entries is the application's ({@code DualWrites}) or {@code cutover reconcile}'s;
 * this class only queues. Thread-safe.
 */
public final class ChangeCapture implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ChangeCapture.class);

    /** How often the routes are read between batches, so that a flip is placed close to when it happened. */
    static final Duration ROUTE_CHECK = Duration.ofMillis(200);

    private final ChangeFeed feed;
    private final CaptureSink sink;
    private final CaptureReporter.Builder reporting;
    private CaptureReporter reporter;
    private ScheduledExecutorService routeChecks;
    private volatile CaptureStatus.State state = CaptureStatus.State.NEW;
    private volatile String failure;

    private ChangeCapture(ChangeFeed feed, CaptureSink sink, CaptureReporter.Builder reporting) {
        this.feed = feed;
        this.sink = sink;
        this.reporting = reporting;
    }

    public static Builder builder() {
        return new Builder();
    }

    /**
     * Starts the feed; batches are applied on its thread. Once only.
     *
     * @throws ChangeFeedException if the feed refuses to start (its start-up checks, a lost position): status is then
     *     {@code FAILED} with the reason
     * @throws IllegalStateException if started before, or if it reports to a board where another process reports a
     *     capture of the same name as running
     */
    public synchronized void start() {
        if (state != CaptureStatus.State.NEW) {
            throw new IllegalStateException("Change capture was started already (it is " + state + "); build another");
        }
        if (reporting != null) {
            reporting.checkNotRunningElsewhere();
        }
        state = CaptureStatus.State.RUNNING;
        if (reporting != null) {
            reporter = reporting.start(this);
        }
        sink.observeRoutes();
        routeChecks = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "cutover-cdc-routes");
            thread.setDaemon(true);
            return thread;
        });
        routeChecks.scheduleWithFixedDelay(this::observeRoutes, ROUTE_CHECK.toMillis(), ROUTE_CHECK.toMillis(),
                TimeUnit.MILLISECONDS);
        try {
            feed.start(this::apply);
        } catch (RuntimeException | Error e) { // the feed's start-up checks, a lost position
            failure = "the feed did not start: " + e.getMessage();
            state = CaptureStatus.State.FAILED;
            routeChecks.shutdownNow();
            if (reporter != null) {
                reporter.close();
            }
            throw e;
        }
    }

    /** Applies a batch on the feed's thread; a failure stops the feed without committing its position. */
    private void apply(List<RowChange> batch) {
        try {
            sink.accept(batch);
        } catch (RuntimeException | Error e) {
            failure = "applying a batch of " + batch.size() + " changes failed: " + e.getMessage();
            state = CaptureStatus.State.FAILED;
            LOG.error("Change capture stopped: {}. The feed keeps its position; start it again once the cause is fixed",
                    failure, e);
            throw e;
        }
    }

    /** Reads the routes now (the route checks' thread does, every {@link #ROUTE_CHECK}). */
    void observeRoutes() {
        try {
            sink.observeRoutes();
        } catch (RuntimeException e) {
            LOG.warn("Change capture could not read the routes; tried again before the next batch", e);
        }
    }

    /**
     * Where capture is: position, lag, keys queued, paused tables (read from PostgreSQL), unmapped tables, and why it
     * stopped if it did (the sink failed, or the feed did: {@link ChangeFeed#failure()}).
     */
    public CaptureStatus status() {
        CaptureStatus.State now = state;
        String why = failure;
        if (now == CaptureStatus.State.RUNNING) {
            var feedFailure = feed.failure();
            if (feedFailure.isPresent()) {
                now = CaptureStatus.State.FAILED;
                why = "the feed stopped: " + feedFailure.get().getMessage();
            }
        }
        return sink.status(now, why);
    }

    /**
     * Ends a table's pause: the keys held since it was paused are recorded in the outbox, and its changes are applied
     * again. Resume once the schema check finds the table fitting its mapping again (or the change is understood: a
     * TRUNCATE is applied as the keys it held, and verify finds the rows it removed).
     *
     * @param table the mapping's table
     * @return how many held keys were recorded
     * @throws IllegalArgumentException if the table is not captured or not paused
     */
    public long resume(String table) {
        return sink.resume(table);
    }

    /** Stops the feed, then reports the last status if it reports; what was applied stays applied. Idempotent. */
    public void stop() {
        CaptureReporter stopped;
        synchronized (this) {
            if (state == CaptureStatus.State.RUNNING || state == CaptureStatus.State.FAILED) {
                routeChecks.shutdownNow();
                feed.close();
                if (state == CaptureStatus.State.RUNNING) {
                    state = CaptureStatus.State.STOPPED;
                }
            }
            stopped = reporter;
        }
        if (stopped != null) { // outside the lock: the reporter's thread may be the one stopping
            stopped.close();
        }
    }

    /** {@link #stop()}. */
    @Override
    public void close() {
        stop();
    }

    /** Builds a {@link ChangeCapture}; not thread-safe. */
    public static final class Builder {
        private ChangeFeed feed;
        private final List<CapturedTable<?, ?>> tables = new ArrayList<>();
        private LegacyAdapter legacy;
        private PostgresAdapter postgres;
        private Outbox outbox;
        private TableRoutes routes;
        private Clock clock = Clock.systemUTC();
        private Reconciler reconciler;
        private CaptureReporter.Builder reporting;

        private Builder() {
        }

        /** Where the changes come from. Required. */
        public Builder feed(ChangeFeed changeFeed) {
            this.feed = Objects.requireNonNull(changeFeed, "feed");
            return this;
        }

        /** A table to capture: its mapping and legacy binding (as {@code CutoverApplication.tables()} gives them). */
        public <E, K> Builder table(EntityMapping<E, K> mapping, LegacyTable legacyTable) {
            CapturedTable<E, K> table = new CapturedTable<>(mapping, legacyTable);
            if (tables.stream().anyMatch(t -> t.table().equals(table.table()))) {
                throw new IllegalArgumentException("Table '" + table.table() + "' is given twice; give each mapping once");
            }
            tables.add(table);
            return this;
        }

        /** The legacy database: its outbox {@value LegacyOutbox#TABLE} (unless {@link #outbox} is given), the schema check. Required. */
        public Builder legacy(LegacyAdapter legacyAdapter) {
            this.legacy = Objects.requireNonNull(legacyAdapter, "legacy");
            return this;
        }

        /** The target database: paused tables and held keys (migration V510), the schema check. Required. */
        public Builder postgres(PostgresAdapter postgresAdapter) {
            this.postgres = Objects.requireNonNull(postgresAdapter, "postgres");
            return this;
        }

        /** The outbox of legacy as primary, when not the table {@value LegacyOutbox#TABLE} (a journal). */
        public Builder outbox(Outbox legacyOutbox) {
            Objects.requireNonNull(legacyOutbox, "outbox");
            if (legacyOutbox.primary() != Backend.LEGACY) {
                throw new IllegalArgumentException("Capture records legacy's changes in the outbox of legacy as primary;"
                        + " " + legacyOutbox.description() + " records " + legacyOutbox.primary() + "-primary writes");
            }
            this.outbox = legacyOutbox;
            return this;
        }

        /** Where each table's writes are routed now. Required. */
        public Builder routes(TableRoutes tableRoutes) {
            this.routes = Objects.requireNonNull(tableRoutes, "routes");
            return this;
        }

        /**
         * The reconciler of this process ({@code dualWrites.reconciler()} once installed, or {@code startReconciler()}),
         * handed each batch's entries at once. Without it they are settled by a scan after the grace period (10 s by
         * default) from legacy's commit, by whichever reconciler runs.
         */
        public Builder reconciler(Reconciler processReconciler) {
            this.reconciler = Objects.requireNonNull(processReconciler, "reconciler");
            return this;
        }

        /**
         * Reports to {@code board} every second while capture runs, as {@code cutover cdc start} does, and obeys its
         * stop and resume requests ({@link CaptureReporter}). Typically {@code CaptureBoard.open(postgres, "default")}.
         */
        public Builder reportTo(CaptureBoard board) {
            return reportTo(CaptureReporter.custom(board));
        }

        /** The same, with the interval, instance name, clock or listener set: {@code CaptureReporter.custom(board)...}. */
        public Builder reportTo(CaptureReporter.Builder reporter) {
            this.reporting = Objects.requireNonNull(reporter, "reportTo");
            return this;
        }

        /** Lag and pause times; the system clock unless given. */
        public Builder clock(Clock captureClock) {
            this.clock = Objects.requireNonNull(captureClock, "clock");
            return this;
        }

        /**
         * Creates or upgrades Cutover's tables in PostgreSQL (the pauses') and, unless an outbox was given, legacy's
         * outbox table.
         *
         * @throws IllegalStateException naming what is missing
         */
        public ChangeCapture build() {
            List<String> missing = new ArrayList<>();
            if (feed == null) {
                missing.add("feed(...)");
            }
            if (tables.isEmpty()) {
                missing.add("table(mapping, legacyTable) for each captured table");
            }
            if (legacy == null) {
                missing.add("legacy(legacyAdapter)");
            }
            if (postgres == null) {
                missing.add("postgres(postgresAdapter)");
            }
            if (routes == null) {
                missing.add("routes(tableRoutes)");
            }
            if (!missing.isEmpty()) {
                throw new IllegalStateException("Change capture needs " + String.join(", ", missing));
            }
            Outbox legacyOutbox = outbox != null ? outbox : LegacyOutbox.create(legacy);
            SchemaCheck check = SchemaCheck.of(legacy, postgres);
            CaptureSink sink = new CaptureSink(tables, legacyOutbox, routes, PauseStore.create(postgres),
                    table -> check.entity(table.mapping(), table.binding()).report().problems().stream()
                            .map(SchemaFinding::toString).toList(), clock, reconciler);
            return new ChangeCapture(feed, sink, reporting);
        }
    }
}
