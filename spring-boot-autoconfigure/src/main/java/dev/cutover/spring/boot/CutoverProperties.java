package dev.cutover.spring.boot;

import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Cutover's settings under {@code cutover.*}. The names of the {@code cutover} command's own variables bind here
 * too ({@code CUTOVER_LEGACY_URL} is {@code cutover.legacy.url}, {@code CUTOVER_POSTGRES_USER} is
 * {@code cutover.postgres.user}), so one set of settings serves the application and the operators.
 *
 * <p>Routes ({@link #getRoutes()}) are checked strictly when Cutover starts, like the {@code CUTOVER_ROUTE*}
 * variables: an unknown repository or method, or a value that is no route, stops the start with a "did you mean".
 * Mutable, as Spring binds it; read once at start.
 */
@ConfigurationProperties(prefix = "cutover")
public class CutoverProperties {

    /** Whether the auto-configuration sets Cutover up. */
    private boolean enabled = true;

    /** The legacy database. */
    private final Legacy legacy = new Legacy();

    /** The target PostgreSQL database: it also holds Cutover's own tables (schema cutover). */
    private final Postgres postgres = new Postgres();

    /**
     * Routes by target, as the flag store names them: {@code override} (every method, the emergency override),
     * {@code default}, a repository ({@code ClientRepository}) or a method ({@code ClientRepository.findById});
     * values are route ids ({@code legacy}, {@code legacy-dual}, {@code postgres-dual}, {@code postgres}). They rank
     * as the {@code CUTOVER_ROUTE*} variables do (which beat them when both set one target) and beat the flag store.
     */
    private final Map<String, String> routes = new LinkedHashMap<>();

    private final FlagStore flagStore = new FlagStore();

    private final Shadow shadow = new Shadow();

    private final Resilience resilience = new Resilience();

    private final DualWrite dualWrite = new DualWrite();

    private final Migrations migrations = new Migrations();

    private final Status status = new Status();

    private final Health health = new Health();

    public boolean isEnabled() {
        return enabled;
    }

    public void setEnabled(boolean enabled) {
        this.enabled = enabled;
    }

    public Legacy getLegacy() {
        return legacy;
    }

    public Postgres getPostgres() {
        return postgres;
    }

    public Map<String, String> getRoutes() {
        return routes;
    }

    public FlagStore getFlagStore() {
        return flagStore;
    }

    public Shadow getShadow() {
        return shadow;
    }

    public Resilience getResilience() {
        return resilience;
    }

    public DualWrite getDualWrite() {
        return dualWrite;
    }

    public Migrations getMigrations() {
        return migrations;
    }

    public Status getStatus() {
        return status;
    }

    public Health getHealth() {
        return health;
    }

    /** One database: a URL and credentials (a pool of Cutover's own), or a {@code DataSource} bean of the application's. */
    public static class Database {
        /** JDBC URL. */
        private String url;

        /** User name; or give it in the URL. */
        private String user;

        /** Password; never logged or shown. */
        private String password;

        /** The name of a DataSource bean to use instead of a pool of Cutover's own; its owner closes it. */
        private String dataSource;

        private final Pool pool = new Pool();

        public String getUrl() {
            return url;
        }

        public void setUrl(String url) {
            this.url = url;
        }

        public String getUser() {
            return user;
        }

        public void setUser(String user) {
            this.user = user;
        }

        public String getPassword() {
            return password;
        }

        public void setPassword(String password) {
            this.password = password;
        }

        public String getDataSource() {
            return dataSource;
        }

        public void setDataSource(String dataSource) {
            this.dataSource = dataSource;
        }

        public Pool getPool() {
            return pool;
        }
    }

    /** The legacy database's settings. */
    public static class Legacy extends Database {
        /** The legacy database's dialect, postgresql or mariadb; taken from the URL when not set. */
        private String dialect;

        public String getDialect() {
            return dialect;
        }

        public void setDialect(String dialect) {
            this.dialect = dialect;
        }
    }

    /** The target PostgreSQL's settings. */
    public static class Postgres extends Database {
        /** The schema of the application's tables. */
        private String schema = "public";

        public String getSchema() {
            return schema;
        }

        public void setSchema(String schema) {
            this.schema = schema;
        }
    }

    /** A pool Cutover creates (HikariCP). */
    public static class Pool {
        /** Most connections the pool holds. */
        private int maximumSize = 10;

        /** How long a caller waits for a connection. */
        private Duration connectionTimeout = Duration.ofSeconds(30);

        public int getMaximumSize() {
            return maximumSize;
        }

        public void setMaximumSize(int maximumSize) {
            this.maximumSize = maximumSize;
        }

        public Duration getConnectionTimeout() {
            return connectionTimeout;
        }

        public void setConnectionTimeout(Duration connectionTimeout) {
            this.connectionTimeout = connectionTimeout;
        }
    }

    /** The live flag store in the target PostgreSQL (LiveRoutes): flips without a restart, audited. */
    public static class FlagStore {
        /** Whether routes also come from the flag store; without it, only from properties and variables. */
        private boolean enabled = true;

        /** How often each instance reads the store. */
        private Duration pollInterval = Duration.ofMillis(250);

        public boolean isEnabled() {
            return enabled;
        }

        public void setEnabled(boolean enabled) {
            this.enabled = enabled;
        }

        public Duration getPollInterval() {
            return pollInterval;
        }

        public void setPollInterval(Duration pollInterval) {
            this.pollInterval = pollInterval;
        }
    }

    /** Shadow reads on the dual routes. */
    public static class Shadow {
        /** Whether reads on legacy-dual and postgres-dual are served (the primary answers, a sample is compared). */
        private boolean enabled = true;

        /** The share of reads compared with the other side, 0 to 1. */
        private double sampleRate = 0.1;

        /** How long a shadow read may take before it is given up. */
        private Duration timeLimit = Duration.ofSeconds(1);

        public boolean isEnabled() {
            return enabled;
        }

        public void setEnabled(boolean enabled) {
            this.enabled = enabled;
        }

        public double getSampleRate() {
            return sampleRate;
        }

        public void setSampleRate(double sampleRate) {
            this.sampleRate = sampleRate;
        }

        public Duration getTimeLimit() {
            return timeLimit;
        }

        public void setTimeLimit(Duration timeLimit) {
            this.timeLimit = timeLimit;
        }
    }

    /** Circuit breakers, time limits, safe retries and the fallback of PostgreSQL reads to legacy. */
    public static class Resilience {
        /** Whether backend calls go through a circuit breaker per backend, time limits and safe retries. */
        private boolean enabled = true;

        /** Time limit of each read on PostgreSQL; none when not set. */
        private Duration postgresTimeLimit;

        /** Time limit of each read on legacy; none when not set. */
        private Duration legacyTimeLimit;

        /** Whether reads on route postgres are served by legacy while PostgreSQL fails. */
        private boolean fallbackToLegacy = true;

        /** Attempts per call where a retry is safe (1: no retries). */
        private int maxAttempts = 3;

        public boolean isEnabled() {
            return enabled;
        }

        public void setEnabled(boolean enabled) {
            this.enabled = enabled;
        }

        public Duration getPostgresTimeLimit() {
            return postgresTimeLimit;
        }

        public void setPostgresTimeLimit(Duration postgresTimeLimit) {
            this.postgresTimeLimit = postgresTimeLimit;
        }

        public Duration getLegacyTimeLimit() {
            return legacyTimeLimit;
        }

        public void setLegacyTimeLimit(Duration legacyTimeLimit) {
            this.legacyTimeLimit = legacyTimeLimit;
        }

        public boolean isFallbackToLegacy() {
            return fallbackToLegacy;
        }

        public void setFallbackToLegacy(boolean fallbackToLegacy) {
            this.fallbackToLegacy = fallbackToLegacy;
        }

        public int getMaxAttempts() {
            return maxAttempts;
        }

        public void setMaxAttempts(int maxAttempts) {
            this.maxAttempts = maxAttempts;
        }
    }

    /** Dual-write on the dual routes: an outbox per primary, a reconciler. */
    public static class DualWrite {
        /** Whether writes on legacy-dual and postgres-dual are served. */
        private boolean enabled = true;

        /**
         * A journal file for the legacy-primary outbox, where Cutover may not create table cutover_outbox in the legacy
         * database; the table when not set.
         */
        private Path legacyJournal;

        public boolean isEnabled() {
            return enabled;
        }

        public void setEnabled(boolean enabled) {
            this.enabled = enabled;
        }

        public Path getLegacyJournal() {
            return legacyJournal;
        }

        public void setLegacyJournal(Path legacyJournal) {
            this.legacyJournal = legacyJournal;
        }
    }

    /** Cutover's own tables: schema cutover in PostgreSQL, cutover_outbox in the legacy database. */
    public static class Migrations {
        /** Whether they are created or upgraded at start (Flyway; safe from many instances); else by cutover migrate. */
        private boolean runAtStart = true;

        public boolean isRunAtStart() {
            return runAtStart;
        }

        public void setRunAtStart(boolean runAtStart) {
            this.runAtStart = runAtStart;
        }
    }

    /** Instance status reports, which cutover status reads. */
    public static class Status {
        /** Whether this instance writes its status (routes, breakers, outbox backlog) to the target every interval. */
        private boolean enabled = true;

        /** This instance's id in the reports; host:pid when not set. */
        private String instanceId;

        public boolean isEnabled() {
            return enabled;
        }

        public void setEnabled(boolean enabled) {
            this.enabled = enabled;
        }

        public String getInstanceId() {
            return instanceId;
        }

        public void setInstanceId(String instanceId) {
            this.instanceId = instanceId;
        }
    }

    /** The cutover health indicator. */
    public static class Health {
        /** An outbox whose oldest entry is older than this makes the indicator DOWN. */
        private Duration outboxAgeThreshold = Duration.ofMinutes(5);

        public Duration getOutboxAgeThreshold() {
            return outboxAgeThreshold;
        }

        public void setOutboxAgeThreshold(Duration outboxAgeThreshold) {
            this.outboxAgeThreshold = outboxAgeThreshold;
        }
    }
}
