package dev.cutover.postgres;

import dev.cutover.backend.JdbcUrls;
import java.time.Duration;
import java.util.Objects;

/**
 * How {@link PostgresAdapter#create} reaches the target PostgreSQL database and sizes its pool.
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
 * not when the pool starts. The password is never shown: {@link #toString()} prints {@code ***} and the
 * JDBC URL without any password parameter.
 *
 * <p>Immutable and thread-safe; the {@link Builder} is not thread-safe.
 */
public final class PostgresConfig {
    /** The schema of the mapped tables unless {@link Builder#schema} says otherwise. */
    public static final String DEFAULT_SCHEMA = "public";
    public static final int DEFAULT_MAXIMUM_POOL_SIZE = 10;
    public static final Duration DEFAULT_CONNECTION_TIMEOUT = Duration.ofSeconds(30);
    /** Shown in {@code pg_stat_activity.application_name}, so DBAs can tell Cutover's sessions apart. */
    public static final String DEFAULT_APPLICATION_NAME = "cutover-postgres";
    /** HikariCP refuses shorter connection timeouts. */
    public static final Duration MINIMUM_CONNECTION_TIMEOUT = Duration.ofMillis(250);

    private static final String URL_PREFIX = "jdbc:postgresql:";

    private final String jdbcUrl;
    private final String username;
    private final String password;
    private final String schema;
    private final int maximumPoolSize;
    private final Duration connectionTimeout;
    private final String applicationName;

    private PostgresConfig(Builder builder) {
        this.jdbcUrl = builder.jdbcUrl;
        this.username = builder.username;
        this.password = builder.password;
        this.schema = builder.schema;
        this.maximumPoolSize = builder.maximumPoolSize;
        this.connectionTimeout = builder.connectionTimeout;
        this.applicationName = builder.applicationName;
    }

    /** A builder with the defaults; {@link Builder#jdbcUrl} is required. */
    public static Builder custom() {
        return new Builder();
    }

    /** A builder starting from {@code base}'s settings. */
    public static Builder from(PostgresConfig base) {
        Objects.requireNonNull(base, "base");
        Builder builder = new Builder();
        builder.jdbcUrl = base.jdbcUrl;
        builder.username = base.username;
        builder.password = base.password;
        builder.schema = base.schema;
        builder.maximumPoolSize = base.maximumPoolSize;
        builder.connectionTimeout = base.connectionTimeout;
        builder.applicationName = base.applicationName;
        return builder;
    }

    /** The JDBC URL as given; it may hold a password, so show {@link JdbcUrls#redact} of it, never this. */
    public String jdbcUrl() {
        return jdbcUrl;
    }

    /** The user name, or {@code null} when the URL carries it. */
    public String username() {
        return username;
    }

    /** The password, or {@code null} when the URL carries it or the server needs none. Never log it. */
    public String password() {
        return password;
    }

    public String schema() {
        return schema;
    }

    public int maximumPoolSize() {
        return maximumPoolSize;
    }

    public Duration connectionTimeout() {
        return connectionTimeout;
    }

    public String applicationName() {
        return applicationName;
    }

    @Override
    public String toString() {
        return "PostgresConfig[jdbcUrl=" + JdbcUrls.redact(jdbcUrl) + ", username=" + username
                + ", password=" + (password == null ? "none" : "***") + ", schema=" + schema
                + ", maximumPoolSize=" + maximumPoolSize + ", connectionTimeout=" + connectionTimeout
                + ", applicationName=" + applicationName + "]";
    }

    /** Collects and checks settings. Not thread-safe. */
    public static final class Builder {
        private String jdbcUrl;
        private String username;
        private String password;
        private String schema = DEFAULT_SCHEMA;
        private int maximumPoolSize = DEFAULT_MAXIMUM_POOL_SIZE;
        private Duration connectionTimeout = DEFAULT_CONNECTION_TIMEOUT;
        private String applicationName = DEFAULT_APPLICATION_NAME;

        private Builder() {
        }

        /** A PgJDBC URL: {@code jdbc:postgresql://host:port/database}. Required. */
        public Builder jdbcUrl(String jdbcUrl) {
            if (jdbcUrl == null || !jdbcUrl.startsWith(URL_PREFIX)) {
                throw new IllegalArgumentException("jdbcUrl '" + JdbcUrls.redact(jdbcUrl)
                        + "' is not a PostgreSQL JDBC URL; expected jdbc:postgresql://host:port/database");
            }
            this.jdbcUrl = jdbcUrl;
            return this;
        }

        /** The user to log in as; {@code null} leaves it to the URL. */
        public Builder username(String username) {
            if (username != null && username.isBlank()) {
                throw new IllegalArgumentException("username '" + username
                        + "' is blank; give a user name, or null to take it from the JDBC URL");
            }
            this.username = username;
            return this;
        }

        /** The password; {@code null} leaves it to the URL or to a server that needs none. Never echoed. */
        public Builder password(String password) {
            this.password = password;
            return this;
        }

        /** The schema that holds the mapped tables; {@value PostgresConfig#DEFAULT_SCHEMA} by default. */
        public Builder schema(String schema) {
            this.schema = checkSchema(schema);
            return this;
        }

        /** The most connections the pool opens; {@value PostgresConfig#DEFAULT_MAXIMUM_POOL_SIZE} by default. */
        public Builder maximumPoolSize(int maximumPoolSize) {
            if (maximumPoolSize < 1) {
                throw new IllegalArgumentException("maximumPoolSize must be at least 1, was '" + maximumPoolSize + "'");
            }
            this.maximumPoolSize = maximumPoolSize;
            return this;
        }

        /** How long a caller waits for a connection (and for the first one at startup); 30 s by default. */
        public Builder connectionTimeout(Duration connectionTimeout) {
            if (connectionTimeout == null || connectionTimeout.compareTo(MINIMUM_CONNECTION_TIMEOUT) < 0) {
                throw new IllegalArgumentException("connectionTimeout must be at least 250 ms, was '"
                        + connectionTimeout + "'");
            }
            this.connectionTimeout = connectionTimeout;
            return this;
        }

        /** The {@code application_name} of the pool's sessions; {@value PostgresConfig#DEFAULT_APPLICATION_NAME} by default. */
        public Builder applicationName(String applicationName) {
            // PostgreSQL truncates longer names to 63 bytes and replaces non-ASCII characters with '?'.
            if (applicationName == null || applicationName.isBlank() || applicationName.length() > 63
                    || !applicationName.chars().allMatch(c -> c >= 0x20 && c < 0x7f)) {
                throw new IllegalArgumentException("applicationName '" + applicationName
                        + "' must be 1 to 63 printable ASCII characters");
            }
            this.applicationName = applicationName;
            return this;
        }

        public PostgresConfig build() {
            if (jdbcUrl == null) {
                throw new IllegalStateException("PostgresConfig needs a JDBC URL: call "
                        + "jdbcUrl(\"jdbc:postgresql://host:5432/database\")");
            }
            return new PostgresConfig(this);
        }
    }

    static String checkSchema(String schema) {
        if (schema == null || schema.isBlank() || schema.indexOf('\0') >= 0) {
            throw new IllegalArgumentException("schema '" + schema + "' is not a schema name; for example 'public'");
        }
        return schema;
    }
}
