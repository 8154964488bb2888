package dev.cutover.benchmarks;

import dev.cutover.cdc.CaptureStatus;
import dev.cutover.cdc.ChangeCapture;
import dev.cutover.cdc.TableRoutes;
import dev.cutover.cdc.debezium.DebeziumFeed;
import dev.cutover.cdc.debezium.DebeziumFeedConfig;
import dev.cutover.dual.DualWrites;
import dev.cutover.dual.Reconciler;
import dev.cutover.legacy.LegacyAdapter;
import dev.cutover.legacy.LegacyConfig;
import dev.cutover.legacy.LegacyDialect;
import dev.cutover.legacy.outbox.LegacyOutbox;
import dev.cutover.postgres.PostgresAdapter;
import dev.cutover.postgres.PostgresConfig;
import dev.cutover.postgres.outbox.PostgresOutbox;
import dev.cutover.reference.Mappings;
import dev.cutover.reference.legacy.LegacyTables;
import dev.cutover.reference.schema.ReferenceSchemas;
import dev.cutover.routing.Route;
import dev.cutover.testkit.OwnServer;
import dev.cutover.testkit.TestDatabase;
import dev.cutover.testkit.TestMariaDb;
import dev.cutover.testkit.TestPostgres;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.locks.LockSupport;

/**
 * Capture lag: how long a write made with plain SQL straight into the legacy database (no repository, no dual write)
 * takes to show in PostgreSQL, through the whole chain: MariaDB's binlog, Debezium's embedded engine
 * ({@link DebeziumFeed}), {@link ChangeCapture} queuing the keys in the legacy outbox and handing them to the
 * application's reconciler at once ({@code legacy-dual}), the reconciler copying legacy's current row.
 *
 * <p>An embedded MariaDB with its binlog on (the test kit's own server: {@code --log-bin --binlog-format=ROW
 * --server-id=1}) and the test kit's PostgreSQL. For each rate, one writer thread commits one row per transaction at
 * that rate for the given seconds, half inserts of new clients, half updates of clients written before, each write
 * giving the row a name of its own ({@code w<sequence>}). A deferred trigger on PostgreSQL's {@code clients} records
 * each row version the reconciler commits and when (at its commit; the commit's own flush is not counted). A write's
 * lag runs from the return of its legacy commit to the first commit in PostgreSQL of that row at that write's value
 * or a newer one (two writes of a row between copies are both served by one copy). Both clocks are this machine's.
 * A short warm-up at the first rate is not counted.
 *
 * <pre>benchmarks/cdc-lag-bench.sh [seconds per rate=20] [rates=200,1000]</pre>
 */
public final class CaptureLag {
    private static final String FEED_PASSWORD = "bench-cdc-feed-7w";
    private static final int WARM_UP_SECONDS = 5;
    private static final long DRAIN_TIMEOUT_NANOS = 60_000_000_000L;

    private CaptureLag() {
    }

