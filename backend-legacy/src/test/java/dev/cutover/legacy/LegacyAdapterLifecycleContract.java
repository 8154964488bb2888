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
import dev.cutover.jdbc.JdbcUrls;
import dev.cutover.legacy.Clients.Client;
import dev.cutover.testkit.TestDatabase;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.slf4j.LoggerFactory;

/**
 * Pools opened and closed, callers' pools left alone, credentials never shown; once per legacy server (a subclass
 * supplies the {@link LegacyServer} and holds the tests of what only its server has).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class LegacyAdapterLifecycleContract {
    protected TestDatabase database;

    /** The server, and with it the database and the DDL, under test. */
    protected abstract LegacyServer server();

    @BeforeAll
    void createLegacyTable() {
        database = server().createDatabase();
        database.execute(server().clientsDdl());
    }

    @AfterAll
    void dropLegacyTable() {
        database.close();
    }

    /** The database's URL without parameters: a user given in the URL would override the configured one. */
    protected String bareUrl() {
        return database.jdbcUrl().replaceFirst("\\?.*$", "");
    }

    @Test
    void shouldReleaseEveryConnectionOnCloseAndIgnoreASecondClose() {
        LegacyAdapter adapter = server().adapter(database);
        LegacyStore<Client, Long> clients = adapter.store(Clients.MAPPING, Clients.TABLE);
        clients.upsertAll(List.of(Clients.client(1)));
        assertThat(database.openConnections()).isPositive();
        assertThat(adapter.dialect()).isSameAs(server().dialect());

        adapter.close();
        adapter.close();

        assertThat(database.openConnectionsAfterClose()).isZero();
        assertThat(adapter.toString()).endsWith(", closed]");
        assertThatThrownBy(() -> adapter.store(Clients.MAPPING, Clients.TABLE))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("Legacy adapter (" + server().dialect().name() + " at " + JdbcUrls.redact(database.jdbcUrl())
                        + ", pool cutover-legacy of up to 4 connections) is closed; create stores from an open adapter");
        assertThatThrownBy(clients::count)
                .isInstanceOf(DataAccessException.class)
                .hasMessage("count on legacy table tbl_clients failed: HikariDataSource HikariDataSource (cutover-legacy) "
                        + "has been closed.");
    }

    @Test
    void shouldLeaveACallersPoolOpenWhenWrapped() {
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(server().jdbcUrlForCallersPool(database));
        config.setUsername(database.username());
        config.setPassword(database.password());
        config.setMaximumPoolSize(2);
        config.setPoolName("callers-pool");
        long rows = database.queryLong("SELECT count(*) FROM tbl_clients");
        try (HikariDataSource callers = new HikariDataSource(config)) {
            LegacyAdapter adapter = LegacyAdapter.wrap(callers, server().dialect());
            assertThat(adapter.backend()).isEqualTo(Backend.LEGACY);
            assertThat(adapter.connections().dataSource()).isSameAs(callers);
            assertThat(adapter.store(Clients.MAPPING, Clients.TABLE).count()).isEqualTo(rows);

            adapter.close();
            adapter.close();

            assertThat(callers.isClosed()).isFalse();
            assertThat(LegacyAdapter.wrap(callers, server().dialect()).store(Clients.MAPPING, Clients.TABLE).count())
                    .isEqualTo(rows);
        }
        assertThat(database.openConnectionsAfterClose()).isZero();
    }

    @Test
    void shouldNameUrlAndUserButNeverThePasswordWhenTheDatabaseRefuses() {
        String user = "cutover_locked_" + Long.toHexString(ThreadLocalRandom.current().nextLong() & 0xffffffffL);
        String password = "Sup3r-Secret-" + Long.toHexString(ThreadLocalRandom.current().nextLong());
        database.execute(server().createLockedLogin(user));
        Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        Logger hikari = (Logger) LoggerFactory.getLogger("com.zaxxer.hikari");
        Level hikariLevel = hikari.getLevel();
        ListAppender<ILoggingEvent> logs = new ListAppender<>();
        logs.start();
        root.addAppender(logs);
        hikari.setLevel(Level.DEBUG); // HikariCP's DEBUG log prints its whole configuration
        try {
            LegacyConfig config = LegacyConfig.custom().jdbcUrl(bareUrl()).username(user).password(password).build();

            assertThatThrownBy(() -> LegacyAdapter.create(config))
                    .isInstanceOfSatisfying(DataAccessException.class, e -> {
                        assertThat(e.sqlState()).startsWith("28");
                        assertThat(e.backend()).isEqualTo(Backend.LEGACY);
                        assertThat(e.getMessage()).matches(server().loginRefusal(bareUrl(), user))
                                .contains("(pool cutover-legacy, SQLState " + e.sqlState() + "): ");
                        StringWriter trace = new StringWriter();
                        e.printStackTrace(new PrintWriter(trace));
                        assertThat(trace.toString()).doesNotContain(password);
                    });
            assertThat(config.toString()).doesNotContain(password).contains("dialect=" + server().dialect().name());
        } finally {
            hikari.setLevel(hikariLevel);
            root.detachAppender(logs);
            database.execute(server().dropLockedLogin(user));
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

    @Test
    void shouldNameAnUnreachableDatabase() {
        LegacyConfig config = LegacyConfig.custom().jdbcUrl(server().unreachableUrl()).username("app").password("hunter3")
                .connectionTimeout(Duration.ofSeconds(1)).build();

        assertThatThrownBy(() -> LegacyAdapter.create(config))
                .isInstanceOfSatisfying(DataAccessException.class,
                        e -> assertThat(e.sqlState()).isEqualTo(server().unreachableSqlState()))
                .hasMessage("Cannot connect to the legacy database at " + server().unreachableUrl().replace("hunter2", "***")
                        + " as user 'app' (pool cutover-legacy, SQLState " + server().unreachableSqlState() + "): "
                        + server().unreachableCause());
    }
}
