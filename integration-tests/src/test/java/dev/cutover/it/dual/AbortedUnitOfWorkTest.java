package dev.cutover.it.dual;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cutover.Backend;
import dev.cutover.Cutover;
import dev.cutover.DataAccessException;
import dev.cutover.dual.DualWrites;
import dev.cutover.dual.MirrorMode;
import dev.cutover.dual.Outbox;
import dev.cutover.legacy.LegacyAdapter;
import dev.cutover.legacy.LegacyConfig;
import dev.cutover.legacy.LegacyDialect;
import dev.cutover.legacy.outbox.LegacyOutbox;
import dev.cutover.postgres.PostgresAdapter;
import dev.cutover.postgres.PostgresConfig;
import dev.cutover.postgres.outbox.PostgresOutbox;
import dev.cutover.reference.Client;
import dev.cutover.reference.ClientRepository;
import dev.cutover.reference.ReferenceData;
import dev.cutover.reference.ReferenceDomain;
import dev.cutover.reference.legacy.LegacyRepositories;
import dev.cutover.reference.postgres.PostgresRepositories;
import dev.cutover.reference.schema.ReferenceSchemas;
import dev.cutover.routing.Route;
import dev.cutover.testkit.TestDatabase;
import dev.cutover.testkit.TestMariaDb;
import dev.cutover.testkit.TestPostgres;
import dev.cutover.tx.UnitOfWorkRolledBackException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Issue 9, failure 1: a unit of work in which a repository call failed never reports success, on every route and both
 * legacy engines. PostgreSQL aborts the transaction at the failed statement (its COMMIT becomes a rollback); MariaDB
 * rolls back the statement only; the caller gets one contract on both: the unit is rolled back everywhere and
 * {@code transaction(...)} throws {@link UnitOfWorkRolledBackException}, with nothing left in either outbox.
 */
@Tag("slow")
class AbortedUnitOfWorkTest {
    private static final ReferenceData DATA = ReferenceData.generate(91, 1, 3);
    private static final List<Engine> ENGINES = new ArrayList<>();

    /** One legacy engine: its databases, created once. */
    private record Engine(String name, TestDatabase legacy, TestDatabase target, LegacyDialect dialect) {
        LegacyAdapter legacyAdapter() {
            return LegacyAdapter.create(LegacyConfig.custom().jdbcUrl(legacy.jdbcUrl()).username(legacy.username())
                    .password(legacy.password()).dialect(dialect).maximumPoolSize(4).build());
        }

        PostgresAdapter postgresAdapter() {
            return PostgresAdapter.create(PostgresConfig.custom().jdbcUrl(target.jdbcUrl()).username(target.username())
                    .password(target.password()).maximumPoolSize(4).build());
        }

        void reset() {
            legacy.execute("DELETE FROM tbl_clients", "DELETE FROM cutover_outbox");
            target.execute("TRUNCATE clients, cutover.outbox");
        }

        @Override
        public String toString() {
            return name;
        }
    }

    private static synchronized Engine engine(String name) {
        for (Engine engine : ENGINES) {
            if (engine.name().equals(name)) {
                return engine;
            }
        }
        boolean mariadb = name.equals("mariadb");
        TestDatabase legacy = mariadb ? TestMariaDb.server().createDatabase("uow_abort_mariadb_legacy")
                : TestPostgres.server().createDatabase("uow_abort_pg_legacy");
        TestDatabase target = TestPostgres.server().createDatabase("uow_abort_" + name + "_target");
        Engine engine = new Engine(name, legacy, target, mariadb ? LegacyDialect.mariadb() : LegacyDialect.postgresql());
        try (LegacyAdapter legacyAdapter = engine.legacyAdapter(); PostgresAdapter postgresAdapter = engine.postgresAdapter()) {
            if (mariadb) {
                ReferenceSchemas.migrateLegacyMariaDb(legacyAdapter.connections().dataSource());
            } else {
                ReferenceSchemas.migrateLegacy(legacyAdapter.connections().dataSource());
            }
            ReferenceSchemas.migrateTarget(postgresAdapter.connections().dataSource());
            LegacyOutbox.create(legacyAdapter);
            PostgresOutbox.create(postgresAdapter);
        }
        ENGINES.add(engine);
        return engine;
    }

    @AfterAll
    static void dropDatabases() {
        for (Engine engine : ENGINES) {
            engine.legacy().close();
            engine.target().close();
        }
        ENGINES.clear();
    }

    static Stream<Arguments> enginesAndRoutes() {
        List<Arguments> cases = new ArrayList<>();
        for (String engine : List.of("postgresql", "mariadb")) {
            for (Route route : Route.values()) {
                cases.add(Arguments.of(engine, route));
            }
        }
        return cases.stream();
    }

    /** The same client id with another (yclients_id, company_id): the upsert inserts, and the primary key refuses it. */
    private static Client clash(Client a) {
        return new Client(a.id(), a.yclientsId() + 1_000_000, a.companyId(), "clash", a.phone(), a.email(), a.aiContext(),
                a.visitHistory(), a.vip(), a.balance(), a.createdAt(), a.updatedAt());
    }

