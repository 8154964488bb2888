package dev.cutover.legacy.internal;

import dev.cutover.legacy.Conversion;
import dev.cutover.legacy.LegacyDialect;
import dev.cutover.legacy.LegacyStorage;
import dev.cutover.mapping.ColumnType;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/**
 * {@link LegacyDialect#mariadb()}: MariaDB 10.6+ and MySQL 8 through MariaDB Connector/J. Immutable and
 * thread-safe.
 */
public final class MariaDbLegacyDialect implements LegacyDialect {
    public static final MariaDbLegacyDialect INSTANCE = new MariaDbLegacyDialect();

    /** What the adapter's own connections run with; {@link #sessionProblems} checks a wrapped pool's. */
    static final String SESSION_VARIABLES = "time_zone='+00:00',sql_mode=CONCAT(@@sql_mode, ',STRICT_ALL_TABLES')";

    private static final String COLUMNS = """
            SELECT TABLE_NAME, COLUMN_NAME, DATA_TYPE, COLUMN_TYPE, IS_NULLABLE, DATETIME_PRECISION
            FROM information_schema.COLUMNS
            WHERE TABLE_SCHEMA = COALESCE(?, DATABASE()) AND TABLE_NAME = ?
            ORDER BY ORDINAL_POSITION""";

    // MariaDB's JSON is LONGTEXT with a column CHECK (json_valid(`col`)); MySQL's is a type of its own.
    private static final String JSON_CHECKS = """
            SELECT TABLE_NAME, CHECK_CLAUSE
            FROM information_schema.CHECK_CONSTRAINTS
            WHERE CONSTRAINT_SCHEMA = COALESCE(?, DATABASE()) AND TABLE_NAME = ? AND CHECK_CLAUSE LIKE 'json_valid(%'""";

    // SELECT *: MySQL 8 has an EXPRESSION column (functional key parts), MariaDB has not.
    private static final String UNIQUE_INDEXES = """
            SELECT *
            FROM information_schema.STATISTICS
            WHERE TABLE_SCHEMA = COALESCE(?, DATABASE()) AND TABLE_NAME = ? AND NON_UNIQUE = 0
            ORDER BY INDEX_NAME = 'PRIMARY' DESC, INDEX_NAME, SEQ_IN_INDEX""";

    // The integer types whose every value fits INTEGER, and BIGINT; the others need Conversion.CHECKED_INTEGER.
    private static final List<String> SMALL_INTEGERS = List.of("tinyint", "smallint", "mediumint", "int",
            "tinyint unsigned", "smallint unsigned", "mediumint unsigned");
    private static final List<String> INTEGERS = concat(SMALL_INTEGERS, List.of("int unsigned", "bigint"));
    private static final List<String> ALL_INTEGERS = concat(INTEGERS, List.of("bigint unsigned"));
    // char is left out on purpose: MariaDB strips its trailing spaces, so a value would not read back as written.
    private static final List<String> TEXTS = List.of("varchar", "text", "tinytext", "mediumtext", "longtext");

    private MariaDbLegacyDialect() {
    }

    @Override
    public String name() {
        return "MariaDB";
    }

    @Override
    public String quote(String identifier) {
        return '`' + identifier.replace("`", "``") + '`';
    }

    @Override
    public String parameter(String legacyType, ColumnType type, LegacyStorage storage) {
        return "?"; // JSON and UUID columns take text as it is
    }

    @Override
    public KeyCondition keyAfter(List<String> columns, List<String> parameters) {
        // MariaDB reads a row comparison (a, b) > (?, ?) with a full index scan (EXPLAIN: type index); the
        // expanded form a > ? OR (a = ? AND b > ?) is one range scan of the key's index (EXPLAIN: type range).
        List<String> disjuncts = new ArrayList<>();
        List<Integer> order = new ArrayList<>();
        for (int last = 0; last < columns.size(); last++) {
            List<String> terms = new ArrayList<>();
            for (int i = 0; i < last; i++) {
                terms.add(columns.get(i) + " = " + parameters.get(i));
                order.add(i);
            }
            terms.add(columns.get(last) + " > " + parameters.get(last));
            order.add(last);
            String conjunction = String.join(" AND ", terms);
            disjuncts.add(columns.size() == 1 || last == 0 ? conjunction : "(" + conjunction + ")");
        }
        return new KeyCondition(String.join(" OR ", disjuncts), order);
    }

