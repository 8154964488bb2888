package dev.cutover.legacy.internal;

import dev.cutover.jdbc.PostgresLocks;
import dev.cutover.legacy.Conversion;
import dev.cutover.legacy.LegacyDialect;
import dev.cutover.legacy.LegacyStorage;
import dev.cutover.mapping.ColumnType;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/** {@link LegacyDialect#postgresql()}. Immutable and thread-safe. */
public final class PostgresLegacyDialect implements LegacyDialect {
    /** A key column as itself, quoted: an index on it can serve a key condition. */
    private static final Pattern QUOTED_COLUMN = Pattern.compile("\"(?:[^\"]|\"\")*\"");

    public static final PostgresLegacyDialect INSTANCE = new PostgresLegacyDialect();

    // Domains are reported as their base type: a legacy "email" domain over text is text. Enum types are 'enum'.
    private static final String COLUMNS = """
            SELECT a.attname,
                   CASE WHEN coalesce(b.typtype, t.typtype) = 'e' THEN 'enum'
                        ELSE format_type(CASE WHEN t.typtype = 'd' THEN t.typbasetype ELSE a.atttypid END, NULL) END,
                   a.attnotnull
            FROM pg_attribute a
            JOIN pg_type t ON t.oid = a.atttypid
            LEFT JOIN pg_type b ON b.oid = t.typbasetype AND t.typtype = 'd'
            WHERE a.attrelid = ? AND a.attnum > 0 AND NOT a.attisdropped
            ORDER BY a.attnum""";

    private static final String RELATION = """
            SELECT c.oid FROM pg_class c
            WHERE c.oid = to_regclass(%s) AND c.relkind IN ('r', 'p', 'v', 'm', 'f')""";

    // Included (non-key) columns of an index are left out: they take no part in uniqueness. Expressions are
    // shown as written, for messages; they never match a column name.
    private static final String UNIQUE_INDEXES = """
            SELECT i.relname,
                   CASE c.contype WHEN 'p' THEN 'PRIMARY KEY' WHEN 'u' THEN 'UNIQUE' ELSE 'UNIQUE INDEX' END,
                   ARRAY(SELECT CASE WHEN k.attnum = 0 THEN pg_get_indexdef(x.indexrelid, k.n::int, true)
                                     ELSE a.attname::text END
                         FROM unnest(x.indkey::int2[]) WITH ORDINALITY AS k(attnum, n)
                         LEFT JOIN pg_attribute a ON a.attrelid = x.indrelid AND a.attnum = k.attnum
                         WHERE k.n <= x.indnkeyatts
                         ORDER BY k.n),
                   x.indpred IS NOT NULL,
                   x.indexprs IS NOT NULL,
                   NOT x.indimmediate,
                   NOT x.indisvalid
            FROM pg_index x
            JOIN pg_class i ON i.oid = x.indexrelid
            LEFT JOIN pg_constraint c ON c.conindid = x.indexrelid AND c.conrelid = x.indrelid AND c.contype IN ('p', 'u')
            WHERE x.indrelid = ? AND x.indisunique
            ORDER BY coalesce(c.contype = 'p', false) DESC, i.relname""";

    private PostgresLegacyDialect() {
    }

    @Override
    public String name() {
        return "PostgreSQL";
    }

    @Override
    public Optional<String> lockAgainstWriters(String table, Duration timeout) {
        return Optional.of(PostgresLocks.againstWriters(table, timeout));
    }

    @Override
    public String quote(String identifier) {
        return '"' + identifier.replace("\"", "\"\"") + '"';
    }

    @Override
    public String parameter(String legacyType, ColumnType type, LegacyStorage storage) {
        // JSON and UUID values are bound as text: a cast keeps the driver out of it (no PGobject, no stringtype).
        return switch (legacyType) {
            case "json", "jsonb", "uuid" -> "CAST(? AS " + legacyType + ")";
            default -> "?";
        };
    }

    @Override
    public KeyCondition keyAfter(List<String> columns, List<String> parameters) {
        List<Integer> order = IntStream.range(0, columns.size()).boxed().toList();
        if (columns.size() == 1) {
            return new KeyCondition(columns.get(0) + " > " + parameters.get(0), order);
        }
        // A row comparison is what PostgreSQL turns into one index range scan over a composite key.
        return new KeyCondition("(" + String.join(", ", columns) + ") > (" + String.join(", ", parameters) + ")", order);
    }

