package dev.cutover.benchmarks;

import dev.cutover.Cutover;
import dev.cutover.backfill.Backfill;
import dev.cutover.backfill.BackfillConfig;
import dev.cutover.backfill.BackfillReport;
import dev.cutover.backfill.BackfillSource;
import dev.cutover.dual.DualWrites;
import dev.cutover.dual.MirrorMode;
import dev.cutover.dual.WriteKeys;
import dev.cutover.legacy.LegacyAdapter;
import dev.cutover.legacy.LegacyConfig;
import dev.cutover.legacy.outbox.LegacyOutbox;
import dev.cutover.postgres.CutoverSchema;
import dev.cutover.postgres.PostgresAdapter;
import dev.cutover.postgres.PostgresConfig;
import dev.cutover.postgres.outbox.PostgresOutbox;
import dev.cutover.reference.Client;
import dev.cutover.reference.ClientRepository;
import dev.cutover.reference.Mappings;
import dev.cutover.reference.ReferenceData;
import dev.cutover.reference.legacy.LegacyRepositories;
import dev.cutover.reference.legacy.LegacyTables;
import dev.cutover.reference.postgres.PostgresRepositories;
import dev.cutover.reference.schema.ReferenceSchemas;
import dev.cutover.routing.MethodKind;
import dev.cutover.routing.Route;
import dev.cutover.routing.RouteDecision;
import dev.cutover.routing.RouteOrigin;
import dev.cutover.routing.RouteSource;
import dev.cutover.routing.RouteSwitch;
import dev.cutover.status.Backlog;
import dev.cutover.testkit.TestDatabase;
import dev.cutover.testkit.TestPostgres;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;

/**
 * How fast the reconciler drains the backlog an outage of the secondary leaves, against the backfill copying the
 * same rows, and what the drain costs the application's callers meanwhile; one run, interleaved rounds.
 *
 * <p>Each round, on real PostgreSQL for both sides (legacy: the reference legacy schema; target: the shipped one,
 * its {@code clients} table emptied first): (1) the backfill copies the {@code keys} clients into the empty target
 * (the reference rate); (2) a caller makes {@value #CALLS} single-row saves, 200 a second, on {@code legacy-dual}
 * with nothing to drain (its baseline latency); (3) an application whose mirror cannot run (the secondary "down": nothing handed
 * over, a one-hour grace period) saves every client once, leaving one outbox entry per key, and stops (its entries
 * are then aged by an hour, as an hour-long outage would leave them); (4) a new
 * instance starts, its reconciler drains the backlog into the empty target while the caller keeps saving; the
 * drain is timed from the instance's start until none of the backlog's entries is left. Goals (issue 14): drain rows/s at least half the
 * backfill's; the caller's median latency during the drain within 10% of its baseline.
 *
 * <pre>java -cp benchmarks/target/benchmarks.jar dev.cutover.benchmarks.BacklogDrain [keys=100000] [rounds=3]</pre>
 */
public final class BacklogDrain {
    private static final int CALLS = 2_000;
    /** The caller's saves a second ({@code BENCH_CALLER_RATE}, default 200). */
    private static final int CALLER_RATE = Integer.parseInt(System.getenv().getOrDefault("BENCH_CALLER_RATE", "200"));
    /**
     * Rounds run first and left out of the figures ({@code BENCH_WARMUP}, default 1): a cold JVM's backfill runs at half
     * the warm rate, which flattered the drain's ratio.
     */
    private static final int WARMUP = Integer.parseInt(System.getenv().getOrDefault("BENCH_WARMUP", "1"));
    /** The draining instance's {@code settleRate} ({@code BENCH_SETTLE_RATE}, entries a second; default 0: no limit). */
    private static final int SETTLE_RATE = Integer.parseInt(System.getenv().getOrDefault("BENCH_SETTLE_RATE", "0"));

    private BacklogDrain() {
    }

