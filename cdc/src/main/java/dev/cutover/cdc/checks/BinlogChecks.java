package dev.cutover.cdc.checks;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Start-up checks of a MariaDB or MySQL legacy database for a binlog feed: every problem found, each with its fix (the
 * checks go on after a failed one, so one run lists them all). Stateless and thread-safe.
 */
public final class BinlogChecks {
    private static final Pattern MARIADB_VERSION = Pattern.compile("(\\d+)\\.(\\d+)\\.(\\d+).*MariaDB.*", Pattern.CASE_INSENSITIVE);

    private BinlogChecks() {
    }

    /**
     * Checks the server {@code connection} is on, as its user.
     *
     * @param database    the database whose tables are captured
     * @param tables      the captured tables; empty for every table but Cutover's own ({@code cutover_*})
     * @param expectedLag how long the feed may be stopped or behind: the binlog must be kept longer
     * @return the problems, empty if none
     * @throws SQLException if the server cannot be asked
     */
    public static List<Problem> run(Connection connection, String database, List<String> tables, Duration expectedLag)
            throws SQLException {
        List<Problem> problems = new ArrayList<>();
        String version = text(connection, "SELECT VERSION()");
        boolean mariaDb = version.toLowerCase(Locale.ROOT).contains("mariadb");
        if (!"1".equals(text(connection, "SELECT @@log_bin"))) {
            problems.add(new Problem("log_bin", "the binary log is off (log_bin=OFF): there is no log to follow",
                    "start the server with --log-bin --binlog-format=ROW (log_bin and binlog_format=ROW in my.cnf), and a"
                            + " unique --server-id; this needs a restart"));
        }
        String format = text(connection, "SELECT @@GLOBAL.binlog_format");
        if (!"ROW".equalsIgnoreCase(format)) {
            problems.add(new Problem("binlog_format", "binlog_format is " + format + ": statement-format events carry no"
                    + " rows, so their changes would be missed", "SET GLOBAL binlog_format = 'ROW' (and binlog_format=ROW"
                    + " in my.cnf); sessions opened before keep the old format: restart the applications' pools"));
        }
        String image = text(connection, "SELECT @@GLOBAL.binlog_row_image");
        if (!"FULL".equalsIgnoreCase(image)) {
            problems.add(new Problem("binlog_row_image", "binlog_row_image is " + image + ", not FULL",
                    "SET GLOBAL binlog_row_image = 'FULL' (and binlog_row_image=FULL in my.cnf)"));
        }
        retention(connection, expectedLag).ifPresent(problems::add);
        grants(connection, mariaDb, version).ifPresent(problems::add);
        problems.addAll(keys(connection, database, tables, uniqueKeys(connection, database).keySet()));
        return problems;
    }

