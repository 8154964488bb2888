package dev.cutover.scaffold.internal;

import dev.cutover.legacy.LegacyDialect;
import dev.cutover.legacy.LegacyDialect.CatalogColumn;
import dev.cutover.legacy.LegacyDialect.UniqueIndex;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * One table as a catalog describes it: the columns and unique keys as the schema check reads them
 * ({@link LegacyDialect#columns}, {@link LegacyDialect#uniqueIndexes}), plus what only code generation needs from
 * {@code information_schema.columns}: each numeric column's scale and which columns fill themselves (a default,
 * an identity, a generated value).
 *
 * @param schema the schema (on MariaDB and MySQL: the database)
 * @param primaryKey the primary key's columns in key order, empty if the table has none
 * @param uniqueKeys the columns of each primary key, unique constraint and unique index usable as a key
 * @param scales the scale of each column that has one ({@code numeric(12, 2)}: 2)
 * @param selfFilled the columns with a default, an identity or a generated value
 * @param identities the identity (or auto-increment) columns
 */
record CatalogTable(String schema, String name, List<CatalogColumn> columns, List<String> primaryKey,
        List<Set<String>> uniqueKeys, Map<String, Integer> scales, Set<String> selfFilled, Set<String> identities) {

    private static final String EXTRAS_POSTGRES = """
            SELECT column_name, numeric_scale, column_default IS NOT NULL OR is_generated = 'ALWAYS',
                   is_identity = 'YES' OR coalesce(column_default, '') LIKE 'nextval(%', table_name
            FROM information_schema.columns WHERE table_schema = ? AND table_name = ?""";
    private static final String EXTRAS_MARIADB = """
            SELECT column_name, numeric_scale,
                   (column_default IS NOT NULL AND column_default <> 'NULL') OR extra LIKE '%auto_increment%'
                       OR extra LIKE '%GENERATED%',
                   extra LIKE '%auto_increment%', table_name
            FROM information_schema.columns WHERE table_schema = ? AND table_name = ?""";
    private static final String TABLES = """
            SELECT table_name FROM information_schema.tables WHERE table_schema = ? AND table_type = 'BASE TABLE'""";

    CatalogTable {
        columns = List.copyOf(columns);
        primaryKey = List.copyOf(primaryKey);
        uniqueKeys = List.copyOf(uniqueKeys);
        scales = Map.copyOf(scales);
        selfFilled = Set.copyOf(selfFilled);
        identities = Set.copyOf(identities);
    }

    /** {@code schema.name}, for messages and headers. */
    String qualifiedName() {
        return schema + "." + name;
    }

    Optional<CatalogColumn> column(String columnName) {
        return columns.stream().filter(c -> c.name().equals(columnName)).findFirst();
    }

    /** The table, or empty if the schema has no such table (names are exact). */
    static Optional<CatalogTable> read(Connection connection, LegacyDialect dialect, String schema, String table)
            throws SQLException {
        boolean postgres = dialect.equals(LegacyDialect.postgresql());
        Optional<List<CatalogColumn>> columns = dialect.columns(connection, schema, table);
        if (columns.isEmpty()) {
            return Optional.empty();
        }
        List<UniqueIndex> unique = dialect.uniqueIndexes(connection, schema, table);
        List<String> primaryKey = unique.stream().filter(index -> index.kind().equals("PRIMARY KEY")).findFirst()
                .map(UniqueIndex::columns).orElse(List.of());
        List<Set<String>> uniqueKeys = unique.stream().filter(index -> index.unusable() == null)
                .map(index -> Set.copyOf(index.columns())).toList();
        Map<String, Integer> scales = new HashMap<>();
        Set<String> selfFilled = new HashSet<>();
        Set<String> identities = new HashSet<>();
        try (PreparedStatement statement = connection.prepareStatement(postgres ? EXTRAS_POSTGRES : EXTRAS_MARIADB)) {
            statement.setString(1, schema);
            statement.setString(2, table);
            try (ResultSet result = statement.executeQuery()) {
                while (result.next()) {
                    if (!result.getString(5).equals(table)) {
                        continue; // information_schema compares names case-insensitively on MariaDB
                    }
                    String column = result.getString(1);
                    int scale = result.getInt(2);
                    if (!result.wasNull()) {
                        scales.put(column, scale);
                    }
                    if (result.getBoolean(3)) {
                        selfFilled.add(column);
                    }
                    if (result.getBoolean(4)) {
                        identities.add(column);
                    }
                }
            }
        }
        return Optional.of(new CatalogTable(schema, table, columns.get(), primaryKey, uniqueKeys, scales, selfFilled, identities));
    }

    /** The base tables of a schema, sorted by name; Cutover's own ({@code cutover_...}) left out. */
    static List<String> tables(Connection connection, String schema) throws SQLException {
        List<String> tables = new ArrayList<>();
        try (PreparedStatement statement = connection.prepareStatement(TABLES)) {
            statement.setString(1, schema);
            try (ResultSet result = statement.executeQuery()) {
                while (result.next()) {
                    String table = result.getString(1);
                    if (!table.startsWith("cutover_") && !table.equals("flyway_schema_history")) {
                        tables.add(table);
                    }
                }
            }
        }
        tables.sort(null);
        return tables;
    }
}
