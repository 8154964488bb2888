package dev.cutover.it.dual;

import static org.assertj.core.api.Assertions.assertThat;

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
import dev.cutover.routing.Route;
import dev.cutover.store.EntityStore;
import dev.cutover.testkit.TestDatabase;
import dev.cutover.testkit.TestMariaDb;
import dev.cutover.testkit.TestPostgres;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;

/**
 * Writes and key sets of a given size through a routed repository whose entity has a three-column key, on one route
 * and one legacy engine: {@code saveAll}, {@code findByKeys} and {@code deleteByKeys} on the route's primary, mirrored
 * on dual routes, then every row checked on both databases. Subclasses choose the size (past the drivers' limits by
 * default, 200,000 in the slow suite).
 */
abstract class AnySizeWrites {
    /** A row with a three-column key: 3 key parameters per key, 5 per row. */
    public record Reading(String site, long sensor, long seq, String label, long amount) {
        public Key key() {
            return new Key(site, sensor, seq);
        }

        public record Key(String site, long sensor, long seq) {
        }
    }

    /** The repository under test: each method is one store operation. */
    public interface ReadingRepository {
        void saveAll(Collection<Reading> readings);

        List<Reading> findByKeys(Collection<Reading.Key> keys);

        int deleteByKeys(Collection<Reading.Key> keys);
    }

    static final EntityMapping<Reading, Reading.Key> READINGS = EntityMapping.builder(Reading.class, Reading.Key.class)
            .table("readings")
            .key("site", ColumnType.TEXT, Reading::site)
            .key("sensor", ColumnType.BIGINT, Reading::sensor)
            .key("seq", ColumnType.BIGINT, Reading::seq)
            .column("label", ColumnType.TEXT, Reading::label)
            .column("amount", ColumnType.BIGINT, Reading::amount)
            .reader(r -> new Reading(r.getString("site"), r.getLong("sensor"), r.getLong("seq"), r.getString("label"),
                    r.getLong("amount")))
            .build();

    static final String POSTGRES_TABLE = "CREATE TABLE readings (site text, sensor bigint, seq bigint, label text NOT NULL, "
            + "amount bigint NOT NULL, PRIMARY KEY (site, sensor, seq))";
    static final String MARIADB_TABLE = "CREATE TABLE readings (site VARCHAR(64) COLLATE utf8mb4_bin, sensor BIGINT, "
            + "seq BIGINT, label TEXT NOT NULL, amount BIGINT NOT NULL, PRIMARY KEY (site, sensor, seq)) ENGINE=InnoDB";

    /** The legacy database's engine. */
    enum Engine {
        POSTGRESQL, MARIADB
    }

    /** One legacy database per engine and one target database, each with the table and its outbox. */
    record Databases(TestDatabase legacyPostgres, TestDatabase legacyMariaDb, TestDatabase target) implements AutoCloseable {
        static Databases create(String prefix) {
            TestDatabase legacyPostgres = TestPostgres.server().createDatabase(prefix + "_legacy_pg");
            TestDatabase legacyMariaDb = TestMariaDb.server().createDatabase(prefix + "_legacy_mariadb");
            TestDatabase target = TestPostgres.server().createDatabase(prefix + "_target");
            legacyPostgres.execute(POSTGRES_TABLE);
            legacyMariaDb.execute(MARIADB_TABLE);
            target.execute(POSTGRES_TABLE);
            Databases databases = new Databases(legacyPostgres, legacyMariaDb, target);
            for (Engine engine : Engine.values()) {
                try (LegacyAdapter legacy = databases.legacyAdapter(engine)) {
                    LegacyOutbox.create(legacy);
                }
            }
            try (PostgresAdapter postgres = databases.postgresAdapter()) {
                PostgresOutbox.create(postgres);
            }
            return databases;
        }

        TestDatabase legacy(Engine engine) {
            return engine == Engine.POSTGRESQL ? legacyPostgres : legacyMariaDb;
        }