    @Override
    public String keyIn(List<String> columns, List<String> parameters, int keys) {
        // Unlike the row comparison, a row IN list is a range scan of the key's index.
        String one = columns.size() == 1 ? parameters.get(0) : "(" + String.join(", ", parameters) + ")";
        String left = columns.size() == 1 ? columns.get(0) : "(" + String.join(", ", columns) + ")";
        return left + " IN (" + String.join(", ", Collections.nCopies(keys, one)) + ")";
    }

    @Override
    public String upsert(String table, List<String> columns, List<String> parameters, List<String> conflictColumns,
            List<String> updateColumns) {
        List<String> assignments = updateColumns.stream().map(c -> c + " = VALUES(" + c + ")").toList();
        if (assignments.isEmpty()) {
            // "DO NOTHING"; INSERT IGNORE would also turn errors such as truncation into warnings.
            assignments = List.of(conflictColumns.get(0) + " = " + conflictColumns.get(0));
        }
        return insert(table, columns, parameters) + String.join(", ", assignments);
    }

    @Override
    public boolean upsertMatchesAnyUniqueKey() {
        return true;
    }

    @Override
    public String guardedUpsert(String table, List<String> columns, List<String> parameters,
            List<String> conflictColumns, List<String> updateColumns, String guardColumn) {
        // The conflict columns are never assigned before the guard, so the test sees the existing row's values.
        // NULLs never match: a row with a NULL in its conflict target can only have matched another key.
        String matches = conflictColumns.stream().map(c -> c + " = VALUES(" + c + ")")
                .collect(Collectors.joining(" AND "));
        List<String> assignments = new ArrayList<>();
        for (String column : updateColumns) {
            if (!column.equals(guardColumn)) {
                assignments.add(column + " = VALUES(" + column + ")");
            }
        }
        String kept = updateColumns.contains(guardColumn) ? "VALUES(" + guardColumn + ")" : guardColumn;
        assignments.add(guardColumn + " = IF(" + matches + ", " + kept + ", NULL)");
        return insert(table, columns, parameters) + String.join(", ", assignments);
    }

    private static String insert(String table, List<String> columns, List<String> parameters) {
        return "INSERT INTO " + table + " (" + String.join(", ", columns) + ") VALUES (" + String.join(", ", parameters)
                + ") ON DUPLICATE KEY UPDATE ";
    }

