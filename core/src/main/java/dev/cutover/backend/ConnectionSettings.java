package dev.cutover.backend;

import dev.cutover.jdbc.JdbcUrls;
import java.time.Duration;
import java.util.Objects;

/**
 * What every backend's connection pool needs: where to connect, as whom, how many connections to open, how
 * long a caller waits for one, and the name its sessions report to the database. Each backend's
 * configuration ({@code LegacyConfig}, {@code PostgresConfig}) holds one, built by its own subclass of
 * {@link Builder}, which adds the backend's settings and rules to the shared ones here.
 *
 * <p>The password never appears in {@link #toString()}, and the URL is shown only through
 * {@link JdbcUrls#redact}, as in every message of {@link Builder}.
 *
 * <p>Immutable and thread-safe; a {@link Builder} is not thread-safe.
 */
public final class ConnectionSettings {
    /** The pool's default size. */
    public static final int DEFAULT_MAXIMUM_POOL_SIZE = 10;
    /** How long a caller waits for a connection by default. */
    public static final Duration DEFAULT_CONNECTION_TIMEOUT = Duration.ofSeconds(30);
    /** HikariCP silently replaces shorter timeouts with its default; refusing them is clearer. */
    public static final Duration MINIMUM_CONNECTION_TIMEOUT = Duration.ofMillis(250);

    private static final String EXAMPLE_URL = "jdbc:postgresql://host:5432/database";

    private final String jdbcUrl;
    private final String username;
    private final String password;
    private final int maximumPoolSize;
    private final Duration connectionTimeout;
    private final String applicationName;

    private ConnectionSettings(Builder<?> builder) {
        this.jdbcUrl = builder.jdbcUrl;
        this.username = builder.username;
        this.password = builder.password;
        this.maximumPoolSize = builder.maximumPoolSize;
        this.connectionTimeout = builder.connectionTimeout;
        this.applicationName = builder.applicationName;
    }

    /** The JDBC URL as given; it may hold a password, so show {@link JdbcUrls#redact} of it, never this. */
    public String jdbcUrl() {
        return jdbcUrl;
    }

    /** The user name, or {@code null} to leave it to the URL or the driver. */
    public String username() {
        return username;
    }

    /** The password, or {@code null} to leave it to the URL or to a server that needs none. Never show it. */
    public String password() {
        return password;
    }

    /** The most connections the pool opens. */
    public int maximumPoolSize() {
        return maximumPoolSize;
    }

    /** How long a caller waits for a connection, and the pool for its first one at start, before failing. */
    public Duration connectionTimeout() {
        return connectionTimeout;
    }

    /** The name the pool's sessions report to the database, where it supports one. */
    public String applicationName() {
        return applicationName;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof ConnectionSettings that && jdbcUrl.equals(that.jdbcUrl)
                && Objects.equals(username, that.username) && Objects.equals(password, that.password)
                && maximumPoolSize == that.maximumPoolSize && connectionTimeout.equals(that.connectionTimeout)
                && applicationName.equals(that.applicationName);
    }

    @Override
    public int hashCode() {
        return Objects.hash(jdbcUrl, username, password, maximumPoolSize, connectionTimeout, applicationName);
    }

    @Override
    public String toString() {
        return "ConnectionSettings[jdbcUrl=" + JdbcUrls.redact(jdbcUrl) + ", username=" + username + ", password="
                + (password == null ? "<none>" : "***") + ", maximumPoolSize=" + maximumPoolSize
                + ", connectionTimeout=" + connectionTimeout + ", applicationName=" + applicationName + "]";
    }

    /** {@code 'value'}, or {@code null} unquoted, so that a message tells a missing value from an empty one. */
    private static String quoted(Object value) {
        return value == null ? "null" : "'" + value + "'";
    }

    /**
     * Collects and checks the shared settings for a backend's configuration builder {@code B}, which adds its
     * own settings and builds the configuration from {@link #connectionSettings()}. Each method refuses a bad
     * value at once, quoting it, so a typo fails where it is made and not when the pool starts.
     *
     * <p>A subclass chooses the prefix every JDBC URL must have and the default application name, and may
     * add rules for the application name through {@link #checkApplicationName}. Not thread-safe.
     *
     * @param <B> the subclass, which every setter returns so that its own setters can follow
     */
    public abstract static class Builder<B extends Builder<B>> {
        private final String configName;
        private final String urlPrefix;
        private String jdbcUrl;
        private String username;
        private String password;
        private int maximumPoolSize = DEFAULT_MAXIMUM_POOL_SIZE;
        private Duration connectionTimeout = DEFAULT_CONNECTION_TIMEOUT;
        private String applicationName;