    public static void main(String[] args) throws Exception {
        int seconds = args.length > 0 ? Integer.parseInt(args[0]) : 20;
        int[] rates = Arrays.stream((args.length > 1 ? args[1] : "200,1000").split(",")).mapToInt(Integer::parseInt).toArray();
        try (OwnServer<TestMariaDb> mariaDb = TestMariaDb.startOwn("--log-bin", "--binlog-format=ROW", "--server-id=1");
                TestDatabase legacyDatabase = mariaDb.server().createDatabase("bench_cdc_legacy");
                TestDatabase targetDatabase = TestPostgres.server().createDatabase("bench_cdc_target");
                PositionsDatabase positions = PositionsDatabase.create();
                LegacyAdapter legacy = LegacyAdapter.create(LegacyConfig.custom().jdbcUrl(legacyDatabase.jdbcUrl())
                        .username(legacyDatabase.username()).password(legacyDatabase.password())
                        .dialect(LegacyDialect.mariadb()).maximumPoolSize(4).build());
                PostgresAdapter postgres = PostgresAdapter.create(PostgresConfig.custom().jdbcUrl(targetDatabase.jdbcUrl())
                        .username(targetDatabase.username()).password(targetDatabase.password()).maximumPoolSize(4).build())) {
            mariaDb.server().execute("CREATE USER 'bench_cdc'@'127.0.0.1' IDENTIFIED BY '" + FEED_PASSWORD + "'");
            mariaDb.server().execute("GRANT SELECT, REPLICATION SLAVE, BINLOG MONITOR ON *.* TO 'bench_cdc'@'127.0.0.1'");
            ReferenceSchemas.migrateLegacyMariaDb(legacy.connections().dataSource());
            ReferenceSchemas.migrateTarget(postgres.connections().dataSource());
            targetDatabase.execute("CREATE TABLE bench_arrivals (id bigint NOT NULL, name text NOT NULL, at timestamptz NOT NULL)",
                    "CREATE FUNCTION bench_arrived() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN"
                            + " INSERT INTO bench_arrivals VALUES (NEW.id, NEW.name, clock_timestamp()); RETURN NULL; END $$",
                    "CREATE CONSTRAINT TRIGGER bench_arrived AFTER INSERT OR UPDATE ON clients DEFERRABLE INITIALLY DEFERRED"
                            + " FOR EACH ROW EXECUTE FUNCTION bench_arrived()");
            System.out.printf(Locale.ROOT, "Capture lag: legacy %s with its binlog; target %s; %d s per rate; load %s%n",
                    mariaDb.server().description(), TestPostgres.server().description(), seconds, Machine.load());

            DebeziumFeedConfig feed = DebeziumFeedConfig.mariaDb().name("lag_bench")
                    .legacy(legacyDatabase.jdbcUrl(), "bench_cdc", FEED_PASSWORD).tables("tbl_clients")
                    .positions(positions.database().jdbcUrl(), positions.role(), PositionsDatabase.PASSWORD).build();
            try (DualWrites dualWrites = DualWrites.custom().outbox(LegacyOutbox.create(legacy))
                    .outbox(PostgresOutbox.create(postgres))
                    .table(Mappings.CLIENTS, legacy.store(Mappings.CLIENTS, LegacyTables.CLIENTS), postgres.store(Mappings.CLIENTS))
                    .build()) {
                Reconciler reconciler = dualWrites.startReconciler();
                try (ChangeCapture capture = ChangeCapture.builder().feed(DebeziumFeed.of(feed))
                        .table(Mappings.CLIENTS, LegacyTables.CLIENTS).legacy(legacy).postgres(postgres)
                        .routes(TableRoutes.fixed(Route.LEGACY_DUAL)).reconciler(reconciler).build();
                        Connection writer = legacyDatabase.connect();
                        Connection target = targetDatabase.connect()) {
                    long started = System.nanoTime();
                    capture.start(); // returns once the connector reads the binlog
                    System.out.printf(Locale.ROOT, "feed started in %.1f s%n", BacklogDrain.seconds(started));
                    Writer writes = new Writer(writer);
                    Phase warmUp = writes.run(rates[0], WARM_UP_SECONDS);
                    awaitArrived(target, warmUp);
                    for (int rate : rates) {
                        String loadBefore = Machine.load();
                        Phase phase = writes.run(rate, seconds);
                        String loadDuring = Machine.load();
                        boolean drained = awaitArrived(target, phase);
                        report(phase, arrivals(target, phase), drained, loadBefore, loadDuring);
                    }
                    CaptureStatus status = capture.status();
                    System.out.printf(Locale.ROOT, "capture: %s, %,d changes received, %,d keys queued; load %s%n",
                            status.state(), status.changesReceived(), status.keysQueued(), Machine.load());
                }
            }
        }
    }

    /** The writes of one rate: sequence numbers {@code first..first+count-1}, their keys and legacy commit times. */
    private record Phase(int rate, long first, long[] keys, Instant[] committedAt, double writtenPerSecond) {
        String name(int i) {
            return "w" + (first + i);
        }
    }

    /** One connection to legacy, autocommit: each statement its own transaction, as another program's writes are. */
    private static final class Writer {
        private final PreparedStatement insert;
        private final PreparedStatement update;
        private final SplittableRandom random = new SplittableRandom(2026);
        private long nextSequence = 1;
        private long nextKey = 1;

        Writer(Connection connection) throws SQLException {
            insert = connection.prepareStatement("INSERT INTO tbl_clients (client_id, yc_id, company_id, full_name, phone, email,"
                    + " ai_ctx, visits_json, is_vip, balance, created, updated) VALUES (?, ?, 1, ?, '+100', 'bench@example.com',"
                    + " '{}', '[]', 0, 0, NOW(6), NOW(6))");
            update = connection.prepareStatement("UPDATE tbl_clients SET full_name = ?, updated = NOW(6) WHERE client_id = ?");
        }

        /** {@code rate} single-row commits a second for {@code seconds}, paced (a late write does not make the next one early). */
        Phase run(int rate, int seconds) throws SQLException {
            int count = rate * seconds;
            long first = nextSequence;
            long[] keys = new long[count];
            Instant[] committedAt = new Instant[count];
            long begin = System.nanoTime();
            for (int i = 0; i < count; i++) {
                long due = begin + i * 1_000_000_000L / rate;
                while (System.nanoTime() < due) {
                    LockSupport.parkNanos(due - System.nanoTime());
                }
                String name = "w" + nextSequence++;
                if (nextKey == 1 || i % 2 == 0) {
                    keys[i] = nextKey++;
                    insert.setLong(1, keys[i]);
                    insert.setLong(2, 1_000_000 + keys[i]);
                    insert.setString(3, name);
                    insert.executeUpdate();
                } else {
                    keys[i] = 1 + random.nextLong(nextKey - 1);
                    update.setString(1, name);
                    update.setLong(2, keys[i]);
                    update.executeUpdate();
                }
                committedAt[i] = Instant.now();
            }
            return new Phase(rate, first, keys, committedAt, count / BacklogDrain.seconds(begin));
        }
    }

