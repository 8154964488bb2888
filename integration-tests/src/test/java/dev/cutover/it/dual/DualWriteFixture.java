package dev.cutover.it.dual;

import dev.cutover.Cutover;
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
import dev.cutover.reference.ReferenceData;
import dev.cutover.reference.ReferenceDomain;
import dev.cutover.reference.BookingRepository;
import dev.cutover.reference.ClientRepository;
import dev.cutover.reference.StaffServiceRepository;
import dev.cutover.reference.legacy.LegacyRepositories;
import dev.cutover.reference.postgres.PostgresRepositories;
import dev.cutover.it.BothSides;
import java.util.List;
import java.util.SplittableRandom;
import dev.cutover.reference.schema.ReferenceSchemas;
import dev.cutover.routing.MethodKind;
import dev.cutover.routing.Route;
import dev.cutover.routing.RouteSource;
import dev.cutover.testkit.TestDatabase;
import dev.cutover.testkit.TestPostgres;
import java.time.Duration;
import java.util.function.UnaryOperator;

/**
 * The reference domain with dual-write on two real databases of the test server: legacy (the legacy schema, its
 * outbox {@code cutover_outbox}) and target (the shipped schema, {@code cutover.outbox}); a Cutover over all six
 * repositories with {@link FlipRoutes}. Reads on dual routes are served by the primary (a stand-in for shadow
 * reads, another feature).
 */
final class DualWriteFixture implements AutoCloseable {
    final FlipRoutes routes = new FlipRoutes();
    final LegacyAdapter legacyAdapter;
    final PostgresAdapter postgresAdapter;
    final LegacyRepositories legacy;
    final PostgresRepositories postgres;
    final DualWrites dualWrites;
    final Cutover cutover;

    /** Two databases with the reference schemas; the dual-write tables are created by the outboxes. */
    record Databases(TestDatabase legacy, TestDatabase target) implements AutoCloseable {
        static Databases create(String prefix) {
            TestDatabase legacy = TestPostgres.server().createDatabase(prefix + "_legacy");
            TestDatabase target = TestPostgres.server().createDatabase(prefix + "_target");
            try (LegacyAdapter legacyAdapter = legacyAdapter(legacy.jdbcUrl(), legacy.username(), legacy.password());
                    PostgresAdapter postgresAdapter = postgresAdapter(target.jdbcUrl(), target.username(), target.password())) {
                ReferenceSchemas.migrateLegacy(legacyAdapter.connections().dataSource());
                ReferenceSchemas.migrateTarget(postgresAdapter.connections().dataSource());
                LegacyOutbox.create(legacyAdapter);
                PostgresOutbox.create(postgresAdapter);
            }
            return new Databases(legacy, target);
        }

        /** Empties every table and both outboxes. */
        void reset() {
            legacy.execute("TRUNCATE tbl_company, tbl_clients, tbl_staff, tbl_services, tbl_records, tbl_staff_services, "
                    + "cutover_outbox");
            target.execute("TRUNCATE companies, clients, staff, services, bookings, staff_services, cutover.outbox");
        }

        @Override
        public void close() {
            legacy.close();
            target.close();
        }
    }

    DualWriteFixture(Databases databases, MirrorMode mode) {
        this(databases, mode, databases.target().jdbcUrl(), builder -> builder);
    }

    /**
     * @param targetUrl the target database's URL, perhaps through a proxy
     * @param tune      last changes to the dual-write configuration
     */
    DualWriteFixture(Databases databases, MirrorMode mode, String targetUrl, UnaryOperator<DualWrites.Builder> tune) {
        this(databases, mode, databases.legacy().jdbcUrl(), targetUrl, tune);
    }

    /**
     * @param legacyUrl the legacy database's URL, perhaps through a proxy
     * @param targetUrl the target database's URL, perhaps through a proxy
     * @param tune      last changes to the dual-write configuration
     */
    DualWriteFixture(Databases databases, MirrorMode mode, String legacyUrl, String targetUrl,
            UnaryOperator<DualWrites.Builder> tune) {
        this(databases, mode, legacyUrl, targetUrl, UnaryOperator.identity(), tune);
    }

