package dev.cutover.legacy;

import dev.cutover.backend.JdbcUrls;
import java.time.Duration;
import java.util.Objects;

/**
 * How {@link LegacyAdapter#create} connects to the legacy database and sizes the pool it owns.
 *
 * <pre>{@code
 * LegacyConfig config = LegacyConfig.custom()
 *         .jdbcUrl(System.getenv("LEGACY_JDBC_URL"))
 *         .username("app")
 *         .password(System.getenv("LEGACY_PASSWORD"))
 *         .maximumPoolSize(10)
 *         .build();
 * }</pre>
 *
 * <p>The dialect is taken from the URL when it is a {@code jdbc:postgresql:} URL ({@link LegacyDialect#postgresql()})
 * or a {@code jdbc:mariadb:} or {@code jdbc:mysql:} URL ({@link LegacyDialect#mariadb()}); give it otherwise. The
 * password never appears in {@link #toString()}, in messages or in logs, and passwords inside the URL are
 * redacted wherever the URL is shown.
 *
 * <p>Immutable and thread-safe; the {@link Builder} is not thread-safe.
 */
public final class LegacyConfig {
    /** The pool's default size. */
    public static final int DEFAULT_MAXIMUM_POOL_SIZE = 10;
    /** How long a caller waits for a connection by default. */
    public static final Duration DEFAULT_CONNECTION_TIMEOUT = Duration.ofSeconds(30);
    /** The application name connections report by default (PostgreSQL's {@code application_name}). */
    public static final String DEFAULT_APPLICATION_NAME = "cutover-legacy";
    /** HikariCP silently replaces shorter timeouts with its default; refusing them is clearer. */
    private static final Duration MINIMUM_CONNECTION_TIMEOUT = Duration.ofMillis(250);

    private final String jdbcUrl;
    private final String username;
    private final String password;
    private final LegacyDialect dialect;
    private final int maximumPoolSize;
    private final Duration connectionTimeout;
    private final String applicationName;

    private LegacyConfig(Builder builder, LegacyDialect dialect) {
        this.jdbcUrl = builder.jdbcUrl;
        this.username = builder.username;
        this.password = builder.password;
        this.dialect = dialect;
        this.maximumPoolSize = builder.maximumPoolSize;
        this.connectionTimeout = builder.connectionTimeout;
        this.applicationName = builder.applicationName;
    }

    public static Builder custom() {
        return new Builder();
    }

    /** A builder holding {@code base}'s values, to change some of them. */
    public static Builder from(LegacyConfig base) {
        Objects.requireNonNull(base, "base");
        Builder builder = new Builder();
        builder.jdbcUrl = base.jdbcUrl;
        builder.username = base.username;
        builder.password = base.password;
        builder.dialect = base.dialect;
        builder.maximumPoolSize = base.maximumPoolSize;
        builder.connectionTimeout = base.connectionTimeout;
        builder.applicationName = base.applicationName;
        return builder;
    }

    /** The JDBC URL as given; show {@link JdbcUrls#redact} of it, never the URL itself. */
    public String jdbcUrl() {
        return jdbcUrl;
    }

    /** The user name, or {@code null} if the URL or the driver's defaults give it. */
    public String username() {
        return username;
    }

    /** The password, or {@code null}; for the pool only, never to be shown. */
    public String password() {
        return password;
    }

    public LegacyDialect dialect() {
        return dialect;
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
        return "LegacyConfig[jdbcUrl=" + JdbcUrls.redact(jdbcUrl) + ", username=" + username + ", password="
                + (password == null ? "<none>" : "***") + ", dialect=" + dialect.name() + ", maximumPoolSize="
                + maximumPoolSize + ", connectionTimeout=" + connectionTimeout + ", applicationName=" + applicationName + "]";
    }