        LegacyAdapter legacyAdapter(Engine engine) {
            TestDatabase database = legacy(engine);
            return LegacyAdapter.create(LegacyConfig.custom().jdbcUrl(database.jdbcUrl()).username(database.username())
                    .password(database.password())
                    .dialect(engine == Engine.POSTGRESQL ? LegacyDialect.postgresql() : LegacyDialect.mariadb())
                    .maximumPoolSize(4).build());
        }

        PostgresAdapter postgresAdapter() {
            return PostgresAdapter.create(PostgresConfig.custom().jdbcUrl(target.jdbcUrl()).username(target.username())
                    .password(target.password()).maximumPoolSize(4).build());
        }

        void reset(Engine engine) {
            legacy(engine).execute("DELETE FROM readings", "DELETE FROM cutover_outbox");
            target.execute("TRUNCATE readings, cutover.outbox");
        }

        @Override
        public void close() {
            legacyPostgres.close();
            legacyMariaDb.close();
            target.close();
        }
    }

    /** Both stores, dual-write and a routed {@link ReadingRepository} on one fixed route. */
    static final class Fixture implements AutoCloseable {
        final LegacyStore<Reading, Reading.Key> legacyStore;
        final PostgresStore<Reading, Reading.Key> postgresStore;
        final DualWrites dualWrites;
        final Cutover cutover;

        Fixture(Databases databases, Engine engine, Route route) {
            FlipRoutes routes = new FlipRoutes();
            routes.set(route);
            LegacyAdapter legacyAdapter = databases.legacyAdapter(engine);
            PostgresAdapter postgresAdapter = databases.postgresAdapter();
            legacyStore = legacyAdapter.store(READINGS, LegacyTable.named("readings"));
            postgresStore = postgresAdapter.store(READINGS);
            dualWrites = DualWrites.custom()
                    .repository(ReadingRepository.class, READINGS, legacyStore, postgresStore)
                    .keys(ReadingRepository.class, "deleteByKeys", WriteKeys.argument(0))
                    .outbox(Outbox.table(legacyAdapter.connections(), LegacyOutbox.sql(legacyAdapter.dialect())))
                    .outbox(Outbox.table(postgresAdapter.connections(), PostgresOutbox.sql(PostgresOutbox.TABLE)))
                    .mode(MirrorMode.SYNCHRONOUS)
                    .pollInterval(Duration.ofMillis(200))
                    .gracePeriod(Duration.ofSeconds(1))
                    .build();
            cutover = dualWrites.install(Cutover.builder()
                    .legacy(legacyAdapter)
                    .postgres(postgresAdapter)
                    .routes(routes)
                    .repository(ReadingRepository.class, repository(legacyStore), repository(postgresStore))
                    .handle(Route.LEGACY_DUAL, MethodKind.READ, call -> call.invoke(call.decision().route().primary()))
                    .handle(Route.POSTGRES_DUAL, MethodKind.READ, call -> call.invoke(call.decision().route().primary())))
                    .build();
            // Until the outboxes are measured empty, a write on a single route is recorded and copied to the other side
            // (docs/dual-write.md, rule 2); measured here, single routes write one side only from the first call on.
            dualWrites.reconciler().measureBacklog();
        }

        ReadingRepository readings() {
            return cutover.repository(ReadingRepository.class);
        }

        @Override
        public void close() {
            cutover.close();
        }
    }