    @Override
    public KeyCondition keyAtMost(List<String> columns, List<String> parameters) {
        List<Integer> order = IntStream.range(0, columns.size()).boxed().toList();
        if (columns.size() == 1) {
            return new KeyCondition(columns.get(0) + " <= " + parameters.get(0), order);
        }
        return new KeyCondition("(" + String.join(", ", columns) + ") <= (" + String.join(", ", parameters) + ")", order);
    }

    @Override
    public String keyIn(List<String> columns, List<String> parameters, int keys) {
        String one = columns.size() == 1 ? parameters.get(0) : "(" + String.join(", ", parameters) + ")";
        String left = columns.size() == 1 ? columns.get(0) : "(" + String.join(", ", columns) + ")";
        String list = String.join(", ", Collections.nCopies(keys, one));
        if (keys > 1 && columns.stream().anyMatch(column -> !QUOTED_COLUMN.matcher(column).matches())) {
            // A key compared as an expression (a UUID kept as text: lower(column)) has no index to serve it. An IN list
            // is then tested key by key for every row, a row IN list as an OR of conjunctions (1,000 keys over 200,000
            // rows: 192 s); the rows of VALUES are hashed once and each row probed once (124 ms).
            // Each VALUES row in parentheses: a single key column's "VALUES ?, ?" is a syntax error.
            String rows = columns.size() == 1 ? String.join(", ", Collections.nCopies(keys, "(" + one + ")")) : list;
            return left + " IN (SELECT * FROM (VALUES " + rows + ") AS k)";
        }
        return left + " IN (" + list + ")";
    }

    @Override
    public String upsert(String table, List<String> columns, List<String> parameters, List<String> conflictColumns,
            List<String> updateColumns) {
        return upsert(table, columns, parameters, conflictColumns, updateColumns, 1);
    }