        /**
         * A builder with the defaults and no JDBC URL yet.
         *
         * @param configName the configuration's name, for messages: {@code PostgresConfig}
         * @param urlPrefix what every JDBC URL must start with: {@code jdbc:}, or a driver's own such as
         *     {@code jdbc:postgresql:}
         * @param defaultApplicationName the application name unless {@link #applicationName} says otherwise
         */
        protected Builder(String configName, String urlPrefix, String defaultApplicationName) {
            this.configName = Objects.requireNonNull(configName, "configName");
            this.urlPrefix = Objects.requireNonNull(urlPrefix, "urlPrefix");
            this.applicationName = Objects.requireNonNull(defaultApplicationName, "defaultApplicationName");
        }

        /** A builder holding {@code base}'s values, for a configuration's {@code from(base)}. */
        protected Builder(String configName, String urlPrefix, ConnectionSettings base) {
            this.configName = Objects.requireNonNull(configName, "configName");
            this.urlPrefix = Objects.requireNonNull(urlPrefix, "urlPrefix");
            Objects.requireNonNull(base, "base");
            this.jdbcUrl = base.jdbcUrl;
            this.username = base.username;
            this.password = base.password;
            this.maximumPoolSize = base.maximumPoolSize;
            this.connectionTimeout = base.connectionTimeout;
            this.applicationName = base.applicationName;
        }

        /** {@code this}, typed as the subclass; the cast-free way to return {@code B}. */
        protected abstract B self();

        /**
         * The database's JDBC URL, for example {@code jdbc:postgresql://db:5432/booking}; it must start with
         * the configuration's prefix ({@code jdbc:postgresql:} for PostgreSQL), and must not put a user and password
         * before the host, which the drivers do not accept ({@link JdbcUrls#requireAcceptedForm}). Required.
         */
        public final B jdbcUrl(String jdbcUrl) {
            if (jdbcUrl == null || !jdbcUrl.startsWith(urlPrefix)) {
                throw new IllegalArgumentException("jdbcUrl must start with '" + urlPrefix + "', was "
                        + quoted(JdbcUrls.redact(jdbcUrl)) + "; for example '" + EXAMPLE_URL + "'");
            }
            JdbcUrls.requireAcceptedForm(jdbcUrl);
            this.jdbcUrl = jdbcUrl;
            return self();
        }

        /** The user to connect as; {@code null} (the default) leaves it to the URL or the driver. */
        public final B username(String username) {
            if (username != null && username.isBlank()) {
                throw new IllegalArgumentException("username must not be blank, was " + quoted(username)
                        + "; give a user name, or null to take it from the JDBC URL");
            }
            this.username = username;
            return self();
        }

        /** The password; {@code null} (the default) leaves it to the URL or to a server that needs none. */
        public final B password(String password) {
            // No rule, so no message: a message could only echo the password.
            this.password = password;
            return self();
        }

        /** The most connections the pool opens; at least 1, {@value ConnectionSettings#DEFAULT_MAXIMUM_POOL_SIZE} by default. */
        public final B maximumPoolSize(int maximumPoolSize) {
            if (maximumPoolSize < 1) {
                throw new IllegalArgumentException("maximumPoolSize must be at least 1, was " + quoted(maximumPoolSize));
            }
            this.maximumPoolSize = maximumPoolSize;
            return self();
        }

        /**
         * How long a caller waits for a connection, and the pool for its first one at start, before failing;
         * at least 250 ms, 30 s by default.
         */
        public final B connectionTimeout(Duration connectionTimeout) {
            if (connectionTimeout == null || connectionTimeout.compareTo(MINIMUM_CONNECTION_TIMEOUT) < 0) {
                throw new IllegalArgumentException("connectionTimeout must be at least 250 ms, was "
                        + quoted(connectionTimeout));
            }
            this.connectionTimeout = connectionTimeout;
            return self();
        }

        /**
         * The name the pool's sessions report to the database (PostgreSQL's {@code application_name}), so
         * that DBAs can tell Cutover's sessions apart; not blank, and within the configuration's own rules.
         */
        public final B applicationName(String applicationName) {
            if (applicationName == null || applicationName.isBlank()) {
                throw new IllegalArgumentException("applicationName must not be blank, was " + quoted(applicationName));
            }
            checkApplicationName(applicationName);
            this.applicationName = applicationName;
            return self();
        }

        /**
         * The configuration's own rules for an application name, which is never {@code null} or blank here;
         * throws {@link IllegalArgumentException} quoting it, in the form {@code applicationName must ...,
         * was '...'}. Accepts every name unless overridden.
         */
        protected void checkApplicationName(String applicationName) {
        }

        /** The shared settings, for {@code build()}; fails naming the call to make when the URL is missing. */
        protected final ConnectionSettings connectionSettings() {
            if (jdbcUrl == null) {
                throw new IllegalStateException(configName + " needs a JDBC URL: call jdbcUrl(\"" + EXAMPLE_URL + "\")");
            }
            return new ConnectionSettings(this);
        }
    }
}