    @Override
    public boolean isGuardViolation(SQLException failure, String guardColumn) {
        String message = "Column '" + guardColumn + "' cannot be null";
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof SQLException sql) {
                for (SQLException e = sql; e != null; e = e.getNextException()) {
                    if (e.getErrorCode() == 1048 && e.getMessage() != null && e.getMessage().contains(message)) {
                        return true;
                    }
                }
            }
        }
        return false;
    }

    @Override
    public boolean instantsAsUtcWallClock(String legacyType, LegacyStorage storage) {
        return true; // DATETIME holds UTC by declaration, TIMESTAMP shows UTC in a '+00:00' session
    }

    @Override
    public Object instantParameter(Instant instant) {
        return LocalDateTime.ofInstant(instant, ZoneOffset.UTC);
    }

    @Override
    public List<String> sessionProblems(Connection connection, List<String> legacyTypes) throws SQLException {
        List<String> problems = new ArrayList<>();
        try (Statement statement = connection.createStatement();
                ResultSet result = statement.executeQuery("SELECT @@session.time_zone, @@session.sql_mode, "
                        + "@@session.character_set_client, @@session.character_set_connection, "
                        + "@@session.character_set_results")) {
            result.next();
            String timeZone = result.getString(1);
            if (legacyTypes.contains("timestamp") && !Set.of("+00:00", "UTC", "+0:00").contains(timeZone)) {
                problems.add("the session time_zone is '" + timeZone + "', but TIMESTAMP columns are read and "
                        + "written as UTC: give the pool's connections time_zone='+00:00' (LegacyAdapter.create does; "
                        + "for a pool of your own add sessionVariables=time_zone='+00:00' to its JDBC URL)");
            }
            String sqlMode = result.getString(2);
            Set<String> modes = Set.of(sqlMode.toUpperCase(Locale.ROOT).split(","));
            if (!modes.contains("STRICT_ALL_TABLES") && !modes.contains("STRICT_TRANS_TABLES")) {
                problems.add("the session sql_mode '" + sqlMode + "' is not strict, so MariaDB would silently "
                        + "truncate or convert values that do not fit their columns: give the pool's connections "
                        + "STRICT_ALL_TABLES (LegacyAdapter.create does)");
            }
            String[] names = {"character_set_client", "character_set_connection", "character_set_results"};
            for (int i = 0; i < names.length; i++) {
                String charset = result.getString(3 + i);
                if (charset != null && !charset.equals("utf8mb4")) {
                    problems.add("the session " + names[i] + " is " + charset + ", which cannot carry 4-byte "
                            + "characters such as emoji: connect with utf8mb4 (MariaDB Connector/J does unless told "
                            + "otherwise)");
                }
            }
        }
        return problems;
    }

    @Override
    public String limit(String orderedSelect) {
        return orderedSelect + " LIMIT ?";
    }

    @Override
    public List<String> compatibleTypes(ColumnType type, LegacyStorage storage) {
        if (!storage.appliesTo(type)) {
            return List.of();
        }
        return switch (storage) {
            case JSON_TEXT -> concat(TEXTS, List.of("json"));
            case SMALLINT_BOOLEAN -> concat(SMALL_INTEGERS, List.of("int unsigned"));
            case TIMESTAMP_UTC -> List.of("datetime");
            case NATIVE -> switch (type) {
                case TEXT -> concat(TEXTS, List.of("enum"));
                case INTEGER -> SMALL_INTEGERS;
                case BIGINT -> INTEGERS;
                case NUMERIC -> concat(List.of("decimal"), ALL_INTEGERS);
                // MariaDB's BOOLEAN is tinyint(1), and any other number fits in it too: read strictly as 0 or 1.
                case BOOLEAN -> List.of("tinyint");
                // Shown in the session's time zone, which the adapter sets to UTC.
                case TIMESTAMPTZ -> List.of("timestamp");
                case DATE -> List.of("date");
                case UUID -> List.of("uuid", "char", "varchar");
                case JSON, JSONB -> List.of("json");
                case SMALLINT -> List.of("tinyint", "smallint", "tinyint unsigned");
                case REAL -> List.of("float");
                case DOUBLE -> List.of("double", "float");
                // MariaDB strips a char's trailing spaces, as CHAR's rule reads them: nothing is lost.
                case CHAR -> List.of("char");
                case BYTEA -> List.of("blob", "tinyblob", "mediumblob", "longblob", "binary", "varbinary");
                case TIME -> List.of("time");
                case TIMESTAMP -> List.of("datetime");
                case ENUM -> List.of("enum");
                case TEXT_ARRAY, INTEGER_ARRAY, BIGINT_ARRAY -> List.of();
            };
        };
    }

    @Override
    public List<String> convertibleTypes(Conversion.Kind kind) {
        return switch (kind) {
            case UUID_TEXT -> List.of("char", "varchar", "text", "tinytext", "mediumtext", "longtext");
            case UUID_BINARY -> List.of("binary", "varbinary");
            case CHECKED_INTEGER -> concat(ALL_INTEGERS, List.of("decimal"));
            case NONZERO_IS_TRUE -> concat(ALL_INTEGERS, List.of("bit"));
            case TEXT_FLAG -> List.of("char", "varchar", "text", "enum");
            case ENUM_TEXT -> List.of("enum", "set");
            case SET_ARRAY -> List.of("set");
            case YEAR -> List.of("year");
            case NAIVE_AT_ZONE -> List.of("datetime");
            case DECIMAL -> concat(List.of("decimal", "double", "float"), ALL_INTEGERS);
        };
    }

    @Override
    public Set<ChecksumScheme> checksumSchemes() {
        return EnumSet.of(ChecksumScheme.TEXT_MD5);
    }

    @Override
    public Optional<String> checksumValue(ChecksumScheme scheme, String column, String legacyType, ColumnType type,
            LegacyStorage storage) {
        if (scheme != ChecksumScheme.TEXT_MD5 || !compatibleTypes(type, storage).contains(legacyType)) {
            return Optional.empty();
        }
        String text = "CAST(" + column + " AS CHAR)";
        // A zero date is no instant: 'zero' matches no PostgreSQL text, so the row is compared row by row, where
        // the binding says whether it means NULL.
        String zero = "CASE WHEN MONTH(" + column + ") = 0 OR DAYOFMONTH(" + column + ") = 0 THEN 'zero' ELSE ";
        return switch (type) {
            case TEXT -> Optional.of("CONCAT(CHAR_LENGTH(" + column + "), ':', " + column + ")");
            case INTEGER, BIGINT -> Optional.of(text);
            case NUMERIC -> Optional.of(legacyType.equals("decimal")
                    ? "IF(LOCATE('.', " + text + ") > 0, TRIM(TRAILING '.' FROM TRIM(TRAILING '0' FROM " + text + ")), "
                            + text + ")"
                    : text);
            case BOOLEAN -> Optional.of("CASE " + column + " WHEN 1 THEN 't' WHEN 0 THEN 'f' ELSE CONCAT('?', " + column
                    + ") END");
            // UNIX_TIMESTAMP reads a TIMESTAMP's stored instant whatever the session's zone; a DATETIME holds UTC.
            case TIMESTAMPTZ -> Optional.of(zero + (legacyType.equals("timestamp")
                    ? "CAST(CAST(UNIX_TIMESTAMP(" + column + ") * 1000000 AS SIGNED) AS CHAR)"
                    : "CAST(TIMESTAMPDIFF(MICROSECOND, '1970-01-01 00:00:00', " + column + ") AS CHAR)") + " END");
            case DATE -> Optional.of(zero + "CAST(DATEDIFF(" + column + ", '1970-01-01') AS CHAR) END");
            case UUID -> Optional.of(legacyType.equals("uuid") ? text : "LOWER(" + column + ")");
            // MariaDB has no canonical form of a JSON document that PostgreSQL's jsonb hash could match; the other
            // types are compared row by row.
            default -> Optional.empty();
        };
    }

    @Override
    public Optional<String> checksumRow(ChecksumScheme scheme, List<String> texts) {
        if (scheme != ChecksumScheme.TEXT_MD5) {
            return Optional.empty();
        }
        // As UTF-8 bytes, whatever each column's character set and collation (which CONCAT would refuse to mix).
        String joined = texts.stream().map(t -> "CAST(CONVERT(COALESCE(" + t + ", '~') USING utf8mb4) AS BINARY)")
                .collect(Collectors.joining(", "));
        return Optional.of("CAST(CONV(LEFT(MD5(CONCAT_WS(X'1F', " + joined + ")), 15), 16, 10) AS UNSIGNED)");
    }

    @Override
    public String currentSchema(Connection connection) throws SQLException {
        try (Statement statement = connection.createStatement();
                ResultSet result = statement.executeQuery("SELECT DATABASE()")) {
            result.next();
            String database = result.getString(1);
            return database == null ? "(no database selected)" : database;
        }
    }

    @Override
    public Optional<List<CatalogColumn>> columns(Connection connection, String schema, String table) throws SQLException {
        List<CatalogColumn> columns = new ArrayList<>();
        try (PreparedStatement statement = prepare(connection, COLUMNS, schema, table);
                ResultSet result = statement.executeQuery()) {
            while (result.next()) {
                if (!result.getString(1).equals(table)) {
                    continue; // information_schema compares names case-insensitively; table names are exact
                }
                String type = result.getString(3).toLowerCase(Locale.ROOT);
                if (result.getString(4).toLowerCase(Locale.ROOT).contains(" unsigned")) {
                    type += " unsigned";
                }
                int digits = result.getInt(6);
                columns.add(new CatalogColumn(result.getString(2), type, "YES".equals(result.getString(5)),
                        result.wasNull() ? -1 : digits));
            }
        }
        if (columns.isEmpty()) {
            return Optional.empty();
        }
        if (columns.stream().anyMatch(c -> c.type().equals("longtext")) && isMariaDb(connection)) {
            Set<String> json = jsonColumns(connection, schema, table);
            columns.replaceAll(c -> c.type().equals("longtext") && json.contains(c.name())
                    ? new CatalogColumn(c.name(), "json", c.nullable(), c.fractionalDigits()) : c);
        }
        return Optional.of(List.copyOf(columns));
    }

    private static Set<String> jsonColumns(Connection connection, String schema, String table) throws SQLException {
        Set<String> json = new HashSet<>();
        try (PreparedStatement statement = prepare(connection, JSON_CHECKS, schema, table);
                ResultSet result = statement.executeQuery()) {
            while (result.next()) {
                String clause = result.getString(2);
                if (result.getString(1).equals(table) && clause.startsWith("json_valid(`") && clause.endsWith("`)")) {
                    json.add(clause.substring("json_valid(`".length(), clause.length() - 2).replace("``", "`"));
                }
            }
        }
        return json;
    }

    private static boolean isMariaDb(Connection connection) throws SQLException {
        return connection.getMetaData().getDatabaseProductVersion().contains("MariaDB");
    }

    @Override
    public List<UniqueIndex> uniqueIndexes(Connection connection, String schema, String table) throws SQLException {
        Map<String, List<String>> columns = new LinkedHashMap<>();
        Map<String, Set<String>> unusable = new LinkedHashMap<>();
        try (PreparedStatement statement = prepare(connection, UNIQUE_INDEXES, schema, table);
                ResultSet result = statement.executeQuery()) {
            boolean expressions = hasColumn(result.getMetaData(), "EXPRESSION");
            while (result.next()) {
                if (!result.getString("TABLE_NAME").equals(table)) {
                    continue;
                }
                String index = result.getString("INDEX_NAME");
                String column = result.getString("COLUMN_NAME");
                Set<String> reasons = unusable.computeIfAbsent(index, i -> new LinkedHashSet<>());
                if (column == null && expressions) {
                    column = result.getString("EXPRESSION");
                    reasons.add("on expressions");
                }
                if (result.getObject("SUB_PART") != null) {
                    column = column + "(" + result.getInt("SUB_PART") + ")";
                    reasons.add("prefix");
                }
                columns.computeIfAbsent(index, i -> new ArrayList<>()).add(column);
            }
        }
        List<UniqueIndex> indexes = new ArrayList<>();
        columns.forEach((index, keyColumns) -> indexes.add(new UniqueIndex(index,
                index.equals("PRIMARY") ? "PRIMARY KEY" : "UNIQUE", keyColumns,
                unusable.get(index).isEmpty() ? null : String.join(", ", unusable.get(index)))));
        return List.copyOf(indexes);
    }

    private static boolean hasColumn(ResultSetMetaData metaData, String label) throws SQLException {
        return IntStream.rangeClosed(1, metaData.getColumnCount()).anyMatch(i -> {
            try {
                return metaData.getColumnLabel(i).equalsIgnoreCase(label);
            } catch (SQLException e) {
                return false;
            }
        });
    }

    private static PreparedStatement prepare(Connection connection, String sql, String schema, String table)
            throws SQLException {
        PreparedStatement statement = connection.prepareStatement(sql);
        statement.setString(1, schema);
        statement.setString(2, table);
        return statement;
    }

    @Override
    public Map<String, String> connectionProperties(String applicationName) {
        // connectionTimeZone and preserveInstants make the driver bind an OffsetDateTime and read a TIMESTAMP at
        // UTC in hand-written queries too; the stores themselves exchange UTC LocalDateTimes.
        return Map.of("sessionVariables", SESSION_VARIABLES,
                "connectionTimeZone", "UTC",
                "preserveInstants", "true",
                "connectionAttributes", "program_name:" + applicationName.replaceAll("[,:]", "_"));
    }

    private static List<String> concat(List<String> first, List<String> second) {
        List<String> all = new ArrayList<>(first);
        all.addAll(second);
        return List.copyOf(all);
    }

    @Override
    public String toString() {
        return "LegacyDialect[" + name() + "]";
    }
}