    /** Writes on {@code legacy-dual}, reads on {@code legacy}. */
    private static final class LegacyDual implements RouteSource {
        @Override
        public List<RouteSwitch> bind(List<dev.cutover.routing.RepositoryMethod> methods) {
            RouteDecision writes = new RouteDecision(Route.LEGACY_DUAL, RouteOrigin.OVERRIDE, "benchmark");
            RouteDecision reads = new RouteDecision(Route.LEGACY, RouteOrigin.OVERRIDE, "benchmark");
            return methods.stream().map(m -> (RouteSwitch) () -> m.kind() == MethodKind.READ ? reads : writes).toList();
        }
    }

    public static void main(String[] args) throws Exception {
        int keys = args.length > 0 ? Integer.parseInt(args[0]) : 100_000;
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 3;
        TestDatabase legacyDatabase = TestPostgres.server().createDatabase("bench_drain_legacy");
        TestDatabase targetDatabase = TestPostgres.server().createDatabase("bench_drain_target");
        try (LegacyAdapter legacyAdapter = legacy(legacyDatabase); PostgresAdapter postgresAdapter = postgres(targetDatabase)) {
            ReferenceSchemas.migrateLegacy(legacyAdapter.connections().dataSource());
            ReferenceSchemas.migrateTarget(postgresAdapter.connections().dataSource());
            CutoverSchema.migrate(postgresAdapter.connections().dataSource());
            List<Client> clients = ReferenceData.generate(2026, Math.max(1, keys / 1_000), Math.min(keys, 1_000)).clients();
            new LegacyRepositories(legacyAdapter).clientStore().upsertAll(clients);
            System.out.printf(Locale.ROOT, "Backlog drain: %,d clients on %s, %d rounds, settle rate %s, load %s%n",
                    clients.size(), TestPostgres.server().description(), rounds,
                    SETTLE_RATE == 0 ? "unlimited" : SETTLE_RATE + " entries/s", Machine.load());
            BackfillSource<Client, Long> source = BackfillSource.legacy(legacyAdapter,
                    legacyAdapter.store(Mappings.CLIENTS, LegacyTables.CLIENTS));
            int total = WARMUP + rounds;
            double[] backfill = new double[total];
            double[] drain = new double[total];
            double[] baseline = new double[total];
            double[] during = new double[total];
            for (int round = 0; round < total; round++) {
                empty(postgresAdapter, "TRUNCATE clients", "DELETE FROM cutover.backfill_runs", "CHECKPOINT");
                long start = System.nanoTime();
                BackfillReport report = Backfill.of("drain-bench-" + round, source, postgresAdapter,
                        BackfillConfig.custom().build()).run();
                backfill[round] = report.rowsCopied() / seconds(start);
                empty(postgresAdapter, "TRUNCATE clients", "CHECKPOINT");

                try (Instance idle = Instance.start(legacyDatabase, targetDatabase, false)) {
                    baseline[round] = median(saves(idle.clients(), clients, CALLS, new AtomicBoolean(true), round,
                            CALLER_RATE));
                    idle.dualWrites().reconciler().awaitEmpty(Duration.ofMinutes(5));
                }
                empty(postgresAdapter, "TRUNCATE clients", "CHECKPOINT");
                try (Instance down = Instance.start(legacyDatabase, targetDatabase, true)) {
                    for (int from = 0; from < clients.size(); from += 1_000) {
                        down.clients().saveAll(clients.subList(from, Math.min(clients.size(), from + 1_000)));
                    }
                    long queued = down.dualWrites().reconciler().measureBacklog().stream().mapToLong(Backlog::entries).sum();
                    if (queued < clients.size()) {
                        throw new IllegalStateException("The outage left " + queued + " entries, expected " + clients.size());
                    }
                }
                // The outage lasted an hour: its entries are older than any grace period (created_at is in microseconds).
                try (Connection connection = legacyAdapter.connections().dataSource().getConnection();
                        Statement statement = connection.createStatement()) {
                    statement.execute("UPDATE cutover_outbox SET created_at = created_at - 3600000000");
                }
                long lastOfBacklog = scalar(legacyAdapter, "SELECT max(id) FROM cutover_outbox");
                start = System.nanoTime();
                try (Instance up = Instance.start(legacyDatabase, targetDatabase, false)) {
                    AtomicBoolean draining = new AtomicBoolean(true);
                    int seed = round + 1_000;
                    // BENCH_CALLER=0 drains with nobody calling (how fast the reconciler alone goes).
                    boolean calling = !"0".equals(System.getenv("BENCH_CALLER"));
                    CompletableFuture<List<Double>> caller = CompletableFuture.supplyAsync(() -> saves(up.clients(),
                            clients, calling ? Integer.MAX_VALUE : 0, draining, seed, CALLER_RATE));
                    // Drained when the backlog's entries are gone: the caller's own keep arriving, so the outbox as a
                    // whole is seldom empty while it saves (waiting for that measured the caller, not the drain).
                    boolean emptied = awaitGone(legacyAdapter, lastOfBacklog, Duration.ofMinutes(30));
                    drain[round] = clients.size() / seconds(start);
                    draining.set(false);
                    during[round] = median(caller.get());
                    if (!emptied) {
                        throw new IllegalStateException("The backlog did not drain in 30 minutes");
                    }
                }
                System.out.printf(Locale.ROOT, (round < WARMUP ? "warm-up, not counted: " : "") + "round %d: backfill %,.0f rows/s, drain %,.0f rows/s (%.2fx); caller median "
                        + "%.0f us idle, %.0f us during the drain (%.2fx); load %s%n", round + 1 - WARMUP, backfill[round], drain[round],
                        drain[round] / backfill[round], baseline[round], during[round], during[round] / baseline[round], Machine.load());
            }
            double[] drainRatio = new double[rounds];
            double[] latencyRatio = new double[rounds];
            for (int i = 0; i < rounds; i++) {
                drainRatio[i] = drain[WARMUP + i] / backfill[WARMUP + i];
                latencyRatio[i] = during[WARMUP + i] / baseline[WARMUP + i];
            }
            backfill = Arrays.copyOfRange(backfill, WARMUP, total);
            drain = Arrays.copyOfRange(drain, WARMUP, total);
            System.out.printf(Locale.ROOT, "%nmedian of %d rounds: backfill %,.0f rows/s, drain %,.0f rows/s%n", rounds,
                    median(backfill), median(drain));
            System.out.printf(Locale.ROOT, "drain / backfill            = %.2f (rounds %s; goal >= 0.5)%n", median(drainRatio),
                    Arrays.toString(drainRatio));
            System.out.printf(Locale.ROOT, "caller latency drain / idle = %.2f (rounds %s; goal <= 1.10)%n",
                    median(latencyRatio), Arrays.toString(latencyRatio));
        } finally {
            legacyDatabase.close();
            targetDatabase.close();
        }
    }

