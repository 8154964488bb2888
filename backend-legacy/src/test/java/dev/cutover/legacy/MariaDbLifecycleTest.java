package dev.cutover.legacy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.cutover.Backend;
import dev.cutover.DataAccessException;
import dev.cutover.backend.JdbcUrls;
import dev.cutover.legacy.Clients.Client;
import dev.cutover.testkit.TestDatabase;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** MariaDB pools opened with UTC, strict, utf8mb4 sessions and closed to zero connections; credentials never shown. */
class MariaDbLifecycleTest {
    private static TestDatabase database;

    @BeforeAll
    static void createLegacyTable() {
        database = MariaDbClients.createDatabase();
        database.execute(MariaDbClients.DDL);
    }

    @AfterAll
    static void dropLegacyTable() {
        database.close();
    }

    @Test
    void shouldReleaseEveryConnectionOnCloseAndIgnoreASecondClose() {
        LegacyAdapter adapter = MariaDbClients.adapter(database);
        LegacyStore<Client, Long> clients = adapter.store(Clients.MAPPING, Clients.TABLE);
        clients.upsertAll(List.of(Clients.client(1)));
        assertThat(database.openConnections()).isPositive();
        assertThat(adapter.dialect()).isSameAs(LegacyDialect.mariadb());

        adapter.close();
        adapter.close();

        assertThat(database.openConnections()).isZero();
        assertThatThrownBy(() -> adapter.store(Clients.MAPPING, Clients.TABLE))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("Legacy adapter (MariaDB at " + JdbcUrls.redact(database.jdbcUrl()) + ", pool cutover-legacy of up to 4 "
                        + "connections) is closed; create stores from an open adapter");
        assertThatThrownBy(clients::count)
                .isInstanceOf(DataAccessException.class)
                .hasMessage("count on legacy table tbl_clients failed: HikariDataSource HikariDataSource (cutover-legacy) "
                        + "has been closed.");
    }

    @Test
    void shouldGiveEveryPooledConnectionAUtcStrictUtf8mb4Session() {
        try (LegacyAdapter adapter = MariaDbClients.adapter(database)) {
            String session = adapter.connections().withConnection(connection -> {
                try (Statement statement = connection.createStatement(); ResultSet result = statement.executeQuery(
                        "SELECT CONCAT_WS(' ', @@session.time_zone, FIND_IN_SET('STRICT_ALL_TABLES', @@session.sql_mode) > 0,"
                                + " @@character_set_client, @@character_set_connection, @@character_set_results)")) {
                    result.next();
                    return result.getString(1);
                }
            });
            assertThat(session).isEqualTo("+00:00 1 utf8mb4 utf8mb4 utf8mb4");
        }
        assertThat(database.openConnections()).isZero();
    }

    @Test
    void shouldLeaveACallersPoolOpenWhenWrapped() {
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(database.jdbcUrl() + (database.jdbcUrl().contains("?") ? "&" : "?")
                + "sessionVariables=time_zone='+00:00'");
        config.setMaximumPoolSize(2);
        config.setPoolName("callers-pool");
        long rows = database.queryLong("SELECT count(*) FROM tbl_clients");
        try (HikariDataSource callers = new HikariDataSource(config)) {
            LegacyAdapter adapter = LegacyAdapter.wrap(callers, LegacyDialect.mariadb());
            assertThat(adapter.backend()).isEqualTo(Backend.LEGACY);
            assertThat(adapter.store(Clients.MAPPING, Clients.TABLE).count()).isEqualTo(rows);

            adapter.close();

            assertThat(callers.isClosed()).isFalse();
            assertThat(LegacyAdapter.wrap(callers, LegacyDialect.mariadb()).store(Clients.MAPPING, Clients.TABLE).count())
                    .isEqualTo(rows);
        }
        assertThat(database.openConnections()).isZero();
    }

    @Test
    void shouldNameUrlAndUserButNeverThePasswordWhenTheDatabaseRefuses() {
        String user = "cutover_locked_" + Long.toHexString(ThreadLocalRandom.current().nextLong() & 0xffffffffL);
        String password = "Sup3r-Secret-" + Long.toHexString(ThreadLocalRandom.current().nextLong());
        String bareUrl = database.jdbcUrl().replaceFirst("\\?.*$", "");
        database.execute("CREATE USER '" + user + "'@'%' IDENTIFIED BY 'the-right-one'",
                "CREATE USER '" + user + "'@'localhost' IDENTIFIED BY 'the-right-one'",
                "CREATE USER '" + user + "'@'127.0.0.1' IDENTIFIED BY 'the-right-one'");
        try {
            LegacyConfig config = LegacyConfig.custom().jdbcUrl(bareUrl).username(user).password(password).build();

            assertThatThrownBy(() -> LegacyAdapter.create(config))
                    .isInstanceOfSatisfying(DataAccessException.class, e -> {
                        assertThat(e.sqlState()).isEqualTo("28000");
                        assertThat(e.getMessage()).startsWith("Legacy database at " + bareUrl + " refused the first "
                                + "connection of pool cutover-legacy as user '" + user + "': ")
                                .contains("Access denied for user '" + user + "'@").doesNotContain("(conn=");
                        StringWriter trace = new StringWriter();
                        e.printStackTrace(new PrintWriter(trace));
                        assertThat(trace.toString()).doesNotContain(password);
                    });
            assertThat(config.toString()).doesNotContain(password).contains("dialect=MariaDB");
        } finally {
            database.execute("DROP USER '" + user + "'@'%'", "DROP USER '" + user + "'@'localhost'",
                    "DROP USER '" + user + "'@'127.0.0.1'");
        }
        assertThat(database.openConnections()).isZero();
    }

    @Test
    void shouldNameAnUnreachableDatabase() {
        LegacyConfig config = LegacyConfig.custom().jdbcUrl("jdbc:mariadb://127.0.0.1:1/legacy?password=hunter2")
                .username("app").password("hunter3").connectionTimeout(java.time.Duration.ofSeconds(1)).build();

        assertThatThrownBy(() -> LegacyAdapter.create(config))
                .isInstanceOfSatisfying(DataAccessException.class, e -> assertThat(e.sqlState()).startsWith("08"))
                .hasMessage("Legacy database at jdbc:mariadb://127.0.0.1:1/legacy?password=*** refused the first "
                        + "connection of pool cutover-legacy as user 'app': Socket fail to connect to 127.0.0.1:1. "
                        + "Connection refused");
    }
}
