package dev.cutover.cdc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cutover.dual.DualWrites;
import dev.cutover.dual.Outbox;
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
import dev.cutover.testkit.TestDatabase;
import dev.cutover.testkit.TestPostgres;
import dev.cutover.verify.Verifier;
import dev.cutover.verify.VerifyConfig;
import dev.cutover.verify.VerifyReport;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * The reference domain's clients on a legacy and a target database of the test PostgreSQL server, with the outboxes, a
 * reconciler to drain them, a feed the test drives by hand, and verify. One per test class.
 */
final class CapturePair implements AutoCloseable {
    final TestDatabase legacyDatabase;
    final TestDatabase targetDatabase;
    final LegacyAdapter legacy;
    final PostgresAdapter postgres;
    final Outbox legacyOutbox;
    final Outbox postgresOutbox;

    CapturePair(String prefix) {
        TestPostgres server = TestPostgres.server();
        legacyDatabase = server.createDatabase(prefix + "_legacy");
        targetDatabase = server.createDatabase(prefix + "_target");
        legacy = LegacyAdapter.create(LegacyConfig.custom().jdbcUrl(legacyDatabase.jdbcUrl())
                .username(legacyDatabase.username()).password(legacyDatabase.password())
                .dialect(LegacyDialect.postgresql()).maximumPoolSize(4).build());
        postgres = PostgresAdapter.create(PostgresConfig.custom().jdbcUrl(targetDatabase.jdbcUrl())
                .username(targetDatabase.username()).password(targetDatabase.password()).maximumPoolSize(4).build());
        ReferenceSchemas.migrateLegacy(legacy.connections().dataSource());
        ReferenceSchemas.migrateTarget(postgres.connections().dataSource());
        legacyOutbox = LegacyOutbox.create(legacy);
        postgresOutbox = PostgresOutbox.create(postgres);
    }

    /** A client row in legacy's own names, written with plain SQL. */
    void insertLegacyClient(long id, String name) {
        insertLegacyClient(id, name, "phone");
    }

    /** The same, with the phone column named {@code phoneColumn} (after a schema change). */
    void insertLegacyClient(long id, String name, String phoneColumn) {
        legacyDatabase.execute("INSERT INTO tbl_clients (client_id, yc_id, company_id, full_name, " + phoneColumn
                + ", email, ai_ctx,"
                + " visits_json, is_vip, balance, created, updated) VALUES (" + id + ", " + (1000 + id) + ", 1, '" + name
                + "', '+100', 'c" + id + "@example.com', '{}', '[]', 0, 0, TIMESTAMP '2026-01-01 10:00:00',"
                + " TIMESTAMP '2026-01-01 10:00:00')");
    }

    /** Capture of clients from {@code feed}, on {@code routes}. */
    ChangeCapture capture(ChangeFeed feed, TableRoutes routes) {
        return captureOf(feed, routes).build();
    }

    /** A capture of clients from {@code feed}, to configure further. */
    ChangeCapture.Builder captureOf(ChangeFeed feed, TableRoutes routes) {
        return ChangeCapture.builder().feed(feed).table(Mappings.CLIENTS, LegacyTables.CLIENTS).legacy(legacy)
                .postgres(postgres).routes(routes);
    }

    /** Empties what a test writes: clients and the outboxes on both sides, paused tables and held keys. */
    void reset() {
        legacyDatabase.execute("TRUNCATE tbl_clients", "TRUNCATE cutover_outbox");
        targetDatabase.execute("TRUNCATE clients", "TRUNCATE cutover.outbox", "TRUNCATE cutover.cdc_paused_tables",
                "TRUNCATE cutover.cdc_held_keys");
    }

    /** Settles both outboxes with a reconciler of clients, as {@code cutover reconcile} does. */
    void reconcile() throws InterruptedException {
        try (DualWrites dualWrites = DualWrites.custom().outbox(legacyOutbox).outbox(postgresOutbox)
                .table(Mappings.CLIENTS, legacy.store(Mappings.CLIENTS, LegacyTables.CLIENTS),
                        postgres.store(Mappings.CLIENTS))
                .build()) {
            assertThat(dualWrites.startReconciler().awaitEmpty(Duration.ofSeconds(60))).as("outboxes drained").isTrue();
        }
    }

    /** Verify of clients: 0 differences expected. */
    VerifyReport verify() {
        return Verifier.of(Mappings.CLIENTS, legacy, LegacyTables.CLIENTS, postgres,
                VerifyConfig.custom().recheckAttempts(1).recheckDelay(Duration.ZERO).build()).verify();
    }

    String targetName(long id) {
        return queryName(targetDatabase, "SELECT name FROM clients WHERE id = " + id);
    }

    String legacyName(long id) {
        return queryName(legacyDatabase, "SELECT full_name FROM tbl_clients WHERE client_id = " + id);
    }

    private static String queryName(TestDatabase database, String sql) {
        try (var connection = database.connect(); var statement = connection.createStatement();
                var rows = statement.executeQuery(sql)) {
            return rows.next() ? rows.getString(1) : null;
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException(sql, e);
        }
    }

    @Override
    public void close() {
        legacy.close();
        postgres.close();
        legacyDatabase.close();
        targetDatabase.close();
    }

    /** A feed the test drives: {@link #deliver} hands a batch to the sink on the test's thread. */
    static final class ManualFeed implements ChangeFeed {
        private Sink sink;
        boolean closed;

        @Override
        public void start(Sink target) {
            this.sink = target;
        }

        void deliver(RowChange... changes) {
            sink.accept(List.of(changes));
        }

        @Override
        public Optional<ChangeFeedException> failure() {
            return Optional.empty();
        }

        @Override
        public void close() {
            closed = true;
        }
    }

    private static long position;

    /** A row change of {@code tbl_clients} as the log would give it. */
    static RowChange change(List<Object> before, List<Object> after, Instant committedAt) {
        return RowChange.row("public", "tbl_clients", List.of("client_id"), before, after, committedAt, nextPosition());
    }

    static String nextPosition() {
        return "lsn " + (++position);
    }
}
