package dev.cutover.legacy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.ThrowableProxyUtil;
import ch.qos.logback.core.read.ListAppender;
import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.cutover.Backend;
import dev.cutover.DataAccessException;
import dev.cutover.legacy.Clients.Client;
import dev.cutover.testkit.TestDatabase;
import dev.cutover.testkit.TestPostgres;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/** Pools opened and closed, callers' pools left alone, credentials never shown. */
class LegacyAdapterLifecycleTest {
    private static TestDatabase database;

    @BeforeAll
    static void createLegacyTable() {
        database = TestPostgres.server().createDatabase("legacy");
        Clients.createTable(database);
    }

    @AfterAll
    static void dropLegacyTable() {
        database.close();
    }

    /** The database's URL without parameters: a user given in the URL would override the configured one. */
    private static String bareUrl() {
        return database.jdbcUrl().replaceFirst("\\?.*$", "");
    }

    @Test
    void shouldReleaseEveryConnectionOnCloseAndIgnoreASecondClose() {
        LegacyAdapter adapter = Clients.adapter(database);
        LegacyStore<Client, Long> clients = adapter.store(Clients.MAPPING, Clients.TABLE);
        clients.upsertAll(List.of(Clients.client(1)));
        assertThat(database.openConnections()).isPositive();

        adapter.close();
        adapter.close();

        assertThat(database.openConnectionsAfterClose()).isZero();
        assertThat(adapter.toString()).endsWith(", closed]");
        assertThatThrownBy(() -> adapter.store(Clients.MAPPING, Clients.TABLE))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("Legacy adapter (PostgreSQL at " + database.jdbcUrl() + ", pool cutover-legacy of up to 4 "
                        + "connections) is closed; create stores from an open adapter");
        assertThatThrownBy(clients::count)
                .isInstanceOf(DataAccessException.class)
                .hasMessage("count on legacy table tbl_clients failed: HikariDataSource HikariDataSource (cutover-legacy) "
                        + "has been closed.");
    }

    @Test
    void shouldLeaveACallersPoolOpenWhenWrapped() {
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(database.jdbcUrl());
        config.setUsername(database.username());
        config.setPassword(database.password());
        config.setMaximumPoolSize(2);
        config.setPoolName("callers-pool");
        long rows = database.queryLong("SELECT count(*) FROM tbl_clients");
        try (HikariDataSource callers = new HikariDataSource(config)) {
            LegacyAdapter adapter = LegacyAdapter.wrap(callers, LegacyDialect.postgresql());
            assertThat(adapter.backend()).isEqualTo(Backend.LEGACY);
            assertThat(adapter.connections().dataSource()).isSameAs(callers);
            assertThat(adapter.store(Clients.MAPPING, Clients.TABLE).count()).isEqualTo(rows);

            adapter.close();
            adapter.close();

            assertThat(callers.isClosed()).isFalse();
            assertThat(LegacyAdapter.wrap(callers, LegacyDialect.postgresql()).store(Clients.MAPPING, Clients.TABLE)
                    .count()).isEqualTo(rows);
        }
        assertThat(database.openConnectionsAfterClose()).isZero();
    }

    @Test
    void shouldNameTheApplicationToTheDatabase() throws SQLException {
        try (LegacyAdapter adapter = Clients.adapter(database);
                LegacyAdapter backfill = LegacyAdapter.create(Clients.config(database).applicationName("booking-backfill")
                        .build())) {
            adapter.store(Clients.MAPPING, Clients.TABLE).count();
            backfill.store(Clients.MAPPING, Clients.TABLE).count();

            assertThat(applicationNames()).containsOnly("cutover-legacy", "booking-backfill").contains("cutover-legacy",
                    "booking-backfill");
        }
    }

    /** Named sessions only: the test kit's own unnamed connections may still be ending when this asks. */
    private static List<String> applicationNames() throws SQLException {
        List<String> names = new ArrayList<>();
        try (Connection connection = database.connect(); PreparedStatement statement = connection.prepareStatement(
                "SELECT application_name FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()"
                        + " AND application_name <> ''");
                ResultSet result = statement.executeQuery()) {
            while (result.next()) {
                names.add(result.getString(1));
            }
        }
        return names;
    }