    /** Collects and checks a {@link LegacyConfig}; each method names the value it refuses. Not thread-safe. */
    public static final class Builder {
        private String jdbcUrl;
        private String username;
        private String password;
        private LegacyDialect dialect;
        private int maximumPoolSize = DEFAULT_MAXIMUM_POOL_SIZE;
        private Duration connectionTimeout = DEFAULT_CONNECTION_TIMEOUT;
        private String applicationName = DEFAULT_APPLICATION_NAME;

        private Builder() {
        }

        /** The legacy database's JDBC URL, for example {@code jdbc:postgresql://db:5432/booking}. Required. */
        public Builder jdbcUrl(String jdbcUrl) {
            if (jdbcUrl == null || !jdbcUrl.startsWith("jdbc:")) {
                throw new IllegalArgumentException("jdbcUrl must start with 'jdbc:', was "
                        + (jdbcUrl == null ? "null" : "'" + JdbcUrls.redact(jdbcUrl) + "'"));
            }
            this.jdbcUrl = jdbcUrl;
            return this;
        }

        /** The user to connect as; {@code null} leaves it to the URL or the driver. */
        public Builder username(String username) {
            if (username != null && username.isBlank()) {
                throw new IllegalArgumentException("username must not be blank, was '" + username
                        + "'; pass null to take it from the URL");
            }
            this.username = username;
            return this;
        }

        /** The password; {@code null} for none. Never shown. */
        public Builder password(String password) {
            this.password = password;
            return this;
        }

        /** The legacy database's dialect; taken from the URL when not given and the URL says PostgreSQL or MariaDB/MySQL. */
        public Builder dialect(LegacyDialect dialect) {
            this.dialect = Objects.requireNonNull(dialect, "dialect");
            return this;
        }

        /** The most connections the pool opens; at least 1, default {@value #DEFAULT_MAXIMUM_POOL_SIZE}. */
        public Builder maximumPoolSize(int maximumPoolSize) {
            if (maximumPoolSize < 1) {
                throw new IllegalArgumentException("maximumPoolSize must be at least 1, was '" + maximumPoolSize + "'");
            }
            this.maximumPoolSize = maximumPoolSize;
            return this;
        }

        /** How long a caller waits for a connection before failing; at least 250 ms, default 30 s. */
        public Builder connectionTimeout(Duration connectionTimeout) {
            if (connectionTimeout == null || connectionTimeout.compareTo(MINIMUM_CONNECTION_TIMEOUT) < 0) {
                throw new IllegalArgumentException("connectionTimeout must be at least 250 ms, was '" + connectionTimeout
                        + "'");
            }
            this.connectionTimeout = connectionTimeout;
            return this;
        }

        /** The name connections report to the database, where the dialect supports it; default "cutover-legacy". */
        public Builder applicationName(String applicationName) {
            if (applicationName == null || applicationName.isBlank()) {
                throw new IllegalArgumentException("applicationName must not be blank, was "
                        + (applicationName == null ? "null" : "'" + applicationName + "'"));
            }
            this.applicationName = applicationName;
            return this;
        }

        public LegacyConfig build() {
            if (jdbcUrl == null) {
                throw new IllegalStateException("LegacyConfig needs a JDBC URL: call jdbcUrl(\"jdbc:postgresql://host:5432/database\")");
            }
            LegacyDialect chosen = dialect;
            if (chosen == null) {
                if (jdbcUrl.startsWith("jdbc:postgresql:")) {
                    chosen = LegacyDialect.postgresql();
                } else if (jdbcUrl.startsWith("jdbc:mariadb:") || jdbcUrl.startsWith("jdbc:mysql:")) {
                    chosen = LegacyDialect.mariadb();
                } else {
                    throw new IllegalStateException("LegacyConfig has no dialect for jdbcUrl '" + JdbcUrls.redact(jdbcUrl)
                            + "': call dialect(...); available: LegacyDialect.postgresql(), LegacyDialect.mariadb()");
                }
            }
            return new LegacyConfig(this, chosen);
        }
    }
}