    /** One application instance on {@code legacy-dual}, mirroring asynchronously; {@code down}: it never mirrors. */
    private record Instance(Cutover cutover, DualWrites dualWrites, ClientRepository clients, LegacyAdapter legacy,
            PostgresAdapter postgres) implements AutoCloseable {

        static Instance start(TestDatabase legacyDatabase, TestDatabase targetDatabase, boolean down) {
            LegacyAdapter legacyAdapter = BacklogDrain.legacy(legacyDatabase);
            PostgresAdapter postgresAdapter = BacklogDrain.postgres(targetDatabase);
            LegacyRepositories legacy = new LegacyRepositories(legacyAdapter);
            PostgresRepositories postgres = new PostgresRepositories(postgresAdapter);
            DualWrites dualWrites = DualWrites.custom()
                    .outbox(LegacyOutbox.create(legacyAdapter))
                    .outbox(PostgresOutbox.create(postgresAdapter))
                    .repository(ClientRepository.class, Mappings.CLIENTS, legacy.clientStore(), postgres.clientStore())
                    .keys(ClientRepository.class, "delete", WriteKeys.argument(0))
                    .mode(MirrorMode.ASYNCHRONOUS)
                    .queueCapacity(down ? 0 : 100_000)
                    .settleRate(down ? 0 : SETTLE_RATE)
                    .gracePeriod(down ? Duration.ofHours(1) : Duration.ofSeconds(10))
                    .build();
            Cutover cutover = dualWrites.install(Cutover.builder()
                    .legacy(legacyAdapter)
                    .postgres(postgresAdapter)
                    .routes(new LegacyDual())
                    .repository(ClientRepository.class, legacy.clients(), postgres.clients()))
                    .build();
            return new Instance(cutover, dualWrites, cutover.repository(ClientRepository.class), legacyAdapter, postgresAdapter);
        }

        @Override
        public void close() {
            cutover.close();
            legacy.close();
            postgres.close();
        }
    }

