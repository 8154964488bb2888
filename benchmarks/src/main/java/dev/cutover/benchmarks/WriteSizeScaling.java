package dev.cutover.benchmarks;

import dev.cutover.Cutover;
import dev.cutover.dual.DualWrites;
import dev.cutover.dual.MirrorMode;
import dev.cutover.dual.Outbox;
import dev.cutover.dual.WriteKeys;
import dev.cutover.legacy.LegacyAdapter;
import dev.cutover.legacy.LegacyConfig;
import dev.cutover.legacy.LegacyDialect;
import dev.cutover.legacy.LegacyStore;
import dev.cutover.legacy.LegacyTable;
import dev.cutover.legacy.outbox.LegacyOutbox;
import dev.cutover.mapping.ColumnType;
import dev.cutover.mapping.EntityMapping;
import dev.cutover.postgres.PostgresAdapter;
import dev.cutover.postgres.PostgresConfig;
import dev.cutover.postgres.PostgresStore;
import dev.cutover.postgres.outbox.PostgresOutbox;
import dev.cutover.routing.MethodKind;
import dev.cutover.routing.RepositoryMethod;
import dev.cutover.routing.Route;
import dev.cutover.routing.RouteDecision;
import dev.cutover.routing.RouteOrigin;
import dev.cutover.routing.RouteSource;
import dev.cutover.routing.RouteSwitch;
import dev.cutover.store.EntityStore;
import dev.cutover.testkit.TestDatabase;
import dev.cutover.testkit.TestMariaDb;
import dev.cutover.testkit.TestPostgres;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Locale;

/**
 * Whether the cost of a write or a key set grows linearly with its size, on every store and every route: a routed
 * repository whose entity has a three-column key ({@code saveAll}, {@code findByKeys}, {@code deleteByKeys}, each one
 * store operation), on {@code legacy}, {@code legacy-dual}, {@code postgres-dual} and {@code postgres}, with legacy on
 * PostgreSQL and on MariaDB (the test kit's servers: embedded PostgreSQL, {@code CUTOVER_TEST_MARIADB_URL}). Dual routes
 * mirror synchronously; their times include the mirror and the wait for empty outboxes, as a caller of a dual route
 * pays them. Prints seconds, rows/s and, per size step, the ratio of times (linear: the ratio of sizes).
 *
 * <pre>java -cp benchmarks/target/benchmarks.jar dev.cutover.benchmarks.WriteSizeScaling [sizes=10000,100000,1000000]
 *     [engines=postgresql,mariadb] [routes=legacy,legacy-dual,postgres-dual,postgres]</pre>
 */
public final class WriteSizeScaling {
    private static final String[] OPERATIONS = {"saveAll", "findByKeys", "deleteByKeys"};

    private WriteSizeScaling() {
    }

    /** A row with a three-column key. */
    public record Reading(String site, long sensor, long seq, String label, long amount) {
        public Key key() {
            return new Key(site, sensor, seq);
        }

        /** The key {@code (site, sensor, seq)}. */
        public record Key(String site, long sensor, long seq) {
        }
    }

    /** One store operation per method. */
    public interface ReadingRepository {
        void saveAll(Collection<Reading> readings);

        List<Reading> findByKeys(Collection<Reading.Key> keys);

        int deleteByKeys(Collection<Reading.Key> keys);
    }

    private static final EntityMapping<Reading, Reading.Key> READINGS = EntityMapping.builder(Reading.class,
            Reading.Key.class)
            .table("readings")
            .key("site", ColumnType.TEXT, Reading::site)
            .key("sensor", ColumnType.BIGINT, Reading::sensor)
            .key("seq", ColumnType.BIGINT, Reading::seq)
            .column("label", ColumnType.TEXT, Reading::label)
            .column("amount", ColumnType.BIGINT, Reading::amount)
            .reader(r -> new Reading(r.getString("site"), r.getLong("sensor"), r.getLong("seq"), r.getString("label"),
                    r.getLong("amount")))
            .build();

