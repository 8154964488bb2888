package dev.cutover.testkit.internal;

import dev.cutover.backend.JdbcUrls;
import dev.cutover.testkit.TestPostgres;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.postgresql.PostgreSQLContainer;

/** Finds a PostgreSQL server for tests: URL variable, then Testcontainers, then embedded. */
public final class PostgresServers {
    private static final Pattern URL = Pattern.compile("(jdbc:postgresql://[^/?]+/)([^?]*)(\\?.*)?");
    private static final String HOW_TO = "set " + TestPostgres.URL_VARIABLE
            + " to the JDBC URL of a PostgreSQL server whose user may create databases, for example "
            + TestPostgres.URL_VARIABLE + "='jdbc:postgresql://127.0.0.1:5432/test?user=postgres'";

    /** A located server: a URL for its maintenance database, credentials, and a description. */
    public record Found(String adminUrl, Properties credentials, String description) {
    }

    private PostgresServers() {
    }

    public static Found locate(String urlFromEnvironment) {
        if (urlFromEnvironment != null && !urlFromEnvironment.isBlank()) {
            return fromUrl(urlFromEnvironment.strip());
        }
        if (dockerAnswers()) {
            return fromContainer();
        }
        return embedded();
    }

    /** The same server's URL with another database name; parameters kept. */
    public static String withDatabase(String url, String database) {
        Matcher matcher = URL.matcher(url);
        if (!matcher.matches()) {
            throw new IllegalArgumentException("Not a PostgreSQL JDBC URL: " + JdbcUrls.redact(url));
        }
        return matcher.group(1) + database + (matcher.group(3) == null ? "" : matcher.group(3));
    }

    private static Found fromUrl(String url) {
        if (!URL.matcher(url).matches()) {
            throw new IllegalStateException(TestPostgres.URL_VARIABLE + "='" + JdbcUrls.redact(url)
                    + "' is not a PostgreSQL JDBC URL (jdbc:postgresql://host:port/database?user=...); " + HOW_TO);
        }
        // user and password given as URL parameters are the databases' credentials too: username() must name them
        Properties credentials = urlCredentials(url);
        String description = "server from " + TestPostgres.URL_VARIABLE + " (" + JdbcUrls.redact(url) + ")";
        check(url, credentials, description);
        return new Found(url, credentials, version(url, credentials, description));
    }

    /** The {@code user} and {@code password} parameters of a JDBC URL, URL-decoded. */
    static Properties urlCredentials(String url) {
        Properties credentials = new Properties();
        int query = url.indexOf('?');
        if (query >= 0) {
            for (String parameter : url.substring(query + 1).split("&")) {
                int equals = parameter.indexOf('=');
                String name = equals < 0 ? parameter : parameter.substring(0, equals);
                if (equals > 0 && (name.equals("user") || name.equals("password"))) {
                    credentials.setProperty(name, java.net.URLDecoder.decode(parameter.substring(equals + 1),
                            java.nio.charset.StandardCharsets.UTF_8));
                }
            }
        }
        return credentials;
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
        PostgreSQLContainer container = new PostgreSQLContainer("postgres:17-alpine");
        container.start();
        Runtime.getRuntime().addShutdownHook(new Thread(container::stop, "cutover-testkit-container-stop"));
        Properties credentials = new Properties();
        credentials.setProperty("user", container.getUsername());
        credentials.setProperty("password", container.getPassword());
        String url = container.getJdbcUrl();
        return new Found(url, credentials, version(url, credentials, "Testcontainers PostgreSQL container"));
    }

    private static Found embedded() {
        EmbeddedPostgres postgres;
        try {
            postgres = EmbeddedPostgres.builder().start();
        } catch (IOException | RuntimeException e) {
            throw new IllegalStateException("No PostgreSQL for tests: " + TestPostgres.URL_VARIABLE
                    + " is not set, no Docker engine answers, and embedded PostgreSQL did not start (" + e.getMessage()
                    + "); " + HOW_TO, e);
        }
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                postgres.close();
            } catch (IOException e) {
                System.err.println("[cutover-testkit] embedded PostgreSQL did not stop cleanly: " + e.getMessage());
            }
        }, "cutover-testkit-embedded-stop"));
        String url = "jdbc:postgresql://127.0.0.1:" + postgres.getPort() + "/postgres";
        Properties credentials = new Properties();
        credentials.setProperty("user", "postgres");
        return new Found(url, credentials, version(url, credentials, "embedded PostgreSQL (io.zonky.test)"));
    }

    private static void check(String url, Properties credentials, String description) {
        try (Connection connection = DriverManager.getConnection(url, credentials)) {
            connection.isValid(5);
        } catch (SQLException e) {
            throw new IllegalStateException("No PostgreSQL for tests: the " + description + " did not answer ("
                    + e.getMessage() + "); start it or " + HOW_TO, e);
        }
    }

    private static String version(String url, Properties credentials, String description) {
        try (Connection connection = DriverManager.getConnection(url, credentials)) {
            String host = url.replaceFirst("jdbc:postgresql://([^/]+)/.*", "$1");
            return description + ", PostgreSQL " + connection.getMetaData().getDatabaseProductVersion() + " on " + host;
        } catch (SQLException e) {
            throw new IllegalStateException("No PostgreSQL for tests: the " + description + " did not answer ("
                    + e.getMessage() + "); " + HOW_TO, e);
        }
    }
}
