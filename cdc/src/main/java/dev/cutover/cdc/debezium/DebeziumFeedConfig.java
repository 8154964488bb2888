package dev.cutover.cdc.debezium;

import dev.cutover.jdbc.JdbcUrls;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What a {@link DebeziumFeed} follows and where it keeps its position: the legacy database (MariaDB, MySQL or
 * PostgreSQL), the tables to capture, and the target PostgreSQL that stores the feed's offsets and schema history
 * (schema {@code cutover}, tables {@code cdc_offsets} and {@code cdc_schema_history}, one row set per feed name).
 * Immutable; built with {@link #mariaDb()}, {@link #mySql()} or {@link #postgres()}, each setting validated as it is
 * given (the error names the setting, the value and what is allowed). Passwords never appear in {@link #toString()}.
 *
 * <p>Thread-safe.
 */
public final class DebeziumFeedConfig {
    /** The legacy database's kind, which picks Debezium's connector. */
    public enum Legacy {
        MARIADB("jdbc:mariadb:", "io.debezium.connector.mariadb.MariaDbConnector", 3306),
        MYSQL("jdbc:mysql:", "io.debezium.connector.mysql.MySqlConnector", 3306),
        POSTGRES("jdbc:postgresql:", "io.debezium.connector.postgresql.PostgresConnector", 5432);

        final String urlPrefix;
        final String connectorClass;
        final int defaultPort;

        Legacy(String urlPrefix, String connectorClass, int defaultPort) {
            this.urlPrefix = urlPrefix;
            this.connectorClass = connectorClass;
            this.defaultPort = defaultPort;
        }

        /** Debezium's connector class for this kind. */
        public String connectorClass() {
            return connectorClass;
        }

        /** Whether the legacy database's log is a binlog (MariaDB, MySQL) rather than PostgreSQL's WAL. */
        public boolean binlog() {
            return this != POSTGRES;
        }
    }

    private static final Pattern URL = Pattern.compile("jdbc:(mariadb|mysql|postgresql)://([^/:?,]+)(?::(\\d{1,5}))?/([^/?;]+)(?:\\?.*)?");
    /** A secret in a URL's parameters: Debezium logs its stores' URLs as given. */
    private static final Pattern URL_SECRET = Pattern.compile("(?i)[?&;](password|pwd|sslpassword)=");
    private static final Pattern NAME = Pattern.compile("[a-z][a-z0-9_]{0,39}");
    private static final Pattern IDENTIFIER = Pattern.compile("[A-Za-z0-9_$]{1,64}");

    private final Legacy legacy;
    private final String host;
    private final int port;
    private final String database;
    private final String user;
    private final String password;
    private final List<String> tables;
    private final String name;
    private final String positionsUrl;
    private final String positionsUser;
    private final String positionsPassword;
    private final Duration expectedLag;
    private final long serverId;

    private DebeziumFeedConfig(Builder builder) {
        this.legacy = builder.legacy;
        this.host = builder.host;
        this.port = builder.port;
        this.database = builder.database;
        this.user = builder.user;
        this.password = builder.password;
        this.tables = List.copyOf(builder.tables);
        this.name = builder.name;
        this.positionsUrl = builder.positionsUrl;
        this.positionsUser = builder.positionsUser;
        this.positionsPassword = builder.positionsPassword;
        this.expectedLag = builder.expectedLag;
        this.serverId = builder.serverId != 0 ? builder.serverId : 5400 + Math.floorMod(builder.name.hashCode(), 100_000);
    }

    /** A feed that follows a MariaDB binlog (MariaDB's connector, GTIDs). */
    public static Builder mariaDb() {
        return new Builder(Legacy.MARIADB);
    }

    /** A feed that follows a MySQL binlog (MySQL's connector). */
    public static Builder mySql() {
        return new Builder(Legacy.MYSQL);
    }

    /** A feed that follows a PostgreSQL legacy database's WAL (pgoutput, a slot and publication of its own). */
    public static Builder postgres() {
        return new Builder(Legacy.POSTGRES);
    }

    public Legacy legacy() {
        return legacy;
    }

    public String host() {
        return host;
    }

    public int port() {
        return port;
    }

    /** The legacy database (MariaDB/MySQL: the schema whose tables are captured; PostgreSQL: the database). */
    public String database() {
        return database;
    }

    public String user() {
        return user;
    }

    /** The legacy user's password: for the connector only, never shown. */
    public String password() {
        return password;
    }

    /**
     * The captured tables: {@code table} on MariaDB/MySQL (in {@link #database()}), {@code schema.table} or
     * {@code table} (in {@code public}) on PostgreSQL. Empty: every table except Cutover's own ({@code cutover_*}).
     */
    public List<String> tables() {
        return tables;
    }

    /** The feed's name: its positions' key, its Debezium engine's name, and on PostgreSQL its slot and publication's. */
    public String name() {
        return name;
    }

    /** The replication slot and publication of a PostgreSQL feed: {@code cutover_<name>}. */
    public String slotName() {
        return "cutover_" + name;
    }

    public String positionsUrl() {
        return positionsUrl;
    }

    public String positionsUser() {
        return positionsUser;
    }

    /** The positions user's password: for the stores only, never shown. */
    public String positionsPassword() {
        return positionsPassword;
    }

    /** How far behind the feed may fall (a stop, a slow sink): the legacy log must be kept at least this long. */
    public Duration expectedLag() {
        return expectedLag;
    }

    /** The replica server id a binlog feed uses (unique among the legacy server's replicas). */
    public long serverId() {
        return serverId;
    }

    /** The secrets this configuration holds, for {@code Redaction}. */
    public String[] secrets() {
        return new String[] {password, positionsPassword};
    }

    @Override
    public String toString() {
        return "DebeziumFeedConfig[" + legacy + " " + host + ":" + port + "/" + database + " as " + user + ", tables "
                + (tables.isEmpty() ? "all but cutover_*" : tables) + ", name " + name + ", positions in "
                + JdbcUrls.redact(positionsUrl) + " as " + positionsUser + ", expected lag " + expectedLag + "]";
    }

    /** Builds a {@link DebeziumFeedConfig}; each method checks its value. Not thread-safe. */
    public static final class Builder {
        private final Legacy legacy;
        private String host;
        private int port;
        private String database;
        private String user;
        private String password;
        private final List<String> tables = new ArrayList<>();
        private String name = "cutover";
        private String positionsUrl;
        private String positionsUser;
        private String positionsPassword;
        private Duration expectedLag = Duration.ofHours(24);
        private long serverId;

        private Builder(Legacy legacy) {
            this.legacy = legacy;
        }

        /**
         * The legacy database: a JDBC URL naming host, port and database ({@code jdbc:mariadb://db1:3306/shop}),
         * and the user the connector logs in as (it needs replication grants; the start-up checks say which).
         */
        public Builder legacy(String jdbcUrl, String user, String password) {
            requireNoSecret("legacy URL", jdbcUrl);
            Matcher matcher = URL.matcher(jdbcUrl);
            if (!matcher.matches() || !jdbcUrl.startsWith(legacy.urlPrefix)) {
                throw new IllegalArgumentException("legacy URL '" + JdbcUrls.redact(jdbcUrl) + "' is not a " + legacy
                        + " JDBC URL naming host and database; allowed: " + legacy.urlPrefix + "//host[:port]/database");
            }
            this.host = matcher.group(2);
            this.port = matcher.group(3) == null ? legacy.defaultPort : Integer.parseInt(matcher.group(3));
            if (port < 1 || port > 65535) {
                throw new IllegalArgumentException("legacy URL '" + JdbcUrls.redact(jdbcUrl) + "' has port " + port
                        + "; allowed: 1 to 65535");
            }
            this.database = matcher.group(4);
            this.user = requireText("legacy user", user);
            this.password = requireText("legacy password", password);
            return this;
        }

        /**
         * The tables to capture, as {@link DebeziumFeedConfig#tables()} says; none given: every table but Cutover's
         * own. A Cutover table ({@code cutover_*}) is refused: Cutover writes it, capturing it would loop.
         */
        public Builder tables(String... tables) {
            for (String table : tables) {
                Objects.requireNonNull(table, "table");
                String[] parts = table.split("\\.", -1);
                boolean valid = parts.length == 1 || (parts.length == 2 && legacy == Legacy.POSTGRES);
                for (String part : parts) {
                    valid &= IDENTIFIER.matcher(part).matches();
                }
                if (!valid) {
                    throw new IllegalArgumentException("table '" + table + "' is not a table name; allowed: "
                            + (legacy == Legacy.POSTGRES ? "table or schema.table" : "table (in the URL's database)")
                            + ", of letters, digits, _ and $");
                }
                if (parts[parts.length - 1].toLowerCase(Locale.ROOT).startsWith("cutover_")) {
                    throw new IllegalArgumentException("table '" + table + "' is one of Cutover's own tables (cutover_*),"
                            + " which Cutover writes itself; allowed: the application's tables");
                }
                this.tables.add(table);
            }
            return this;
        }

        /** The feed's name (default {@code cutover}): lower-case letters, digits and _, at most 40, a letter first. */
        public Builder name(String name) {
            Objects.requireNonNull(name, "name");
            if (!NAME.matcher(name).matches()) {
                throw new IllegalArgumentException("feed name '" + name + "' is not allowed; allowed: lower-case letters,"
                        + " digits and _, a letter first, at most 40 characters (it names a replication slot)");
            }
            this.name = name;
            return this;
        }

        /**
         * The target PostgreSQL that keeps the feed's position: a {@code jdbc:postgresql://} URL, a user that may
         * create tables in schema {@code cutover}, and its password (Debezium's stores refuse an empty one).
         */
        public Builder positions(String jdbcUrl, String user, String password) {
            requireNoSecret("positions URL", jdbcUrl);
            if (!jdbcUrl.startsWith("jdbc:postgresql:")) {
                throw new IllegalArgumentException("positions URL '" + JdbcUrls.redact(jdbcUrl) + "' is not a PostgreSQL"
                        + " JDBC URL; allowed: jdbc:postgresql://host[:port]/database (the target database)");
            }
            this.positionsUrl = jdbcUrl;
            this.positionsUser = requireText("positions user", user);
            this.positionsPassword = requireText("positions password", password);
            return this;
        }

        /**
         * How far behind the feed may fall (default 24 hours): the start-up checks refuse a legacy log kept for less.
         */
        public Builder expectedLag(Duration expectedLag) {
            Objects.requireNonNull(expectedLag, "expectedLag");
            if (expectedLag.isNegative() || expectedLag.isZero()) {
                throw new IllegalArgumentException("expected lag " + expectedLag + " is not allowed; allowed: a positive"
                        + " duration (how long the feed may be stopped or behind)");
            }
            this.expectedLag = expectedLag;
            return this;
        }

        /** The replica server id of a binlog feed (default: derived from the name); unique among the server's replicas. */
        public Builder serverId(long serverId) {
            if (serverId < 1 || serverId > 4_294_967_295L) {
                throw new IllegalArgumentException("server id " + serverId + " is not allowed; allowed: 1 to 4294967295,"
                        + " unique among the legacy server's replicas");
            }
            this.serverId = serverId;
            return this;
        }

        /**
         * The configuration.
         *
         * @throws IllegalStateException if the legacy database or the positions database was not given
         */
        public DebeziumFeedConfig build() {
            if (host == null) {
                throw new IllegalStateException("the legacy database is not set; call legacy(jdbcUrl, user, password)");
            }
            if (positionsUrl == null) {
                throw new IllegalStateException("the positions database is not set; call positions(jdbcUrl, user, "
                        + "password) with the target PostgreSQL");
            }
            return new DebeziumFeedConfig(this);
        }

        private static void requireNoSecret(String setting, String jdbcUrl) {
            Objects.requireNonNull(jdbcUrl, setting);
            JdbcUrls.requireAcceptedForm(jdbcUrl);
            if (URL_SECRET.matcher(jdbcUrl).find()) {
                throw new IllegalArgumentException(setting + " '" + JdbcUrls.redact(jdbcUrl) + "' carries a password;"
                        + " allowed: a URL without one, the password given as the password argument (Debezium logs URLs)");
            }
        }

        private static String requireText(String setting, String value) {
            if (value == null || value.isEmpty()) {
                throw new IllegalArgumentException(setting + " is " + (value == null ? "null" : "empty")
                        + "; allowed: a non-empty value");
            }
            return value;
        }
    }
}
