package dev.cutover.legacy;

import dev.cutover.backend.ConnectionSettings;
import dev.cutover.jdbc.JdbcUrls;
import java.time.Duration;
import java.util.Objects;

/**
 * How {@link LegacyAdapter#create} connects to the legacy database and sizes the pool it owns: the
 * {@link ConnectionSettings} every backend shares, and the legacy database's {@link LegacyDialect}.
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
    public static final int DEFAULT_MAXIMUM_POOL_SIZE = ConnectionSettings.DEFAULT_MAXIMUM_POOL_SIZE;
    /** How long a caller waits for a connection by default. */
    public static final Duration DEFAULT_CONNECTION_TIMEOUT = ConnectionSettings.DEFAULT_CONNECTION_TIMEOUT;
    /** The application name connections report by default (PostgreSQL's {@code application_name}). */
    public static final String DEFAULT_APPLICATION_NAME = "cutover-legacy";

    private static final String URL_PREFIX = "jdbc:";

    private final ConnectionSettings connectionSettings;
    private final LegacyDialect dialect;

    private LegacyConfig(ConnectionSettings connectionSettings, LegacyDialect dialect) {
        this.connectionSettings = connectionSettings;
        this.dialect = dialect;
    }

    /** A builder with the defaults; {@link Builder#jdbcUrl} is required. */
    public static Builder custom() {
        return new Builder();
    }

    /** A builder holding {@code base}'s values, to change some of them. */
    public static Builder from(LegacyConfig base) {
        return new Builder(Objects.requireNonNull(base, "base"));
    }

    /** The pool's settings, as every backend has them. */
    public ConnectionSettings connectionSettings() {
        return connectionSettings;
    }

    /** The JDBC URL as given; show {@link JdbcUrls#redact} of it, never the URL itself. */
    public String jdbcUrl() {
        return connectionSettings.jdbcUrl();
    }

    /** The user name, or {@code null} if the URL or the driver's defaults give it. */
    public String username() {
        return connectionSettings.username();
    }

    /** The password, or {@code null}; for the pool only, never to be shown. */
    public String password() {
        return connectionSettings.password();
    }

    public LegacyDialect dialect() {
        return dialect;
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
        return "LegacyConfig[" + connectionSettings + ", dialect=" + dialect.name() + "]";
    }

    /**
     * Collects and checks a {@link LegacyConfig}: the shared settings, checked by {@link ConnectionSettings.Builder}
     * (the URL must start with {@code jdbc:}), and the dialect. Not thread-safe.
     */
    public static final class Builder extends ConnectionSettings.Builder<Builder> {
        private LegacyDialect dialect;

        private Builder() {
            super("LegacyConfig", URL_PREFIX, DEFAULT_APPLICATION_NAME);
        }

        private Builder(LegacyConfig base) {
            super("LegacyConfig", URL_PREFIX, base.connectionSettings);
            this.dialect = base.dialect;
        }

        @Override
        protected Builder self() {
            return this;
        }

        /** The legacy database's dialect; taken from the URL when not given and the URL says PostgreSQL or MariaDB/MySQL. */
        public Builder dialect(LegacyDialect dialect) {
            this.dialect = Objects.requireNonNull(dialect, "dialect");
            return this;
        }

        public LegacyConfig build() {
            ConnectionSettings settings = connectionSettings();
            LegacyDialect chosen = dialect;
            if (chosen == null) {
                String jdbcUrl = settings.jdbcUrl();
                if (jdbcUrl.startsWith("jdbc:postgresql:")) {
                    chosen = LegacyDialect.postgresql();
                } else if (jdbcUrl.startsWith("jdbc:mariadb:") || jdbcUrl.startsWith("jdbc:mysql:")) {
                    chosen = LegacyDialect.mariadb();
                } else {
                    throw new IllegalStateException("LegacyConfig has no dialect for jdbcUrl '" + JdbcUrls.redact(jdbcUrl)
                            + "': call dialect(...); available: LegacyDialect.postgresql(), LegacyDialect.mariadb()");
                }
            }
            return new LegacyConfig(settings, chosen);
        }
    }
}
