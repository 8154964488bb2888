package dev.cutover.legacy.internal;

import java.math.BigDecimal;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/**
 * A {@link DefaultLegacyStore}'s rows as JDBC sees them: reads a result set's row into canonical values (key columns
 * first, so that a bad value's message can name the key), binds keys, and folds a batch to one row per conflict key.
 * Immutable and thread-safe.
 */
final class LegacyRowCodec {
    private final List<LegacyColumn> columns;
    private final int[] keyIndexes;
    private final int[] otherIndexes;
    private final int[] conflictIndexes;

    LegacyRowCodec(List<LegacyColumn> columns, int[] keyIndexes, int[] otherIndexes, int[] conflictIndexes) {
        this.columns = columns;
        this.keyIndexes = keyIndexes;
        this.otherIndexes = otherIndexes;
        this.conflictIndexes = conflictIndexes;
    }


    /**
     * One row per conflict key, the last one given, so that the batch means "last write wins" whatever the
     * driver does with it (a driver that rewrites a batch into one multi-row INSERT would otherwise fail
     * with "cannot affect row a second time").
     */
    Collection<Object[]> lastPerConflictKey(List<Object[]> rows) {
        Map<Object, Object[]> byConflictKey = new LinkedHashMap<>();
        for (Object[] row : rows) {
            Object conflictKey = conflictKey(row);
            byConflictKey.remove(conflictKey);
            byConflictKey.put(conflictKey, row);
        }
        return byConflictKey.values();
    }

    Object conflictKey(Object[] row) {
        List<Object> key = new ArrayList<>(conflictIndexes.length);
        for (int index : conflictIndexes) {
            Object value = row[index];
            if (value == null) {
                return new Object(); // NULLs are distinct in a unique index: such a row conflicts with none
            }
            key.add(value instanceof BigDecimal decimal ? decimal.stripTrailingZeros() : value);
        }
        return key;
    }


    void bindKey(PreparedStatement statement, int firstPosition, Object[] keyValues) throws SQLException {
        for (int i = 0; i < keyValues.length; i++) {
            columns.get(keyIndexes[i]).bind(statement, firstPosition + i, keyValues[i]);
        }
    }

    void bindKeys(PreparedStatement statement, List<Object[]> keys) throws SQLException {
        int position = 1;
        for (Object[] key : keys) {
            bindKey(statement, position, key);
            position += key.length;
        }
    }


    List<Object[]> readRows(PreparedStatement statement) throws SQLException {
        List<Object[]> rows = new ArrayList<>();
        try (ResultSet result = statement.executeQuery()) {
            while (result.next()) {
                rows.add(readRow(result));
            }
        }
        return rows;
    }

    /** The current row's values in mapping order; key columns first, so that a bad value's message can name the key. */
    Object[] readRow(ResultSet result) throws SQLException {
        Object[] values = new Object[columns.size()];
        Supplier<String> key = () -> describeKey(values);
        for (int index : keyIndexes) {
            values[index] = columns.get(index).read(result, index + 1, key);
        }
        for (int index : otherIndexes) {
            values[index] = columns.get(index).read(result, index + 1, key);
        }
        return values;
    }

    String describeKey(Object[] values) {
        if (keyIndexes.length == 1) {
            return String.valueOf(values[keyIndexes[0]]);
        }
        return Arrays.stream(keyIndexes).mapToObj(i -> columns.get(i).legacyName() + "=" + values[i])
                .collect(Collectors.joining(", ", "(", ")"));
    }
}