    /** {@link #upsert} of {@code rows} rows in one multi-row {@code VALUES} list. */
    String upsert(String table, List<String> columns, List<String> parameters, List<String> conflictColumns,
            List<String> updateColumns, int rows) {
        String row = "(" + String.join(", ", parameters) + ")";
        StringBuilder sql = new StringBuilder("INSERT INTO ").append(table).append(" (")
                .append(String.join(", ", columns)).append(") VALUES ").append(String.join(", ", Collections.nCopies(rows, row)))
                .append(" ON CONFLICT (").append(String.join(", ", conflictColumns)).append(") DO ");
        if (updateColumns.isEmpty()) {
            return sql.append("NOTHING").toString();
        }
        return sql.append("UPDATE SET ")
                .append(updateColumns.stream().map(c -> c + " = EXCLUDED." + c).collect(Collectors.joining(", ")))
                .toString();
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
            case JSON_TEXT -> List.of("text", "character varying");
            case SMALLINT_BOOLEAN -> List.of("smallint", "integer");
            case TIMESTAMP_UTC -> List.of("timestamp without time zone");
            case NATIVE -> switch (type) {
                // character(n) is left out on purpose: it pads, so a value would not read back as written.
                case TEXT -> List.of("text", "character varying");
                case INTEGER -> List.of("smallint", "integer");
                case BIGINT -> List.of("smallint", "integer", "bigint");
                case NUMERIC -> List.of("numeric");
                case BOOLEAN -> List.of("boolean");
                case TIMESTAMPTZ -> List.of("timestamp with time zone");
                case DATE -> List.of("date");
                case UUID -> List.of("uuid");
                case JSON, JSONB -> List.of("jsonb", "json");
                case SMALLINT -> List.of("smallint");
                case REAL -> List.of("real");
                case DOUBLE -> List.of("double precision", "real");
                case CHAR -> List.of("character");
                case BYTEA -> List.of("bytea");
                case TIME -> List.of("time without time zone");
                case TIMESTAMP -> List.of("timestamp without time zone");
                case ENUM -> List.of("enum");
                case TEXT_ARRAY -> List.of("text[]", "character varying[]");
                case INTEGER_ARRAY -> List.of("smallint[]", "integer[]");
                case BIGINT_ARRAY -> List.of("smallint[]", "integer[]", "bigint[]");
            };
        };
    }

    @Override
    public List<String> convertibleTypes(Conversion.Kind kind) {
        List<String> integers = List.of("smallint", "integer", "bigint");
        List<String> texts = List.of("text", "character varying", "character");
        return switch (kind) {
            case UUID_TEXT -> texts;
            case UUID_BINARY -> List.of("bytea");
            case CHECKED_INTEGER -> List.of("smallint", "integer", "bigint", "numeric");
            case NONZERO_IS_TRUE -> List.of("smallint", "integer", "bigint", "bit");
            case TEXT_FLAG -> texts;
            case ENUM_TEXT -> List.of("enum");
            case SET_ARRAY -> List.of();
            case YEAR -> List.of();
            case NAIVE_AT_ZONE -> List.of("timestamp without time zone");
            case DECIMAL -> List.of("numeric", "double precision", "real", "smallint", "integer", "bigint");
        };
    }

    @Override
    public String convertedParameter(String legacyType, Conversion.Kind kind) {
        // bit(1) takes no integer parameter; an enum takes the text as an untyped value (bound as Types.OTHER).
        return legacyType.equals("bit") ? "CAST(CAST(? AS integer) AS bit(1))" : "?";
    }

    @Override
    public Set<ChecksumScheme> checksumSchemes() {
        return EnumSet.allOf(ChecksumScheme.class);
    }

    @Override
    public Optional<String> checksumValue(ChecksumScheme scheme, String column, String legacyType, ColumnType type,
            LegacyStorage storage) {
        if (!compatibleTypes(type, storage).contains(legacyType)) {
            return Optional.empty();
        }
        String json = legacyType.equals("jsonb") ? column : column + "::jsonb";
        if (scheme == ChecksumScheme.POSTGRESQL_HASH) {
            return Optional.ofNullable(switch (type) {
                // COLLATE "C": a nondeterministic collation would hash equal-but-different texts alike.
                case TEXT -> "hashtextextended(" + column + " COLLATE \"C\", 0)";
                case INTEGER, BIGINT -> "hashint8extended(" + column + "::bigint, 0)";
                case NUMERIC -> "hash_numeric_extended(" + column + ", 0)";
                case BOOLEAN -> storage == LegacyStorage.SMALLINT_BOOLEAN
                        ? "hashint4extended(CASE WHEN " + column + " IN (0, 1) THEN " + column + " ELSE 1000000 + "
                                + column + " END, 0)"
                        : "hashint4extended(CASE WHEN " + column + " THEN 1 WHEN NOT " + column + " THEN 0 END, 0)";
                // Both are microseconds since 2000-01-01 UTC inside: the instant at UTC, or the UTC wall-clock time.
                case TIMESTAMPTZ -> storage == LegacyStorage.TIMESTAMP_UTC ? "timestamp_hash_extended(" + column + ", 0)"
                        : "timestamp_hash_extended(" + column + " AT TIME ZONE 'UTC', 0)";
                // infinity and -infinity cannot be subtracted from: hashed as their text
                case DATE -> "CASE WHEN isfinite(" + column + ") THEN hashint4extended(" + column + " - DATE '1970-01-01', 0)"
                        + " ELSE hashtextextended(" + column + "::text, 0) END";
                case UUID -> "uuid_hash_extended(" + column + ", 0)";
                case JSON, JSONB -> "jsonb_hash_extended(" + json + ", 0)";
                case SMALLINT -> "hashint8extended(" + column + "::bigint, 0)";
                // A real read as DOUBLE was copied as the same double: both hash as float8.
                case REAL, DOUBLE -> "hashfloat8extended(" + column + "::float8, 0)";
                // character(n)::text drops the padding, as CHAR values are read.
                case CHAR, ENUM -> "hashtextextended(" + column + "::text COLLATE \"C\", 0)";
                case BYTEA -> "hashtextextended(encode(" + column + ", 'hex'), 0)";
                case TIME -> "time_hash_extended(" + column + ", 0)";
                case TIMESTAMP -> "timestamp_hash_extended(" + column + ", 0)";
                default -> null; // arrays: compared row by row
            });
        }
        return Optional.ofNullable(switch (type) {
            case TEXT -> "length(" + column + ")::text || ':' || " + column;
            case INTEGER, BIGINT, UUID -> column + "::text";
            case NUMERIC -> "trim_scale(" + column + ")::text";
            case BOOLEAN -> storage == LegacyStorage.SMALLINT_BOOLEAN
                    ? "CASE " + column + " WHEN 1 THEN 't' WHEN 0 THEN 'f' ELSE '?' || " + column + "::text END"
                    : "CASE WHEN " + column + " THEN 't' WHEN NOT " + column + " THEN 'f' END";
            // A timestamp without time zone gives its wall-clock time's epoch as if at UTC, which TIMESTAMP_UTC means.
            case TIMESTAMPTZ -> "CASE WHEN isfinite(" + column + ") THEN (extract(epoch FROM " + column
                    + ") * 1000000)::bigint::text ELSE " + column + "::text END";
            case DATE -> "CASE WHEN isfinite(" + column + ") THEN (" + column + " - DATE '1970-01-01')::text ELSE "
                    + column + "::text END";
            case JSON, JSONB -> "jsonb_hash_extended(" + json + ", 0)::text";
            default -> null; // compared row by row
        });
    }

    @Override
    public Optional<String> checksumRow(ChecksumScheme scheme, List<String> values) {
        if (scheme == ChecksumScheme.POSTGRESQL_HASH) {
            String row = "0";
            for (String value : values) {
                row = "hashint8extended(coalesce(" + value + ", -1) # " + row + ", 0)";
            }
            return Optional.of(row);
        }
        String joined = values.stream().map(t -> "coalesce(" + t + ", '~')").collect(Collectors.joining(", "));
        return Optional.of("('x' || left(md5(concat_ws(chr(31), " + joined + ")), 15))::bit(60)::bigint");
    }

    @Override
    public String currentSchema(Connection connection) throws SQLException {
        try (Statement statement = connection.createStatement();
                ResultSet result = statement.executeQuery("SELECT current_schema()")) {
            result.next();
            return result.getString(1);
        }
    }

    @Override
    public Optional<List<CatalogColumn>> columns(Connection connection, String schema, String table) throws SQLException {
        Optional<Long> relation = relation(connection, schema, table);
        if (relation.isEmpty()) {
            return Optional.empty();
        }
        List<CatalogColumn> columns = new ArrayList<>();
        try (PreparedStatement statement = connection.prepareStatement(COLUMNS)) {
            statement.setLong(1, relation.get());
            try (ResultSet result = statement.executeQuery()) {
                while (result.next()) {
                    columns.add(new CatalogColumn(result.getString(1), result.getString(2), !result.getBoolean(3)));
                }
            }
        }
        return Optional.of(List.copyOf(columns));
    }

    @Override
    public List<UniqueIndex> uniqueIndexes(Connection connection, String schema, String table) throws SQLException {
        Optional<Long> relation = relation(connection, schema, table);
        if (relation.isEmpty()) {
            return List.of();
        }
        List<UniqueIndex> indexes = new ArrayList<>();
        try (PreparedStatement statement = connection.prepareStatement(UNIQUE_INDEXES)) {
            statement.setLong(1, relation.get());
            try (ResultSet result = statement.executeQuery()) {
                while (result.next()) {
                    Array array = result.getArray(3);
                    List<String> columns;
                    try {
                        columns = Arrays.stream((Object[]) array.getArray()).map(String::valueOf).toList();
                    } finally {
                        array.free();
                    }
                    List<String> unusable = new ArrayList<>();
                    if (result.getBoolean(4)) {
                        unusable.add("partial");
                    }
                    if (result.getBoolean(5)) {
                        unusable.add("on expressions");
                    }
                    if (result.getBoolean(6)) {
                        unusable.add("deferrable");
                    }
                    if (result.getBoolean(7)) {
                        unusable.add("invalid");
                    }
                    indexes.add(new UniqueIndex(result.getString(1), result.getString(2), columns,
                            unusable.isEmpty() ? null : String.join(", ", unusable)));
                }
            }
        }
        return List.copyOf(indexes);
    }

    private Optional<Long> relation(Connection connection, String schema, String table) throws SQLException {
        String name = schema == null ? "quote_ident(?)" : "quote_ident(?) || '.' || quote_ident(?)";
        try (PreparedStatement statement = connection.prepareStatement(RELATION.formatted(name))) {
            if (schema == null) {
                statement.setString(1, table);
            } else {
                statement.setString(1, schema);
                statement.setString(2, table);
            }
            try (ResultSet result = statement.executeQuery()) {
                return result.next() ? Optional.of(result.getLong(1)) : Optional.empty();
            }
        }
    }

    @Override
    public Map<String, String> connectionProperties(String applicationName) {
        return Map.of("ApplicationName", applicationName);
    }

    @Override
    public String toString() {
        return "LegacyDialect[" + name() + "]";
    }
}
