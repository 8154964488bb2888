package dev.cutover.cdc.checks;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Start-up checks of a PostgreSQL legacy database for a logical-decoding feed (pgoutput): every problem found, each
 * with its fix. Stateless and thread-safe.
 */
public final class PostgresChecks {
    private PostgresChecks() {
    }

    /**
     * Checks the database {@code connection} is on, as its user.
     *
     * @param tables the captured tables, {@code schema.table} or {@code table} (in {@code public}); empty for every
     *               table but Cutover's own ({@code cutover_*}) outside the system schemas
     * @return the problems, empty if none
     * @throws SQLException if the server cannot be asked
     */
    public static List<Problem> run(Connection connection, List<String> tables) throws SQLException {
        List<Problem> problems = new ArrayList<>();
        String walLevel = text(connection, "SHOW wal_level");
        if (!"logical".equals(walLevel)) {
            problems.add(new Problem("wal_level", "wal_level is " + walLevel + ": the WAL does not carry logical changes",
                    "ALTER SYSTEM SET wal_level = logical, then restart the server"));
        }
        String user = text(connection, "SELECT current_user");
        if (!"t".equals(text(connection, "SELECT (rolreplication OR rolsuper)::text::char FROM pg_roles WHERE rolname = current_user"))) {
            problems.add(new Problem("REPLICATION attribute", "role " + user + " has no REPLICATION attribute: it cannot"
                    + " open a replication connection or create the feed's slot", "ALTER ROLE " + quote(user)
                    + " WITH REPLICATION"));
        }
        problems.addAll(keys(connection, tables, uniqueKeys(connection).keySet()));
        return problems;
    }

    /**
     * The tables without a primary key whose replica identity is a unique index ({@code REPLICA IDENTITY USING INDEX}),
     * as {@code schema.table}, each with that index's columns: the feed keys their changes by it.
     *
     * @throws SQLException if the server cannot be asked
     */
    public static Map<String, List<String>> uniqueKeys(Connection connection) throws SQLException {
        Map<String, List<String>> keys = new LinkedHashMap<>();
        try (Statement statement = connection.createStatement(); ResultSet rows = statement.executeQuery(
                "SELECT n.nspname || '.' || c.relname, a.attname FROM pg_class c"
                        + " JOIN pg_namespace n ON n.oid = c.relnamespace"
                        + " JOIN pg_index i ON i.indrelid = c.oid AND i.indisreplident"
                        + " JOIN LATERAL unnest(i.indkey) WITH ORDINALITY k(attnum, ord) ON true"
                        + " JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum = k.attnum"
                        + " WHERE c.relreplident = 'i' AND NOT EXISTS (SELECT 1 FROM pg_constraint p"
                        + " WHERE p.conrelid = c.oid AND p.contype = 'p') ORDER BY 1, k.ord")) {
            while (rows.next()) {
                keys.computeIfAbsent(rows.getString(1), t -> new ArrayList<>()).add(rows.getString(2));
            }
        }
        return keys;
    }

    private static List<Problem> keys(Connection connection, List<String> tables, Set<String> uniquelyKeyed)
            throws SQLException {
        List<String> present = new ArrayList<>();
        List<Problem> problems = new ArrayList<>();
        try (PreparedStatement statement = connection.prepareStatement("SELECT n.nspname, c.relname, c.relreplident::text,"
                + " EXISTS (SELECT 1 FROM pg_constraint k WHERE k.conrelid = c.oid AND k.contype = 'p')"
                + " FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace"
                + " WHERE c.relkind IN ('r', 'p') AND NOT c.relispartition"
                + " AND n.nspname NOT IN ('pg_catalog', 'information_schema', 'cutover') AND n.nspname NOT LIKE 'pg_toast%'"
                + " ORDER BY 1, 2")) {
            try (ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    String qualified = rows.getString(1) + "." + rows.getString(2);
                    boolean captured = tables.isEmpty()
                            ? !rows.getString(2).toLowerCase(Locale.ROOT).startsWith("cutover_")
                            : tables.contains(qualified) || ("public".equals(rows.getString(1)) && tables.contains(rows.getString(2)));
                    present.add(qualified);
                    if (captured && !rows.getBoolean(4) && !uniquelyKeyed.contains(qualified)) {
                        String identity = switch (rows.getString(3)) {
                            case "n" -> "REPLICA IDENTITY NOTHING";
                            case "f" -> "REPLICA IDENTITY FULL";
                            case "i" -> "REPLICA IDENTITY USING INDEX";
                            default -> "no replica identity";
                        };
                        problems.add(new Problem("replica identity", "table " + qualified + " has no primary key ("
                                + identity + "): its changes carry no key to copy by, and publishing it without a"
                                + " replica identity makes PostgreSQL refuse the legacy application's UPDATEs and DELETEs"
                                + " on it (\"cannot update table ... because it does not have a replica identity and"
                                + " publishes updates\")", "ALTER TABLE " + qualified + " ADD PRIMARY KEY (...) (or"
                                + " REPLICA IDENTITY USING INDEX a unique index of NOT NULL columns) before starting the"
                                + " feed, or leave the table out of the feed's tables"));
                    }
                }
            }
        }
        for (String table : tables) {
            String qualified = table.contains(".") ? table : "public." + table;
            if (!present.contains(qualified)) {
                problems.add(new Problem("tables", "table " + qualified + " does not exist",
                        "create it, or leave it out of the feed's tables (names as the server spells them)"));
            }
        }
        return problems;
    }

    private static String quote(String identifier) {
        return "\"" + identifier.replace("\"", "\"\"") + "\"";
    }

    private static String text(Connection connection, String sql) throws SQLException {
        try (Statement statement = connection.createStatement(); ResultSet row = statement.executeQuery(sql)) {
            return row.next() ? String.valueOf(row.getString(1)) : "";
        }
    }
}