    public static void main(String[] args) throws Exception {
        int[] sizes = Arrays.stream((args.length > 0 ? args[0] : "10000,100000,1000000").split(","))
                .mapToInt(Integer::parseInt).toArray();
        List<String> engines = List.of((args.length > 1 ? args[1] : "postgresql,mariadb").split(","));
        List<Route> routes = Arrays.stream((args.length > 2 ? args[2] : "legacy,legacy-dual,postgres-dual,postgres")
                .split(",")).map(Route::parse).toList();
        System.out.printf(Locale.ROOT, "Write size scaling: sizes %s, engines %s, routes %s; load %s%n",
                Arrays.toString(sizes), engines, routes.stream().map(Route::id).toList(), Machine.load());
        System.out.println("| legacy | route | operation | rows | seconds | rows/s | time ratio to the previous size |");
        System.out.println("| --- | --- | --- | --- | --- | --- | --- |");
        TestDatabase target = TestPostgres.server().createDatabase("bench_sizes_target");
        target.execute(table(false));
        try (PostgresAdapter postgres = postgres(target)) {
            PostgresOutbox.create(postgres);
        }
        try {
            for (String engine : engines) {
                boolean mariadb = engine.equalsIgnoreCase("mariadb");
                TestDatabase legacy = mariadb ? TestMariaDb.server().createDatabase("bench_sizes_legacy")
                        : TestPostgres.server().createDatabase("bench_sizes_legacy");
                try {
                    legacy.execute(table(mariadb));
                    try (LegacyAdapter adapter = legacy(legacy, mariadb)) {
                        LegacyOutbox.create(adapter);
                    }
                    for (Route route : routes) {
                        double[][] seconds = new double[OPERATIONS.length][sizes.length];
                        for (int s = 0; s < sizes.length; s++) {
                            legacy.execute("DELETE FROM readings", "DELETE FROM cutover_outbox");
                            target.execute("TRUNCATE readings, cutover.outbox", "VACUUM ANALYZE readings");
                            double[] measured = measure(legacy, target, mariadb, route, sizes[s]);
                            for (int o = 0; o < OPERATIONS.length; o++) {
                                seconds[o][s] = measured[o];
                                String ratio = s == 0 ? "" : String.format(Locale.ROOT, "%.1fx (sizes %.0fx)",
                                        measured[o] / seconds[o][s - 1], (double) sizes[s] / sizes[s - 1]);
                                System.out.printf(Locale.ROOT, "| %s | %s | %s | %,d | %.2f | %,.0f | %s |%n", engine, route.id(),
                                        OPERATIONS[o], sizes[s], measured[o], sizes[s] / measured[o], ratio);
                            }
                        }
                    }
                } finally {
                    legacy.close();
                }
            }
        } finally {
            target.close();
        }
        System.out.printf(Locale.ROOT, "load at the end %s%n", Machine.load());
    }

