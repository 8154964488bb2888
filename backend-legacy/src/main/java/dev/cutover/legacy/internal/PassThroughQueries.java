package dev.cutover.legacy.internal;

import dev.cutover.legacy.LegacyDialect;
import dev.cutover.legacy.LegacyStorage;
import dev.cutover.legacy.LegacyStore;
import dev.cutover.legacy.LegacyTable;
import dev.cutover.legacy.spi.LegacyRangeReader;
import dev.cutover.mapping.ColumnType;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

/**
 * What a backfill's pass-through copy asks of a legacy table ({@link LegacyRangeReader#storedTypes},
 * {@link LegacyRangeReader#rangeSelect}): each column's type as PostgreSQL stores it, where the column is read as
 * stored, and a chunk's {@code SELECT} with its key bounds written as literals (a {@code COPY} takes no parameters).
 * Immutable and thread-safe.
 */
final class PassThroughQueries {
    /** Key types whose values {@link #literal} writes. */
    private static final Set<ColumnType> LITERAL_KEYS = Set.of(ColumnType.SMALLINT, ColumnType.INTEGER, ColumnType.BIGINT,
            ColumnType.NUMERIC, ColumnType.TEXT, ColumnType.UUID);
    /** PostgreSQL's FirstNormalObjectId: types below it are built in, with the same oid and binary form everywhere. */
    private static final int FIRST_NORMAL_OID = 16384;

    private final LegacyDialect dialect;
    /** Empty, or one entry per column, {@code null} where a column cannot be passed on. */
    private final List<String> storedTypes;
    private final List<String> keyColumnSql;
    private final String selectList;
    private final String qualifiedTable;

    /**
     * @param keyColumnSql the key columns as the reader's keyset conditions name them
     * @param catalogTypes {@link #catalogTypes}
     */
    PassThroughQueries(LegacyDialect dialect, LegacyTable table, List<LegacyColumn> columns, int[] keyIndexes,
            List<String> keyColumnSql, String qualifiedTable, Map<String, String> catalogTypes) {
        this.dialect = dialect;
        this.keyColumnSql = List.copyOf(keyColumnSql);
        this.qualifiedTable = qualifiedTable;
        this.selectList = columns.stream().map(LegacyColumn::quotedName).collect(Collectors.joining(", "));
        this.storedTypes = catalogTypes.isEmpty() ? List.of() : storedTypes(table, columns, keyIndexes, catalogTypes);
    }

    private static List<String> storedTypes(LegacyTable table, List<LegacyColumn> columns, int[] keyIndexes,
            Map<String, String> catalogTypes) {
        List<String> types = new ArrayList<>();
        for (int i = 0; i < columns.size(); i++) {
            LegacyColumn column = columns.get(i);
            String name = column.column().name();
            int index = i;
            boolean key = Arrays.stream(keyIndexes).anyMatch(k -> k == index);
            boolean asStored = table.storage(name) == LegacyStorage.NATIVE && table.conversion(name).isEmpty()
                    && !table.nulReplacements().containsKey(name) && !table.zeroDatesAsNull().contains(name)
                    && (!key || LITERAL_KEYS.contains(column.column().type()));
            types.add(asStored ? catalogTypes.get(column.legacyName()) : null);
        }
        return Collections.unmodifiableList(types);
    }

    /** Built-in types of the table's columns by name, as {@code format_type} names them; empty off PostgreSQL. */
    static Map<String, String> catalogTypes(Connection connection, LegacyDialect dialect, LegacyStore<?, ?> store)
            throws SQLException {
        Map<String, String> types = new HashMap<>();
        if (!(dialect instanceof PostgresLegacyDialect)) {
            return types;
        }
        try (PreparedStatement statement = connection.prepareStatement("SELECT a.attname, format_type(a.atttypid, "
                + "a.atttypmod), a.atttypid < " + FIRST_NORMAL_OID + " FROM pg_attribute a WHERE a.attrelid = CAST(? AS "
                + "regclass) AND a.attnum > 0 AND NOT a.attisdropped")) {
            statement.setString(1, store.qualifiedTable());
            try (ResultSet result = statement.executeQuery()) {
                while (result.next()) {
                    if (result.getBoolean(3)) {
                        types.put(result.getString(1), result.getString(2));
                    }
                }
            }
        }
        return types;
    }

    List<String> storedTypes() {
        return storedTypes;
    }

    Optional<String> rangeSelect(Object[] after, Object[] upTo) {
        if (storedTypes.isEmpty()) {
            return Optional.empty();
        }
        List<String> conditions = new ArrayList<>();
        for (Object[] bound : Arrays.asList(after, upTo)) {
            if (bound == null) {
                continue;
            }
            List<String> literals = new ArrayList<>();
            for (Object value : bound) {
                String literal = literal(value);
                if (literal == null) {
                    return Optional.empty();
                }
                literals.add(literal);
            }
            String condition = dialect.keyAfter(keyColumnSql, literals).sql();
            conditions.add(bound == after ? condition : "NOT (" + condition + ")");
        }
        return Optional.of("SELECT " + selectList + " FROM " + qualifiedTable
                + (conditions.isEmpty() ? "" : " WHERE " + String.join(" AND ", conditions))
                + " ORDER BY " + String.join(", ", keyColumnSql));
    }

    /** A key value as a PostgreSQL literal, or {@code null} for a value of another kind. */
    private static String literal(Object value) {
        if (value instanceof Long || value instanceof Integer || value instanceof Short || value instanceof BigInteger) {
            return value.toString();
        }
        if (value instanceof BigDecimal number) {
            return "CAST('" + number.toPlainString() + "' AS numeric)";
        }
        if (value instanceof UUID || value instanceof String) {
            // An escape string: the same meaning whatever standard_conforming_strings says. Text holds no NUL here.
            return "E'" + value.toString().replace("\\", "\\\\").replace("'", "''") + "'";
        }
        return null;
    }
}