    /**
     * The tables of {@code database} without a primary key that have a unique key of NOT NULL columns, each with the
     * columns of its first such key (by index name): the feed keys their changes by it. Others without a primary key
     * are a problem for {@link #run}.
     *
     * @throws SQLException if the server cannot be asked
     */
    public static Map<String, List<String>> uniqueKeys(Connection connection, String database) throws SQLException {
        Map<String, Map<String, List<String>>> candidates = new LinkedHashMap<>();
        Map<String, Set<String>> nullable = new HashMap<>(); // table -> indexes with a nullable column
        try (PreparedStatement statement = connection.prepareStatement("SELECT s.TABLE_NAME, s.INDEX_NAME, s.COLUMN_NAME,"
                + " c.IS_NULLABLE FROM information_schema.STATISTICS s JOIN information_schema.COLUMNS c"
                + " ON c.TABLE_SCHEMA = s.TABLE_SCHEMA AND c.TABLE_NAME = s.TABLE_NAME AND c.COLUMN_NAME = s.COLUMN_NAME"
                + " WHERE s.TABLE_SCHEMA = ? AND s.NON_UNIQUE = 0 AND s.INDEX_NAME <> 'PRIMARY' AND NOT EXISTS (SELECT 1"
                + " FROM information_schema.STATISTICS p WHERE p.TABLE_SCHEMA = s.TABLE_SCHEMA AND p.TABLE_NAME ="
                + " s.TABLE_NAME AND p.INDEX_NAME = 'PRIMARY') ORDER BY s.TABLE_NAME, s.INDEX_NAME, s.SEQ_IN_INDEX")) {
            statement.setString(1, database);
            try (ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    candidates.computeIfAbsent(rows.getString(1), t -> new LinkedHashMap<>())
                            .computeIfAbsent(rows.getString(2), i -> new ArrayList<>()).add(rows.getString(3));
                    if ("YES".equals(rows.getString(4))) {
                        nullable.computeIfAbsent(rows.getString(1), t -> new HashSet<>()).add(rows.getString(2));
                    }
                }
            }
        }
        Map<String, List<String>> keys = new LinkedHashMap<>();
        candidates.forEach((table, indexes) -> indexes.entrySet().stream()
                .filter(index -> !nullable.getOrDefault(table, Set.of()).contains(index.getKey())).findFirst()
                .ifPresent(index -> keys.put(table, List.copyOf(index.getValue()))));
        return keys;
    }

    private static java.util.Optional<Problem> retention(Connection connection, Duration expectedLag) throws SQLException {
        long seconds = 0;
        String setting = "binlog_expire_logs_seconds";
        try {
            seconds = Long.parseLong(text(connection, "SELECT @@GLOBAL.binlog_expire_logs_seconds"));
        } catch (SQLException e) {
            // before MariaDB 10.6 and MySQL 8.0: days only
        }
        if (seconds == 0) {
            double days = 0;
            try {
                days = Double.parseDouble(text(connection, "SELECT @@GLOBAL.expire_logs_days"));
            } catch (SQLException e) {
                // MySQL 8.4 removed it
            }
            seconds = (long) (days * 86_400);
            setting = seconds == 0 ? setting : "expire_logs_days";
        }
        if (seconds == 0 || seconds >= expectedLag.toSeconds()) {
            return java.util.Optional.empty(); // 0: kept until purged by hand
        }
        return java.util.Optional.of(new Problem("binlog retention", setting + " keeps the binlog " + seconds
                + " s, less than the expected lag of " + expectedLag.toSeconds() + " s (" + expectedLag + "): a feed"
                + " stopped that long would find its position purged", "SET GLOBAL binlog_expire_logs_seconds = "
                + expectedLag.toSeconds() + " (and in my.cnf), or configure a shorter expected lag"));
    }

    private static java.util.Optional<Problem> grants(Connection connection, boolean mariaDb, String version)
            throws SQLException {
        StringBuilder global = new StringBuilder();
        try (Statement statement = connection.createStatement(); ResultSet rows = statement.executeQuery("SHOW GRANTS")) {
            while (rows.next()) {
                String grant = rows.getString(1).toUpperCase(Locale.ROOT);
                if (grant.contains(" ON *.* ")) {
                    global.append(grant).append('\n');
                }
            }
        }
        String grants = global.toString();
        boolean all = grants.contains("ALL PRIVILEGES");
        String monitor = monitorPrivilege(mariaDb, version);
        List<String> missing = new ArrayList<>();
        if (!all && !grants.contains("REPLICATION SLAVE") && !grants.contains("REPLICATION REPLICA")) {
            missing.add("REPLICATION SLAVE");
        }
        if (!all && !grants.contains(monitor) && !grants.contains("SUPER")) {
            missing.add(monitor);
        }
        if (missing.isEmpty()) {
            return java.util.Optional.empty();
        }
        String user = text(connection, "SELECT CURRENT_USER()");
        String grantee = user.contains("@") ? "'" + user.substring(0, user.lastIndexOf('@')) + "'@'"
                + user.substring(user.lastIndexOf('@') + 1) + "'" : user;
        return java.util.Optional.of(new Problem("replication grants", "user " + user + " lacks " + String.join(" and ",
                missing) + " on *.* (reading the binlog needs REPLICATION SLAVE; listing binlogs and the position, "
                + monitor + ")", "GRANT " + String.join(", ", missing) + " ON *.* TO " + grantee));
    }

    /** MariaDB 10.5.2 renamed REPLICATION CLIENT to BINLOG MONITOR (SHOW GRANTS shows the new name); MySQL kept it. */
    static String monitorPrivilege(boolean mariaDb, String version) {
        Matcher matcher = MARIADB_VERSION.matcher(version);
        if (!mariaDb || !matcher.matches()) {
            return "REPLICATION CLIENT";
        }
        int major = Integer.parseInt(matcher.group(1));
        int minor = Integer.parseInt(matcher.group(2));
        int patch = Integer.parseInt(matcher.group(3));
        boolean renamed = major > 10 || (major == 10 && (minor > 5 || (minor == 5 && patch >= 2)));
        return renamed ? "BINLOG MONITOR" : "REPLICATION CLIENT";
    }

    private static List<Problem> keys(Connection connection, String database, List<String> tables, Set<String> uniquelyKeyed)
            throws SQLException {
        List<String> present = new ArrayList<>();
        List<Problem> problems = new ArrayList<>();
        try (PreparedStatement statement = connection.prepareStatement("SELECT t.TABLE_NAME, EXISTS (SELECT 1 FROM"
                // STATISTICS, not TABLE_CONSTRAINTS: MariaDB 11.4 shows a user with SELECT only no constraints
                + " information_schema.STATISTICS s WHERE s.TABLE_SCHEMA = t.TABLE_SCHEMA AND s.TABLE_NAME ="
                + " t.TABLE_NAME AND s.INDEX_NAME = 'PRIMARY') FROM information_schema.TABLES t"
                + " WHERE t.TABLE_SCHEMA = ? AND t.TABLE_TYPE = 'BASE TABLE' ORDER BY t.TABLE_NAME")) {
            statement.setString(1, database);
            try (ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    String table = rows.getString(1);
                    boolean captured = tables.isEmpty() ? !table.toLowerCase(Locale.ROOT).startsWith("cutover_")
                            : tables.contains(table);
                    present.add(table);
                    if (captured && !rows.getBoolean(2) && !uniquelyKeyed.contains(table)) {
                        problems.add(new Problem("primary key", "table " + database + "." + table + " has no primary key"
                                + " and no unique key of NOT NULL columns: its changes carry no key to copy by",
                                "ALTER TABLE " + database + "." + table + " ADD PRIMARY KEY (...), or leave the table out of"
                                        + " the feed's tables"));
                    }
                }
            }
        }
        for (String table : tables) {
            if (!present.contains(table)) {
                problems.add(new Problem("tables", "table " + database + "." + table + " does not exist",
                        "create it, or leave it out of the feed's tables (names as the server spells them)"));
            }
        }
        return problems;
    }

    private static String text(Connection connection, String sql) throws SQLException {
        try (Statement statement = connection.createStatement(); ResultSet row = statement.executeQuery(sql)) {
            row.next();
            return String.valueOf(row.getString(1));
        }
    }
}
