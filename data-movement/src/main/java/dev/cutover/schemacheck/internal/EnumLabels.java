package dev.cutover.schemacheck.internal;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The labels an enum column allows, from the catalog: a PostgreSQL enum type's ({@code pg_enum}, in sort order) or a
 * MariaDB/MySQL {@code enum('a','b')} column's. Stateless.
 */
final class EnumLabels {
    private static final String POSTGRES = """
            SELECT e.enumlabel, t.typname::text
            FROM pg_attribute a
            JOIN pg_type t ON t.oid = a.atttypid
            JOIN pg_enum e ON e.enumtypid = t.oid
            WHERE a.attrelid = to_regclass(?) AND a.attname = ? AND NOT a.attisdropped
            ORDER BY e.enumsortorder""";
    private static final String MARIADB = """
            SELECT COLUMN_TYPE FROM information_schema.COLUMNS
            WHERE TABLE_SCHEMA = COALESCE(?, DATABASE()) AND TABLE_NAME = ? AND COLUMN_NAME = ?""";
    private static final Pattern LABEL = Pattern.compile("'((?:[^']|'')*)'");

    /** An enum column's type name (its own on PostgreSQL, {@code enum} on MariaDB) and labels. */
    record Labels(String type, List<String> labels) {
    }

    private EnumLabels() {
    }

    /** The labels of a PostgreSQL column, or {@code null} if it is no enum column. */
    static Labels postgres(Connection connection, String qualifiedTable, String column) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(POSTGRES)) {
            statement.setString(1, qualifiedTable);
            statement.setString(2, column);
            List<String> labels = new ArrayList<>();
            String type = null;
            try (ResultSet result = statement.executeQuery()) {
                while (result.next()) {
                    labels.add(result.getString(1));
                    type = result.getString(2);
                }
            }
            return type == null ? null : new Labels(type, List.copyOf(labels));
        }
    }

    /** Whether {@code sql} (a {@code SELECT 1 ... = ? LIMIT 1}) finds a row holding {@code label}. */
    static boolean held(Connection connection, String sql, String label) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            statement.setString(1, label);
            try (ResultSet result = statement.executeQuery()) {
                return result.next();
            }
        }
    }

    /** The labels of a MariaDB {@code enum} column, or {@code null} if it is no enum column. */
    static Labels mariadb(Connection connection, String schema, String table, String column) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(MARIADB)) {
            statement.setString(1, schema);
            statement.setString(2, table);
            statement.setString(3, column);
            try (ResultSet result = statement.executeQuery()) {
                if (!result.next() || !result.getString(1).toLowerCase(java.util.Locale.ROOT).startsWith("enum(")) {
                    return null;
                }
                List<String> labels = new ArrayList<>();
                Matcher matcher = LABEL.matcher(result.getString(1));
                while (matcher.find()) {
                    labels.add(matcher.group(1).replace("''", "'"));
                }
                return new Labels("enum", List.copyOf(labels));
            }
        }
    }
}
