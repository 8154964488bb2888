package dev.cutover.jdbc;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * JDBC URLs as they may appear in logs and messages, without secrets, and the URL forms the drivers accept. Stateless
 * and thread-safe.
 *
 * <p>A secret is the value of any parameter whose name contains {@code password}, {@code passwd}, {@code pwd},
 * {@code secret}, {@code token}, {@code credential} or {@code key} (any case: {@code password}, {@code sslpassword},
 * {@code trustStorePassword}, {@code apiToken}, {@code secretKey}, {@code sslkey}), however the URL separates its
 * parameters ({@code ?&}, {@code ;}, or MySQL's {@code (host=...,password=...)}), and the password of the
 * {@code user:password@host} form.
 */
public final class JdbcUrls {
    /** A parameter name that holds or names key material. */
    static final String SECRET_NAME = "[A-Za-z0-9_.\\-]*(?:password|passwd|pwd|secret|token|credential|key)[A-Za-z0-9_.\\-]*";
    /** A value of {@code ...} is a placeholder in a message, not a secret. */
    private static final Pattern SECRET_PARAMETER = Pattern.compile("(?i)([?&;(,]\\s*" + SECRET_NAME
            + "\\s*=\\s*)(?!\\.\\.\\.(?:[\\s,;)]|$))[^&;,)\\s]*");
    /** {@code //user:password@host}: everything up to the last {@code @} before the path is the user information. */
    private static final Pattern USER_INFO = Pattern.compile("(//[^/@:?#\\s]*):[^/?#\\s]*@");
    private static final Pattern POSTGRES_USER_INFO = Pattern.compile("(?i)^jdbc:postgresql://[^/?#]*@");
    private static final Pattern MARIADB_USER_INFO = Pattern.compile("(?i)^jdbc:(?:mariadb|mysql):(?:[a-z]+:)?//[^/?#()]*@");

    private JdbcUrls() {
    }

    /** The URL with every secret replaced by {@code ***}; {@code null} stays {@code null}. */
    public static String redact(String jdbcUrl) {
        if (jdbcUrl == null) {
            return null;
        }
        String redacted = SECRET_PARAMETER.matcher(jdbcUrl).replaceAll("$1***");
        return USER_INFO.matcher(redacted).replaceAll("$1:***@");
    }

    /**
     * Refuses a URL whose driver would take its {@code user:password@host} part for the host name (and then print the
     * password in its error): PgJDBC and MariaDB Connector/J accept no user information before the host, unlike
     * libpq's {@code postgresql://user:password@host/db}.
     *
     * @throws IllegalArgumentException naming the form the driver accepts, the password redacted
     */
    public static void requireAcceptedForm(String jdbcUrl) {
        if (jdbcUrl == null) {
            return;
        }
        Matcher postgres = POSTGRES_USER_INFO.matcher(jdbcUrl);
        Matcher mariadb = MARIADB_USER_INFO.matcher(jdbcUrl);
        if (postgres.find()) {
            throw new IllegalArgumentException(refusal(jdbcUrl, "PgJDBC", "jdbc:postgresql://host:port/database?user=NAME&password=..."));
        }
        if (mariadb.find()) {
            String scheme = jdbcUrl.substring(0, jdbcUrl.indexOf("//")).toLowerCase(Locale.ROOT);
            throw new IllegalArgumentException(refusal(jdbcUrl, "MariaDB Connector/J", scheme
                    + "//host:port/database?user=NAME&password=..."));
        }
    }

    private static String refusal(String jdbcUrl, String driver, String accepted) {
        return "jdbcUrl '" + redact(jdbcUrl) + "' puts the user (and password) before the host and an @, libpq's form,"
                + " which " + driver + " does not accept: it would take that part for the host name. Write " + accepted
                + ", or give the user and password as their own settings (username(...) and password(...);"
                + " CUTOVER_POSTGRES_USER/_PASSWORD, CUTOVER_LEGACY_USER/_PASSWORD)";
    }
}