    /**
     * Microseconds per single-row save, {@code perSecond} saves a second (an application's steady load: a caller
     * saving flat out writes faster than any asynchronous mirror copies, and the drain then measures the caller), until
     * {@code calls} were made or {@code going} turns false.
     */
    private static List<Double> saves(ClientRepository repository, List<Client> clients, int calls, AtomicBoolean going,
            int round, int perSecond) {
        List<Double> micros = new ArrayList<>();
        long begin = System.nanoTime();
        for (int i = 0; i < calls && going.get(); i++) {
            Client c = clients.get((int) (((long) round * 7_919 + i * 31L) % clients.size()));
            long due = begin + i * 1_000_000_000L / perSecond;
            while (System.nanoTime() < due) {
                LockSupport.parkNanos(due - System.nanoTime());
            }
            long start = System.nanoTime();
            repository.save(new Client(c.id(), c.yclientsId(), c.companyId(), c.name(), c.phone(), c.email(), c.aiContext(),
                    c.visitHistory(), c.vip(), c.balance(), c.createdAt(), c.updatedAt().plusSeconds(round + 1L)));
            micros.add((System.nanoTime() - start) / 1_000.0);
        }
        return micros;
    }

    /** Waits until no outbox entry up to {@code lastId} is left; polls, as a benchmark may (this is no test). */
    private static boolean awaitGone(LegacyAdapter adapter, long lastId, Duration timeout)
            throws SQLException, InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (scalar(adapter, "SELECT count(*) FROM cutover_outbox WHERE id <= " + lastId) > 0) {
            if (System.nanoTime() > deadline) {
                return false;
            }
            Thread.sleep(10);
        }
        return true;
    }

    private static long scalar(LegacyAdapter adapter, String sql) throws SQLException {
        try (Connection connection = adapter.connections().dataSource().getConnection();
                Statement statement = connection.createStatement();
                java.sql.ResultSet row = statement.executeQuery(sql)) {
            row.next();
            return row.getLong(1);
        }
    }

    private static void empty(PostgresAdapter adapter, String... statements) throws SQLException {
        try (Connection connection = adapter.connections().dataSource().getConnection();
                Statement statement = connection.createStatement()) {
            for (String sql : statements) {
                statement.execute(sql);
            }
        }
    }

    private static LegacyAdapter legacy(TestDatabase database) {
        return LegacyAdapter.create(LegacyConfig.custom().jdbcUrl(database.jdbcUrl()).username(database.username())
                .password(database.password()).maximumPoolSize(4).build());
    }

    private static PostgresAdapter postgres(TestDatabase database) {
        return PostgresAdapter.create(PostgresConfig.custom().jdbcUrl(database.jdbcUrl()).username(database.username())
                .password(database.password()).maximumPoolSize(4).build());
    }


    static double seconds(long startNanos) {
        return (System.nanoTime() - startNanos) / 1e9;
    }

    private static double median(List<Double> values) {
        return median(values.stream().mapToDouble(Double::doubleValue).toArray());
    }

    private static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted.length == 0 ? Double.NaN : sorted[sorted.length / 2];
    }
}