    static ReadingRepository repository(EntityStore<Reading, Reading.Key> store) {
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

    /**
     * {@code count} readings over several sites and sensors, each label {@code labelLength} characters long (a long
     * label makes the whole write larger than MariaDB's {@code max_allowed_packet}).
     */
    static List<Reading> readings(int count, int labelLength, String labelPrefix) {
        List<Reading> readings = new ArrayList<>(count);
        String padding = "x".repeat(Math.max(0, labelLength - labelPrefix.length() - 8));
        for (int i = 0; i < count; i++) {
            readings.add(new Reading("site-" + (i % 7), i % 113, i, labelPrefix + String.format(Locale.ROOT, "%08d", i)
                    + padding, i * 3L));
        }
        return readings;
    }

    /**
     * Saves, updates, finds and deletes {@code count} readings through the routed repository on {@code route}, checking
     * after each step every row on the route's databases, both of them on dual routes once the outboxes are empty.
     *
     * @return the seconds of each step: save, update, find, delete
     */
    static double[] saveFindDelete(Databases databases, Engine engine, Route route, int count, int labelLength)
            throws InterruptedException {
        databases.reset(engine);
        try (Fixture fixture = new Fixture(databases, engine, route)) {
            ReadingRepository repository = fixture.readings();
            List<Reading> saved = readings(count, labelLength, "first-");
            List<Reading.Key> keys = saved.stream().map(Reading::key).toList();
            double[] seconds = new double[4];

            long started = System.nanoTime();
            repository.saveAll(saved);
            seconds[0] = (System.nanoTime() - started) / 1e9;
            assertRows(fixture, databases, engine, route, saved);

            List<Reading> updated = readings(count, labelLength, "second-");
            started = System.nanoTime();
            repository.saveAll(updated);
            seconds[1] = (System.nanoTime() - started) / 1e9;
            assertRows(fixture, databases, engine, route, updated);

            started = System.nanoTime();
            List<Reading> found = repository.findByKeys(keys);
            seconds[2] = (System.nanoTime() - started) / 1e9;
            assertThat(found).hasSize(count);
            assertThat(new HashSet<>(found)).isEqualTo(new HashSet<>(updated));

            started = System.nanoTime();
            int deleted = repository.deleteByKeys(keys);
            seconds[3] = (System.nanoTime() - started) / 1e9;
            assertThat(deleted).isEqualTo(count);
            drain(fixture);
            assertThat(databases.legacy(engine).queryLong("SELECT count(*) FROM readings")).isZero();
            assertThat(databases.target().queryLong("SELECT count(*) FROM readings")).isZero();
            System.out.printf(Locale.ROOT, "[any-size] %s legacy, route %s, %,d rows: save %.2f s, update %.2f s, "
                    + "find %.2f s, delete %.2f s%n", engine, route.id(), count, seconds[0], seconds[1], seconds[2],
                    seconds[3]);
            return seconds;
        }
    }

    private static void drain(Fixture fixture) throws InterruptedException {
        assertThat(fixture.dualWrites.reconciler().awaitEmpty(Duration.ofMinutes(10))).as("outboxes drained").isTrue();
    }

    /** Every row of {@code expected} on the route's primary, and on both sides on dual routes; nothing else. */
    private static void assertRows(Fixture fixture, Databases databases, Engine engine, Route route, List<Reading> expected)
            throws InterruptedException {
        drain(fixture);
        List<Reading.Key> keys = expected.stream().map(Reading::key).toList();
        HashSet<Reading> wanted = new HashSet<>(expected);
        boolean legacyWritten = route != Route.POSTGRES;
        boolean postgresWritten = route != Route.LEGACY;
        assertThat(databases.legacy(engine).queryLong("SELECT count(*) FROM readings"))
                .isEqualTo(legacyWritten ? expected.size() : 0);
        assertThat(databases.target().queryLong("SELECT count(*) FROM readings"))
                .isEqualTo(postgresWritten ? expected.size() : 0);
        if (legacyWritten) {
            assertThat(new HashSet<>(fixture.legacyStore.findByKeys(keys))).as("legacy rows").isEqualTo(wanted);
        }
        if (postgresWritten) {
            assertThat(new HashSet<>(fixture.postgresStore.findByKeys(keys))).as("PostgreSQL rows").isEqualTo(wanted);
        }
    }
}