    @Test
    void shouldNameUrlAndUserButNeverThePasswordWhenTheDatabaseRefuses() {
        String role = "cutover_locked_" + Long.toHexString(ThreadLocalRandom.current().nextLong() & 0xffffffffL);
        String password = "Sup3r-Secret-" + Long.toHexString(ThreadLocalRandom.current().nextLong());
        // The test servers trust local connections, so a wrong password alone would be accepted: the role may not log in.
        database.execute("CREATE ROLE " + role + " NOLOGIN PASSWORD 'the-right-one'");
        Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        Logger hikari = (Logger) LoggerFactory.getLogger("com.zaxxer.hikari");
        Level hikariLevel = hikari.getLevel();
        ListAppender<ILoggingEvent> logs = new ListAppender<>();
        logs.start();
        root.addAppender(logs);
        hikari.setLevel(Level.DEBUG); // HikariCP's DEBUG log prints its whole configuration
        try {
            LegacyConfig config = LegacyConfig.custom().jdbcUrl(bareUrl()).username(role).password(password).build();

            assertThatThrownBy(() -> LegacyAdapter.create(config))
                    .isInstanceOfSatisfying(DataAccessException.class, e -> {
                        assertThat(e.sqlState()).startsWith("28");
                        assertThat(e.backend()).isEqualTo(Backend.LEGACY);
                        assertThat(e.getMessage()).isIn(
                                "Cannot connect to the legacy database at " + bareUrl() + " as user '" + role
                                        + "' (pool cutover-legacy, SQLState 28000): FATAL: role \"" + role
                                        + "\" is not permitted to log in",
                                "Cannot connect to the legacy database at " + bareUrl() + " as user '" + role
                                        + "' (pool cutover-legacy, SQLState 28P01): FATAL: password authentication "
                                        + "failed for user \"" + role + "\"");
                        assertThat(stackTrace(e)).doesNotContain(password);
                    });
            assertThat(config.toString()).doesNotContain(password);
        } finally {
            hikari.setLevel(hikariLevel);
            root.detachAppender(logs);
            database.execute("DROP ROLE " + role);
        }
        assertThat(logs.list).isNotEmpty();
        for (ILoggingEvent event : logs.list) {
            assertThat(event.getFormattedMessage()).doesNotContain(password);
            if (event.getThrowableProxy() != null) {
                assertThat(ThrowableProxyUtil.asString(event.getThrowableProxy())).doesNotContain(password);
            }
        }
        assertThat(database.openConnectionsAfterClose()).isZero();
    }

    private static String stackTrace(Throwable failure) {
        StringWriter text = new StringWriter();
        failure.printStackTrace(new PrintWriter(text));
        return text.toString();
    }

    @Test
    void shouldNameAnUnreachableDatabase() {
        LegacyConfig config = LegacyConfig.custom().jdbcUrl("jdbc:postgresql://127.0.0.1:1/legacy?password=hunter2")
                .username("app").password("hunter3").build();

        assertThatThrownBy(() -> LegacyAdapter.create(config))
                .isInstanceOfSatisfying(DataAccessException.class, e -> assertThat(e.sqlState()).isEqualTo("08001"))
                .hasMessage("Cannot connect to the legacy database at jdbc:postgresql://127.0.0.1:1/legacy?password=*** "
                        + "as user 'app' (pool cutover-legacy, SQLState 08001): Connection to 127.0.0.1:1 refused. Check "
                        + "that the hostname and port are correct and that the postmaster is accepting TCP/IP connections.");
    }

    @Test
    void shouldSayWhichDriverIsMissing() {
        LegacyConfig config = LegacyConfig.custom().jdbcUrl("jdbc:sqlserver://legacy:1433/booking?password=hunter2")
                .dialect(LegacyDialect.postgresql()).build();

        assertThatThrownBy(() -> LegacyAdapter.create(config))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("No JDBC driver on the classpath accepts jdbcUrl 'jdbc:sqlserver://legacy:1433/booking?password=***'; "
                        + "add the legacy database's driver at runtime (PostgreSQL: org.postgresql:postgresql; MariaDB and "
                        + "MySQL: org.mariadb.jdbc:mariadb-java-client)");
    }

    @Test
    void shouldDescribeItselfWithoutThePassword() {
        try (LegacyAdapter adapter = LegacyAdapter.create(Clients.config(database).password("not-needed-but-secret")
                .build())) {
            assertThat(adapter.toString())
                    .isEqualTo("LegacyAdapter[PostgreSQL at " + database.jdbcUrl() + ", pool cutover-legacy of up to 4 "
                            + "connections]")
                    .doesNotContain("not-needed-but-secret");
        }
    }
}