    /** Seconds of saveAll, findByKeys and deleteByKeys of {@code size} rows on {@code route}, outboxes drained. */
    private static double[] measure(TestDatabase legacyDatabase, TestDatabase target, boolean mariadb, Route route, int size)
            throws InterruptedException {
        List<Reading> readings = new ArrayList<>(size);
        for (int i = 0; i < size; i++) {
            readings.add(new Reading("site-" + (i % 7), i % 113, i, "reading " + i, i * 3L));
        }
        List<Reading.Key> keys = readings.stream().map(Reading::key).toList();
        try (LegacyAdapter legacyAdapter = legacy(legacyDatabase, mariadb); PostgresAdapter postgresAdapter = postgres(target)) {
            LegacyStore<Reading, Reading.Key> legacyStore = legacyAdapter.store(READINGS, LegacyTable.named("readings"));
            PostgresStore<Reading, Reading.Key> postgresStore = postgresAdapter.store(READINGS);
            DualWrites dualWrites = DualWrites.custom()
                    .repository(ReadingRepository.class, READINGS, legacyStore, postgresStore)
                    .keys(ReadingRepository.class, "deleteByKeys", WriteKeys.argument(0))
                    .outbox(Outbox.table(legacyAdapter.connections(), LegacyOutbox.sql(legacyAdapter.dialect())))
                    .outbox(Outbox.table(postgresAdapter.connections(), PostgresOutbox.sql(PostgresOutbox.TABLE)))
                    .mode(MirrorMode.SYNCHRONOUS)
                    .build();
            try (Cutover cutover = dualWrites.install(Cutover.builder()
                    .legacy(legacyAdapter)
                    .postgres(postgresAdapter)
                    .routes(new Fixed(route))
                    .repository(ReadingRepository.class, repository(legacyStore), repository(postgresStore))
                    .handle(Route.LEGACY_DUAL, MethodKind.READ, call -> call.invoke(call.decision().route().primary()))
                    .handle(Route.POSTGRES_DUAL, MethodKind.READ, call -> call.invoke(call.decision().route().primary())))
                    .build()) {
                ReadingRepository repository = cutover.repository(ReadingRepository.class);
                dualWrites.reconciler().awaitEmpty(Duration.ofMinutes(1)); // both outboxes measured: single routes single
                double[] seconds = new double[OPERATIONS.length];
                long start = System.nanoTime();
                repository.saveAll(readings);
                drained(dualWrites);
                seconds[0] = BacklogDrain.seconds(start);
                start = System.nanoTime();
                int found = repository.findByKeys(keys).size();
                seconds[1] = BacklogDrain.seconds(start);
                start = System.nanoTime();
                int deleted = repository.deleteByKeys(keys);
                drained(dualWrites);
                seconds[2] = BacklogDrain.seconds(start);
                if (found != size || deleted != size) {
                    throw new IllegalStateException("Found " + found + " and deleted " + deleted + " of " + size + " rows");
                }
                return seconds;
            }
        }
    }

    private static void drained(DualWrites dualWrites) throws InterruptedException {
        if (!dualWrites.reconciler().awaitEmpty(Duration.ofMinutes(60))) {
            throw new IllegalStateException("The outboxes did not drain in an hour");
        }
    }

    private static String table(boolean mariadb) {
        return mariadb ? "CREATE TABLE readings (site VARCHAR(64) COLLATE utf8mb4_bin, sensor BIGINT, seq BIGINT, "
                + "label TEXT NOT NULL, amount BIGINT NOT NULL, PRIMARY KEY (site, sensor, seq)) ENGINE=InnoDB"
                : "CREATE TABLE readings (site text, sensor bigint, seq bigint, label text NOT NULL, amount bigint NOT NULL, "
                        + "PRIMARY KEY (site, sensor, seq))";
    }

    private static ReadingRepository repository(EntityStore<Reading, Reading.Key> store) {
        return new ReadingRepository() {
            @Override
            public void saveAll(Collection<Reading> readings) {
                store.upsertAll(readings);
            }

            @Override
            public List<Reading> findByKeys(Collection<Reading.Key> keys) {
                return store.findByKeys(keys);
            }

            @Override
            public int deleteByKeys(Collection<Reading.Key> keys) {
                return store.deleteByKeys(keys);
            }
        };
    }

    /** Every method on one route. */
    private record Fixed(Route route) implements RouteSource {
        @Override
        public List<RouteSwitch> bind(List<RepositoryMethod> methods) {
            RouteDecision decision = new RouteDecision(route, RouteOrigin.OVERRIDE, "benchmark");
            return methods.stream().map(m -> (RouteSwitch) () -> decision).toList();
        }
    }

    private static LegacyAdapter legacy(TestDatabase database, boolean mariadb) {
        return LegacyAdapter.create(LegacyConfig.custom().jdbcUrl(database.jdbcUrl()).username(database.username())
                .password(database.password()).dialect(mariadb ? LegacyDialect.mariadb() : LegacyDialect.postgresql())
                .maximumPoolSize(4).build());
    }

    private static PostgresAdapter postgres(TestDatabase database) {
        return PostgresAdapter.create(PostgresConfig.custom().jdbcUrl(database.jdbcUrl()).username(database.username())
                .password(database.password()).maximumPoolSize(4).build());
    }
}
