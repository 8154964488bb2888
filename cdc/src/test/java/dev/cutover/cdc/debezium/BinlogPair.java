package dev.cutover.cdc.debezium;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cutover.legacy.LegacyAdapter;
import dev.cutover.legacy.LegacyConfig;
import dev.cutover.legacy.LegacyDialect;
import dev.cutover.legacy.outbox.LegacyOutbox;
import dev.cutover.postgres.PostgresAdapter;
import dev.cutover.postgres.PostgresConfig;
import dev.cutover.reference.Mappings;
import dev.cutover.reference.legacy.LegacyTables;
import dev.cutover.reference.schema.ReferenceSchemas;
import dev.cutover.testkit.OwnServer;
import dev.cutover.testkit.TestDatabase;
import dev.cutover.testkit.TestMariaDb;
import dev.cutover.testkit.TestPostgres;
import dev.cutover.verify.Verifier;
import dev.cutover.verify.VerifyConfig;
import dev.cutover.verify.VerifyReport;
import java.time.Duration;

/**
 * The reference domain's clients on a MariaDB of its own started with its binlog on (legacy, with its outbox, and a
 * feed user holding the replication grants) and on a target database of the test PostgreSQL, with a database for the
 * feeds' positions. One per test class.
 */
final class BinlogPair implements AutoCloseable {
    final String feedUser;
    final String feedPassword;
    final OwnServer<TestMariaDb> server;
    final TestDatabase legacyDatabase;
    final TestDatabase targetDatabase;
    final Positions positions;
    final LegacyAdapter legacy;
    final PostgresAdapter postgres;

    BinlogPair(String prefix, String feedPassword) {
        this.feedUser = prefix;
        this.feedPassword = feedPassword;
        server = TestMariaDb.startOwn("--log-bin", "--binlog-format=ROW", "--server-id=1");
        legacyDatabase = server.server().createDatabase(prefix);
        server.server().execute("CREATE USER '" + feedUser + "'@'127.0.0.1' IDENTIFIED BY '" + feedPassword + "'");
        server.server().execute("GRANT SELECT, REPLICATION SLAVE, BINLOG MONITOR ON *.* TO '" + feedUser + "'@'127.0.0.1'");
        legacy = LegacyAdapter.create(LegacyConfig.custom().jdbcUrl(legacyDatabase.jdbcUrl())
                .username(legacyDatabase.username()).password(legacyDatabase.password())
                .dialect(LegacyDialect.mariadb()).maximumPoolSize(4).build());
        ReferenceSchemas.migrateLegacyMariaDb(legacy.connections().dataSource());
        LegacyOutbox.migrate(legacy);
        targetDatabase = TestPostgres.server().createDatabase(prefix + "_target");
        postgres = PostgresAdapter.create(PostgresConfig.custom().jdbcUrl(targetDatabase.jdbcUrl())
                .username(targetDatabase.username()).password(targetDatabase.password()).maximumPoolSize(4).build());
        ReferenceSchemas.migrateTarget(postgres.connections().dataSource());
        positions = Positions.create();
    }

    /** The feed of {@code tbl_clients} named {@code name}, positions in {@link #positions}. */
    DebeziumFeedConfig config(String name) {
        return DebeziumFeedConfig.mariaDb().name(name).legacy(legacyDatabase.jdbcUrl(), feedUser, feedPassword)
                .tables("tbl_clients").positions(positions.database.jdbcUrl(), positions.role, Positions.PASSWORD).build();
    }

    /** The statement that inserts a client row in legacy's own names. */
    static String insertClient(long id, String name) {
        return "INSERT INTO tbl_clients (client_id, yc_id, company_id, full_name, phone, email, ai_ctx, visits_json, is_vip,"
                + " balance, created, updated) VALUES (" + id + ", " + (1000 + id) + ", 1, '" + name + "', '+100', 'c" + id
                + "@example.com', '{}', '[]', 0, 0, '2026-01-01 10:00:00', '2026-01-01 10:00:00')";
    }

    /** Verify of clients between legacy and PostgreSQL finds them equal. */
    void assertEqual() {
        VerifyReport report = Verifier.of(Mappings.CLIENTS, legacy, LegacyTables.CLIENTS, postgres,
                VerifyConfig.custom().recheckAttempts(1).recheckDelay(Duration.ZERO).build()).verify();
        assertThat(report.status()).as(report.toText()).isEqualTo(VerifyReport.Status.EQUAL);
    }

    @Override
    public void close() {
        legacy.close();
        postgres.close();
        targetDatabase.close();
        positions.close();
        server.close();
    }
}
