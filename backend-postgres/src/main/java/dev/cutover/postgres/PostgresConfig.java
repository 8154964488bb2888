package dev.cutover.postgres;

import dev.cutover.backend.ConnectionSettings;
import dev.cutover.jdbc.JdbcUrls;
import java.time.Duration;
import java.util.Objects;

/**
 * How {@link PostgresAdapter#create} reaches the target PostgreSQL database and sizes its pool: the
 * {@link ConnectionSettings} every backend shares, and the schema of the mapped tables.
 *
 * <pre>{@code
 * PostgresConfig config = PostgresConfig.custom()
 *         .jdbcUrl("jdbc:postgresql://db.internal:5432/booking")
 *         .username("booking_app")
 *         .password(System.getenv("BOOKING_DB_PASSWORD"))
 *         .maximumPoolSize(20)
 *         .build();
 * }</pre>
 *
 * <p>Each builder method checks its argument and names the bad value, so a typo fails where it is made,
 * not when the pool starts. The URL must be a PgJDBC one ({@code jdbc:postgresql:}), and the application
 * name 1 to 63 printable ASCII characters. The password is never shown: {@link #toString()} prints
 * {@code ***} and the JDBC URL without any password parameter.
 *
 * <p>Immutable and thread-safe; the {@link Builder} is not thread-safe.
 */
public final class PostgresConfig {
    /** The schema of the mapped tables unless {@link Builder#schema} says otherwise. */
    public static final String DEFAULT_SCHEMA = "public";
    public static final int DEFAULT_MAXIMUM_POOL_SIZE = ConnectionSettings.DEFAULT_MAXIMUM_POOL_SIZE;
    public static final Duration DEFAULT_CONNECTION_TIMEOUT = ConnectionSettings.DEFAULT_CONNECTION_TIMEOUT;
    /** Shown in {@code pg_stat_activity.application_name}, so DBAs can tell Cutover's sessions apart. */
    public static final String DEFAULT_APPLICATION_NAME = "cutover-postgres";
    /** HikariCP refuses shorter connection timeouts. */
    public static final Duration MINIMUM_CONNECTION_TIMEOUT = ConnectionSettings.MINIMUM_CONNECTION_TIMEOUT;

    private static final String URL_PREFIX = "jdbc:postgresql:";
    /** PostgreSQL truncates longer names to 63 bytes. */
    private static final int MAXIMUM_APPLICATION_NAME_LENGTH = 63;

    private final ConnectionSettings connectionSettings;
    private final String schema;

    private PostgresConfig(ConnectionSettings connectionSettings, String schema) {
        this.connectionSettings = connectionSettings;
        this.schema = schema;
    }

    /** A builder with the defaults; {@link Builder#jdbcUrl} is required. */
    public static Builder custom() {
        return new Builder();
    }

    /** A builder starting from {@code base}'s settings. */
    public static Builder from(PostgresConfig base) {
        return new Builder(Objects.requireNonNull(base, "base"));
    }

    /** The pool's settings, as every backend has them. */
    public ConnectionSettings connectionSettings() {
        return connectionSettings;
    }

    /** The JDBC URL as given; it may hold a password, so show {@link JdbcUrls#redact} of it, never this. */
    public String jdbcUrl() {
        return connectionSettings.jdbcUrl();
    }

    /** The user name, or {@code null} when the URL carries it. */
    public String username() {
        return connectionSettings.username();
    }

    /** The password, or {@code null} when the URL carries it or the server needs none. Never log it. */
    public String password() {
        return connectionSettings.password();
    }

    public String schema() {
        return schema;
    }

    public int maximumPoolSize() {
        return connectionSettings.maximumPoolSize();
    }

    public Duration connectionTimeout() {
        return connectionSettings.connectionTimeout();
    }

    public String applicationName() {
        return connectionSettings.applicationName();
    }

    @Override
    public String toString() {
        return "PostgresConfig[" + connectionSettings + ", schema=" + schema + "]";
    }

    /**
     * Collects and checks a {@link PostgresConfig}: the shared settings, checked by
     * {@link ConnectionSettings.Builder} with PostgreSQL's own rules for the URL and the application name,
     * and the schema. Not thread-safe.
     */
    public static final class Builder extends ConnectionSettings.Builder<Builder> {
        private String schema = DEFAULT_SCHEMA;

        private Builder() {
            super("PostgresConfig", URL_PREFIX, DEFAULT_APPLICATION_NAME);
        }

        private Builder(PostgresConfig base) {
            super("PostgresConfig", URL_PREFIX, base.connectionSettings);
            this.schema = base.schema;
        }

        @Override
        protected Builder self() {
            return this;
        }

        /** The schema that holds the mapped tables; {@value PostgresConfig#DEFAULT_SCHEMA} by default. */
        public Builder schema(String schema) {
            this.schema = checkSchema(schema);
            return this;
        }

        @Override
        protected void checkApplicationName(String applicationName) {
            if (applicationName.length() > MAXIMUM_APPLICATION_NAME_LENGTH
                    || !applicationName.chars().allMatch(c -> c >= 0x20 && c < 0x7f)) {
                throw new IllegalArgumentException("applicationName must be at most 63 printable ASCII characters, was '"
                        + applicationName + "'; PostgreSQL truncates longer names and replaces other characters with '?'");
            }
        }

        public PostgresConfig build() {
            return new PostgresConfig(connectionSettings(), schema);
        }
    }

    static String checkSchema(String schema) {
        if (schema == null || schema.isBlank() || schema.indexOf('\0') >= 0) {
            throw new IllegalArgumentException("schema '" + schema + "' is not a schema name; for example 'public'");
        }
        return schema;
    }
}
