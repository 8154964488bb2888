package dev.cutover.testkit;

import dev.cutover.jdbc.JdbcUrls;
import dev.cutover.jdbc.Redaction;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Properties;
import java.util.function.Consumer;
import javax.sql.DataSource;
import org.awaitility.Awaitility;
import org.awaitility.core.ConditionTimeoutException;
import org.mariadb.jdbc.MariaDbDataSource;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * One database of a test server ({@link TestPostgres} or {@link TestMariaDb}), created for a test class and
 * dropped by {@link #close()}. Thread-safe.
 */
public final class TestDatabase implements AutoCloseable {
    private static final String POSTGRES_OPEN_CONNECTIONS =
            "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()";

    private final Consumer<String> dropper;
    private final String openConnectionsSql;
    private final String name;
    private final String jdbcUrl;
    private final Properties credentials;

    TestDatabase(TestPostgres server, String name, String jdbcUrl, Properties credentials) {
        this(server::dropDatabase, POSTGRES_OPEN_CONNECTIONS, name, jdbcUrl, credentials);
    }

    /**
     * @param dropper drops the database by name, ending connections still open to it
     * @param openConnectionsSql counts the connections to this database other than the asking one
     */
    TestDatabase(Consumer<String> dropper, String openConnectionsSql, String name, String jdbcUrl,
            Properties credentials) {
        this.dropper = dropper;
        this.openConnectionsSql = openConnectionsSql;
        this.name = name;
        this.jdbcUrl = jdbcUrl;
        this.credentials = credentials;
    }

    public String name() {
        return name;
    }

    /** The JDBC URL of this database, without user and password (see {@link #username()}, {@link #password()}). */
    public String jdbcUrl() {
        return jdbcUrl;
    }

    public String username() {
        return credentials.getProperty("user");
    }

    /** The password, or {@code null} when the server trusts the user. */
    public String password() {
        return credentials.getProperty("password");
    }

    /**
     * An unpooled {@link DataSource} of this database with its credentials (PgJDBC's or MariaDB Connector/J's, by
     * the URL), for code that takes a data source: migrations, flag stores.
     */
    public DataSource dataSource() {
        try {
            if (jdbcUrl.startsWith("jdbc:postgresql:")) {
                PGSimpleDataSource dataSource = new PGSimpleDataSource();
                dataSource.setURL(jdbcUrl);
                dataSource.setUser(username());
                if (password() != null) {
                    dataSource.setPassword(password());
                }
                return dataSource;
            }
            MariaDbDataSource dataSource = new MariaDbDataSource(jdbcUrl);
            dataSource.setUser(username());
            if (password() != null) {
                dataSource.setPassword(password());
            }
            return dataSource;
        } catch (SQLException e) {
            throw new IllegalStateException("No data source for " + this + ": " + Redaction.text(e.getMessage()), Redaction.chain(e));
        }
    }

    /** A new unpooled connection; the caller closes it. */
    public Connection connect() throws SQLException {
        return DriverManager.getConnection(jdbcUrl, credentials);
    }

    /** Runs SQL statements (separated by the caller into one string each) in autocommit. */
    public void execute(String... statements) {
        try (Connection connection = connect(); Statement statement = connection.createStatement()) {
            for (String sql : statements) {
                statement.execute(sql);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("Test database " + name + " refused SQL: " + Redaction.text(e.getMessage()), Redaction.chain(e));
        }
    }

    /** The first column of the first row of a query, as a long. */
    public long queryLong(String sql, Object... parameters) {
        try (Connection connection = connect(); PreparedStatement statement = connection.prepareStatement(sql)) {
            for (int i = 0; i < parameters.length; i++) {
                statement.setObject(i + 1, parameters[i]);
            }
            try (ResultSet result = statement.executeQuery()) {
                if (!result.next()) {
                    throw new IllegalStateException("No row from: " + sql);
                }
                return result.getLong(1);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("Test database " + name + " refused '" + sql + "': " + Redaction.text(e.getMessage()), Redaction.chain(e));
        }
    }

    /**
     * How many server connections to this database are open now, other than the one asking. To check for
     * leaks after closing pools, use {@link #openConnectionsAfterClose()}.
     */
    public long openConnections() {
        return queryLong(openConnectionsSql);
    }

    /**
     * {@link #openConnections()} once the server has caught up with closed connections: a server ends a closed
     * connection's session a moment after the client hangs up (later on a loaded machine), so this polls until
     * the count is 0, for at most 10 s, and returns the last count; a leaked connection stays open far longer.
     * Assert it is 0 after closing your pools.
     */
    public long openConnectionsAfterClose() {
        long[] open = {openConnections()};
        if (open[0] == 0) {
            return 0;
        }
        try {
            Awaitility.await("no open connection to " + name).atMost(Duration.ofSeconds(10)).pollDelay(Duration.ZERO)
                    .pollInterval(Duration.ofMillis(20)).pollInSameThread().until(() -> (open[0] = openConnections()) == 0);
        } catch (ConditionTimeoutException e) {
            // The caller asserts the count, which then names the connections left open.
        }
        return open[0];
    }

    /** Drops the database, ending any connection still open to it. */
    @Override
    public void close() {
        dropper.accept(name);
    }

    @Override
    public String toString() {
        return "TestDatabase[" + name + " at " + JdbcUrls.redact(jdbcUrl) + "]";
    }
}