    /**
     * A statement that fails inside an implementation which catches it itself never reaches the router; on PostgreSQL
     * its transaction is aborted all the same, and the unit reads that state before committing.
     */
    @ParameterizedTest(name = "on {0}")
    @EnumSource(Backend.class)
    void shouldNeverCommitAPostgresTransactionThatAFailedStatementAbortedUnseenByTheRouter(Backend backend) {
        Engine engine = engine("postgresql");
        engine.reset();
        FlipRoutes routes = new FlipRoutes();
        LegacyAdapter legacyAdapter = engine.legacyAdapter();
        PostgresAdapter postgresAdapter = engine.postgresAdapter();
        LegacyRepositories legacy = new LegacyRepositories(legacyAdapter);
        PostgresRepositories postgres = new PostgresRepositories(postgresAdapter);
        DualWrites dualWrites = ReferenceDomain.dualWrites(DualWrites.custom(), legacy, postgres)
                .outbox(Outbox.table(legacyAdapter.connections(), LegacyOutbox.sql(legacyAdapter.dialect())))
                .outbox(Outbox.table(postgresAdapter.connections(), PostgresOutbox.sql(PostgresOutbox.TABLE)))
                .build();
        try (Cutover cutover = DualWriteFixture.cutover(dualWrites, routes, legacyAdapter, postgresAdapter, legacy,
                postgres)) {
            routes.set(backend == Backend.LEGACY ? Route.LEGACY : Route.POSTGRES);
            ClientRepository clients = cutover.repository(ClientRepository.class);
            Client a = DATA.clients().get(1);

            assertThatThrownBy(() -> cutover.transaction(() -> {
                clients.save(a);
                try {
                    (backend == Backend.LEGACY ? legacy.clientStore() : postgres.clientStore()).upsertAll(List.of(clash(a)));
                } catch (DataAccessException e) {
                    // an implementation that handles its own failure
                }
            }))
                    .isInstanceOf(UnitOfWorkRolledBackException.class)
                    .hasMessageStartingWith("The unit of work was rolled back, not committed: a statement in it failed on "
                            + backend.id() + " and aborted its transaction there");

            assertThat(engine.legacy().queryLong("SELECT count(*) FROM tbl_clients")).isZero();
            assertThat(engine.target().queryLong("SELECT count(*) FROM clients")).isZero();
        }
    }

    @ParameterizedTest(name = "{0} legacy, route {1}")
    @MethodSource("enginesAndRoutes")
    void shouldNeverReportAUnitWithACaughtFailedStatementAsCommitted(String engineName, Route route) throws Exception {
        Engine engine = engine(engineName);
        engine.reset();
        FlipRoutes routes = new FlipRoutes();
        LegacyAdapter legacyAdapter = engine.legacyAdapter();
        PostgresAdapter postgresAdapter = engine.postgresAdapter();
        LegacyRepositories legacy = new LegacyRepositories(legacyAdapter);
        PostgresRepositories postgres = new PostgresRepositories(postgresAdapter);
        DualWrites dualWrites = ReferenceDomain.dualWrites(DualWrites.custom(), legacy, postgres)
                .outbox(Outbox.table(legacyAdapter.connections(), LegacyOutbox.sql(legacyAdapter.dialect())))
                .outbox(Outbox.table(postgresAdapter.connections(), PostgresOutbox.sql(PostgresOutbox.TABLE)))
                .mode(MirrorMode.SYNCHRONOUS)
                .pollInterval(Duration.ofMillis(100))
                .gracePeriod(Duration.ofMillis(200))
                .build();
        try (Cutover cutover = DualWriteFixture.cutover(dualWrites, routes, legacyAdapter, postgresAdapter, legacy,
                postgres)) {
            routes.set(route);
            ClientRepository clients = cutover.repository(ClientRepository.class);
            Client a = DATA.clients().get(0);
            List<DataAccessException> caught = new ArrayList<>();

            assertThatThrownBy(() -> cutover.transaction(() -> {
                clients.save(a);
                try {
                    clients.save(clash(a));
                } catch (DataAccessException e) {
                    caught.add(e); // the application handles the failure and goes on
                }
            }))
                    .isInstanceOf(UnitOfWorkRolledBackException.class)
                    .hasMessageStartingWith("The unit of work was rolled back, not committed: a repository call in it "
                            + "failed (ClientRepository.save")
                    .hasMessageContaining("nothing it wrote was committed");
            assertThat(caught).as("the clash failed inside the unit").hasSize(1);

            assertThat(engine.legacy().queryLong("SELECT count(*) FROM tbl_clients")).as("a on legacy").isZero();
            assertThat(engine.target().queryLong("SELECT count(*) FROM clients")).as("a on postgres").isZero();
            assertThat(dualWrites.reconciler().awaitEmpty(Duration.ofSeconds(20))).isTrue();
            assertThat(engine.legacy().queryLong("SELECT count(*) FROM cutover_outbox")).as("legacy outbox").isZero();
            assertThat(engine.target().queryLong("SELECT count(*) FROM cutover.outbox")).as("postgres outbox").isZero();
            assertThat(engine.legacy().queryLong("SELECT count(*) FROM tbl_clients")).as("a on legacy, later").isZero();
            assertThat(engine.target().queryLong("SELECT count(*) FROM clients")).as("a on postgres, later").isZero();

            // The next unit on the same thread starts clean and commits.
            cutover.transaction(() -> clients.save(a));
            assertThat(clients.findById(a.id())).map(Client::name).contains(a.name());
        }
    }
}