    /**
     * @param outboxes wraps each table outbox before dual-write is given it
     * @param tune     last changes to the dual-write configuration
     */
    DualWriteFixture(Databases databases, MirrorMode mode, UnaryOperator<Outbox> outboxes,
            UnaryOperator<DualWrites.Builder> tune) {
        this(databases, mode, databases.legacy().jdbcUrl(), databases.target().jdbcUrl(), outboxes, tune);
    }

    private DualWriteFixture(Databases databases, MirrorMode mode, String legacyUrl, String targetUrl,
            UnaryOperator<Outbox> outboxes, UnaryOperator<DualWrites.Builder> tune) {
        TestDatabase target = databases.target();
        legacyAdapter = legacyAdapter(legacyUrl, databases.legacy().username(), databases.legacy().password());
        postgresAdapter = postgresAdapter(targetUrl, target.username(), target.password());
        legacy = new LegacyRepositories(legacyAdapter);
        postgres = new PostgresRepositories(postgresAdapter);
        dualWrites = tune.apply(ReferenceDomain.dualWrites(DualWrites.custom(), legacy, postgres)
                .outbox(outboxes.apply(Outbox.table(legacyAdapter.connections(), LegacyOutbox.sql(legacyAdapter.dialect()))))
                .outbox(outboxes.apply(Outbox.table(postgresAdapter.connections(), PostgresOutbox.sql(PostgresOutbox.TABLE))))
                .mode(mode)
                .pollInterval(Duration.ofMillis(200))
                .gracePeriod(Duration.ofSeconds(1))
                .backoff(Duration.ofMillis(50), Duration.ofMillis(500))).build();
        cutover = cutover(dualWrites, routes, legacyAdapter, postgresAdapter, legacy, postgres);
    }

    static Cutover cutover(DualWrites dualWrites, RouteSource routes, LegacyAdapter legacyAdapter,
            PostgresAdapter postgresAdapter, LegacyRepositories legacy, PostgresRepositories postgres) {
        Cutover.Builder builder = ReferenceDomain.repositories(Cutover.builder().legacy(legacyAdapter).postgres(postgresAdapter)
                .routes(routes), legacy, postgres)
                .handle(Route.LEGACY_DUAL, MethodKind.READ, call -> call.invoke(call.decision().route().primary()))
                .handle(Route.POSTGRES_DUAL, MethodKind.READ, call -> call.invoke(call.decision().route().primary()));
        return dualWrites.install(builder).build();
    }

    static LegacyAdapter legacyAdapter(String url, String user, String password) {
        return LegacyAdapter.create(LegacyConfig.custom().jdbcUrl(url).username(user).password(password)
                .dialect(LegacyDialect.postgresql()).maximumPoolSize(6).connectionTimeout(Duration.ofMillis(500)).build());
    }

    static PostgresAdapter postgresAdapter(String url, String user, String password) {
        return PostgresAdapter.create(PostgresConfig.custom().jdbcUrl(url).username(user).password(password)
                .maximumPoolSize(6).connectionTimeout(Duration.ofMillis(500)).build());
    }

    /** The reference client {@code id} under another name: a row whose every write the tests can tell apart. */
    static Client client(long id, String name) {
        Client client = ReferenceData.client(new SplittableRandom(id), id, 1, id);
        return new Client(client.id(), client.yclientsId(), client.companyId(), name, client.phone(), client.email(),
                client.aiContext(), client.visitHistory(), client.vip(), client.balance(), client.createdAt(),
                client.updatedAt());
    }

    ClientRepository clients() {
        return cutover.repository(ClientRepository.class);
    }

    BookingRepository bookings() {
        return cutover.repository(BookingRepository.class);
    }

    StaffServiceRepository staffServices() {
        return cutover.repository(StaffServiceRepository.class);
    }

    /** Every difference between the two sides, row by row over every reference table, read through the stores. */
    List<String> differences() {
        return BothSides.differences(legacy, postgres);
    }

    @Override
    public void close() {
        cutover.close();
    }
}