    /** Waits until every key the phase wrote shows its last value in PostgreSQL; false after a minute. */
    private static boolean awaitArrived(Connection target, Phase phase) throws SQLException, InterruptedException {
        Map<Long, String> last = new HashMap<>();
        for (int i = 0; i < phase.keys().length; i++) {
            last.put(phase.keys()[i], phase.name(i));
        }
        Long[] keys = last.keySet().toArray(Long[]::new);
        String[] names = Arrays.stream(keys).map(last::get).toArray(String[]::new);
        long deadline = System.nanoTime() + DRAIN_TIMEOUT_NANOS;
        try (PreparedStatement arrived = target.prepareStatement("SELECT count(*) FROM clients c"
                + " JOIN unnest(?::bigint[], ?::text[]) AS w(id, name) ON c.id = w.id AND c.name = w.name")) {
            arrived.setArray(1, target.createArrayOf("bigint", keys));
            arrived.setArray(2, target.createArrayOf("text", names));
            while (true) {
                try (ResultSet row = arrived.executeQuery()) {
                    row.next();
                    if (row.getLong(1) == keys.length) {
                        return true;
                    }
                }
                if (System.nanoTime() > deadline) {
                    return false;
                }
                Thread.sleep(100);
            }
        }
    }

    /** Per key, the sequence numbers PostgreSQL committed and when, in commit order. */
    private static Map<Long, List<long[]>> arrivals(Connection target, Phase phase) throws SQLException {
        Map<Long, List<long[]>> byKey = new HashMap<>();
        try (PreparedStatement select = target.prepareStatement("SELECT id, substr(name, 2)::bigint, at FROM bench_arrivals"
                + " WHERE name LIKE 'w%' AND substr(name, 2)::bigint >= ? ORDER BY at")) {
            select.setLong(1, phase.first());
            try (ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    Instant at = rows.getObject(3, OffsetDateTime.class).toInstant();
                    byKey.computeIfAbsent(rows.getLong(1), k -> new ArrayList<>())
                            .add(new long[] {rows.getLong(2), ChronoUnit.MICROS.between(Instant.EPOCH, at)});
                }
            }
        }
        return byKey;
    }

    private static void report(Phase phase, Map<Long, List<long[]>> arrivals, boolean drained, String loadBefore,
            String loadDuring) {
        int count = phase.keys().length;
        List<Double> lagMillis = new ArrayList<>(count);
        long lastArrival = Long.MIN_VALUE;
        for (int i = 0; i < count; i++) {
            long sequence = phase.first() + i;
            long committed = ChronoUnit.MICROS.between(Instant.EPOCH, phase.committedAt()[i]);
            for (long[] arrival : arrivals.getOrDefault(phase.keys()[i], List.of())) {
                if (arrival[0] >= sequence) {
                    lagMillis.add((arrival[1] - committed) / 1_000.0);
                    lastArrival = Math.max(lastArrival, arrival[1]);
                    break;
                }
            }
        }
        double[] sorted = lagMillis.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        long firstCommit = ChronoUnit.MICROS.between(Instant.EPOCH, phase.committedAt()[0]);
        double captured = sorted.length / ((lastArrival - firstCommit) / 1e6);
        System.out.printf(Locale.ROOT, "%,d rows/s offered: written %,.0f rows/s, reached PostgreSQL %,.0f rows/s;"
                + " lag ms p50 %.0f, p95 %.0f, p99 %.0f, max %.0f (%,d writes%s); load %s before, %s after the writes%n",
                phase.rate(), phase.writtenPerSecond(), captured, percentile(sorted, 50), percentile(sorted, 95),
                percentile(sorted, 99), sorted.length == 0 ? Double.NaN : sorted[sorted.length - 1], count,
                drained && sorted.length == count ? "" : ", " + (count - sorted.length) + " NOT ARRIVED within a minute",
                loadBefore, loadDuring);
    }

    private static double percentile(double[] sorted, int p) {
        return sorted.length == 0 ? Double.NaN : sorted[Math.min(sorted.length - 1, (int) Math.ceil(p / 100.0 * sorted.length) - 1)];
    }

    /** The feed's positions on the test PostgreSQL, in a database of a role with a password (Debezium's stores need one). */
    private record PositionsDatabase(TestDatabase database, String role) implements AutoCloseable {
        static final String PASSWORD = "bench-cdc-positions-4k";

        static PositionsDatabase create() {
            TestDatabase database = TestPostgres.server().createDatabase("bench_cdc_positions");
            String role = database.name() + "_owner";
            TestPostgres.server().execute("CREATE ROLE " + role + " LOGIN PASSWORD '" + PASSWORD + "'");
            TestPostgres.server().execute("ALTER DATABASE " + database.name() + " OWNER TO " + role);
            return new PositionsDatabase(database, role);
        }

        @Override
        public void close() {
            database.close();
            TestPostgres.server().execute("DROP ROLE IF EXISTS " + role);
        }
    }
}
