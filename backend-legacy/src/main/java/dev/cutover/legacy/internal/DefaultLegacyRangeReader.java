package dev.cutover.legacy.internal;

import dev.cutover.legacy.LegacyAdapter;
import dev.cutover.legacy.LegacyDialect;
import dev.cutover.legacy.LegacyDialect.KeyCondition;
import dev.cutover.legacy.LegacyStorage;
import dev.cutover.legacy.LegacyStore;
import dev.cutover.legacy.LegacyTable;
import dev.cutover.legacy.spi.LegacyRangeReader;
import dev.cutover.mapping.EntityMapping;
import dev.cutover.mapping.InvalidValueException;
import dev.cutover.tx.TransactionalConnections;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.function.Consumer;
import java.util.stream.Collectors;

/**
 * The {@link LegacyRangeReader} of a store's legacy table: one {@code SELECT ... ORDER BY key LIMIT n} per call, read
 * in a read-only transaction of its own so that drivers stream. Columns are built as {@link DefaultLegacyStore} builds
 * its own, so that a row reads the same through either. Immutable and thread-safe.
 */
public final class DefaultLegacyRangeReader implements LegacyRangeReader {
    private final TransactionalConnections connections;
    private final EntityMapping<?, ?> mapping;
    private final String tableName;
    private final List<LegacyColumn> columns;
    private final int[] keyIndexes;
    private final int[] otherIndexes;
    private final boolean[] json;
    /** Columns whose stored text can be handed over as its UTF-8 bytes, undecoded (see {@link #rawTextColumns}). */
    private final boolean[] rawText;
    private final KeyCondition keyAfter;
    private final String firstSql;
    private final String afterSql;
    private final String upToSql;
    private final String betweenSql;
    private final String keysFirstSql;
    private final String keysAfterSql;
    /** The key of every n-th row, by a window function; {@code null} where the dialect is not PostgreSQL's. */
    private final String boundariesSql;
    private final String countSql;
    private final PassThroughQueries passThrough;

    private DefaultLegacyRangeReader(LegacyAdapter adapter, LegacyStore<?, ?> store, SchemaCheck.Result checked,
            Map<String, String> catalogTypes) {
        LegacyDialect dialect = adapter.dialect();
        LegacyTable table = store.legacyTable();
        this.connections = adapter.connections();
        this.mapping = store.mapping();
        this.tableName = table.displayName();
        List<LegacyColumn> bound = new ArrayList<>();
        for (int i = 0; i < mapping.columns().size(); i++) {
            bound.add(LegacyColumn.of(dialect, table, mapping.columns().get(i), checked.columns().get(i)));
        }
        this.columns = List.copyOf(bound);
        this.keyIndexes = mapping.keyColumns().stream().mapToInt(c -> mapping.indexOf(c.name())).toArray();
        this.otherIndexes = java.util.stream.IntStream.range(0, columns.size())
                .filter(i -> Arrays.stream(keyIndexes).noneMatch(k -> k == i)).toArray();
        this.json = new boolean[columns.size()];
        this.rawText = new boolean[columns.size()];
        for (int i = 0; i < json.length; i++) {
            json[i] = columns.get(i).column().type().isJson();
            int column = i;
            boolean key = Arrays.stream(keyIndexes).anyMatch(k -> k == column);
            // PostgreSQL text cannot hold NUL, so its text needs no NUL rule; PgJDBC hands text over as UTF-8.
            rawText[i] = dialect instanceof PostgresLegacyDialect && !key && (json[i]
                    || (columns.get(i).column().type() == dev.cutover.mapping.ColumnType.TEXT
                            && table.storage(columns.get(i).column().name()) == LegacyStorage.NATIVE
                            && table.conversion(columns.get(i).column().name()).isEmpty()
                            && !table.nulReplacements().containsKey(columns.get(i).column().name())));
        }
        List<String> keyColumns = Arrays.stream(keyIndexes).mapToObj(i -> columns.get(i).keyExpression()).toList();
        List<String> keyParameters = Arrays.stream(keyIndexes).mapToObj(i -> columns.get(i).parameter()).toList();
        this.keyAfter = dialect.keyAfter(keyColumns, keyParameters);
        String select = "SELECT " + store.selectList() + " FROM " + store.qualifiedTable();
        String orderBy = " ORDER BY " + String.join(", ", keyColumns);
        // Keys are NOT NULL, so NOT (key > :upTo) is key <= :upTo in every dialect's own keyset condition.
        String upTo = "NOT (" + keyAfter.sql() + ")";
        this.firstSql = dialect.limit(select + orderBy);
        this.afterSql = dialect.limit(select + " WHERE " + keyAfter.sql() + orderBy);
        this.upToSql = dialect.limit(select + " WHERE " + upTo + orderBy);
        this.betweenSql = dialect.limit(select + " WHERE " + keyAfter.sql() + " AND " + upTo + orderBy);
        String keysSelect = "SELECT " + String.join(", ", keyColumns) + " FROM " + store.qualifiedTable();
        this.keysFirstSql = dialect.limit(keysSelect + orderBy);
        this.keysAfterSql = dialect.limit(keysSelect + " WHERE " + keyAfter.sql() + orderBy);
        List<String> aliases = java.util.stream.IntStream.range(0, keyColumns.size()).mapToObj(i -> "cutover_k" + i).toList();
        StringBuilder numbered = new StringBuilder("SELECT ");
        for (int i = 0; i < keyColumns.size(); i++) {
            numbered.append(keyColumns.get(i)).append(" AS ").append(aliases.get(i)).append(", ");
        }
        numbered.append("row_number() OVER (").append(orderBy.trim()).append(") AS cutover_n FROM ").append(store.qualifiedTable());
        this.boundariesSql = dialect instanceof PostgresLegacyDialect ? "SELECT " + String.join(", ", aliases) + " FROM ("
                + numbered + ") s WHERE cutover_n % ? = 0 ORDER BY cutover_n" : null;
        this.countSql = "SELECT count(*) FROM " + store.qualifiedTable();
        this.passThrough = new PassThroughQueries(dialect, table, columns, keyIndexes, keyColumns, store.qualifiedTable(),
                catalogTypes);
    }

    @Override
    public List<String> storedTypes() {
        return passThrough.storedTypes();
    }

    @Override
    public Optional<String> rangeSelect(Object[] after, Object[] upTo) {
        return passThrough.rangeSelect(after, upTo);
    }

    /** See {@link LegacyRangeReader#create}. */
    public static LegacyRangeReader create(LegacyAdapter adapter, LegacyStore<?, ?> store) {
        Objects.requireNonNull(adapter, "adapter");
        Objects.requireNonNull(store, "store");
        try (Connection connection = adapter.connections().dataSource().getConnection()) {
            SchemaCheck.Result checked = SchemaCheck.check(connection, adapter.dialect(), store.mapping(),
                    store.legacyTable());
            return new DefaultLegacyRangeReader(adapter, store, checked,
                    PassThroughQueries.catalogTypes(connection, adapter.dialect(), store));
        } catch (SQLException e) {
            throw SqlFailures.of("Schema check", store.legacyTable().displayName(), e);
        }
    }

    @Override
    public String tableName() {
        return tableName;
    }

    @Override
    public boolean[] rawTextColumns() {
        return rawText.clone();
    }

    @Override
    public List<String> legacyColumnNames() {
        return columns.stream().map(LegacyColumn::legacyName).toList();
    }

    @Override
    public Page read(Object[] after, Object[] upTo, int limit, int fetchSize, RowVisitor visitor) {
        return read(after, upTo, limit, fetchSize, new boolean[columns.size()], visitor);
    }

    @Override
    public Page read(Object[] after, Object[] upTo, int limit, int fetchSize, boolean[] asBytes, RowVisitor visitor) {
        boolean[] bytes = new boolean[columns.size()];
        for (int i = 0; i < bytes.length; i++) {
            bytes[i] = asBytes[i] && rawText[i];
        }
        String sql = after == null ? (upTo == null ? firstSql : upToSql) : (upTo == null ? afterSql : betweenSql);
        return stream("read", sql, fetchSize, statement -> {
            int position = 1;
            if (after != null) {
                position = bindKeyCondition(statement, position, after);
            }
            if (upTo != null) {
                position = bindKeyCondition(statement, position, upTo);
            }
            statement.setInt(position, limit);
        }, result -> readRow(result, bytes, visitor));
    }

    @Override
    public Page keys(Object[] after, int limit, int fetchSize, Consumer<Object[]> visitor) {
        return stream("keys", after == null ? keysFirstSql : keysAfterSql, fetchSize, statement -> {
            int position = 1;
            if (after != null) {
                position = bindKeyCondition(statement, position, after);
            }
            statement.setInt(position, limit);
        }, result -> {
            Object[] key = readKey(result, 0, new InvalidValueException[1]);
            visitor.accept(key);
            return key;
        });
    }

    @Override
    public OptionalLong boundaries(int every, Consumer<Object[]> visitor) {
        if (boundariesSql == null) {
            return OptionalLong.empty();
        }
        if (every < 1) {
            throw new IllegalArgumentException("boundaries needs every >= 1, was '" + every + "'");
        }
        stream("boundaries", boundariesSql, 1_000, statement -> statement.setLong(1, every), result -> {
            Object[] key = readKey(result, 0, new InvalidValueException[1]);
            visitor.accept(key);
            return key;
        });
        try {
            return OptionalLong.of(connections.inOwnTransaction(connection -> {
                try (PreparedStatement statement = connection.prepareStatement(countSql);
                        ResultSet result = statement.executeQuery()) {
                    result.next();
                    return result.getLong(1);
                }
            }));
        } catch (SQLException e) {
            throw SqlFailures.of("count", tableName, e);
        }
    }

    private int bindKeyCondition(PreparedStatement statement, int first, Object[] key) throws SQLException {
        List<Integer> order = keyAfter.keyColumnOfParameter();
        for (int i = 0; i < order.size(); i++) {
            int keyColumn = order.get(i);
            columns.get(keyIndexes[keyColumn]).bind(statement, first + i, key[keyColumn]);
        }
        return first + order.size();
    }

    private Page stream(String operation, String sql, int fetchSize, Binder binder, RowReader reader) {
        // A transaction of its own: the driver streams by the fetch size only with auto-commit off.
        try {
            return connections.inOwnTransaction(connection -> {
                try (PreparedStatement statement = connection.prepareStatement(sql)) {
                    statement.setFetchSize(fetchSize);
                    binder.bind(statement);
                    int rows = 0;
                    Object[] last = null;
                    try (ResultSet result = statement.executeQuery()) {
                        while (result.next()) {
                            last = reader.read(result);
                            rows++;
                        }
                    }
                    return new Page(rows, last);
                }
            });
        } catch (SQLException e) {
            throw SqlFailures.of(operation, tableName, e);
        }
    }

    /**
     * The key of the current row. A key value the mapping's type cannot hold (an unsigned number beyond {@code long}, a
     * zero date, text that is not a UUID) is kept as the legacy database shows it ({@link LegacyColumn#readRaw}), so that
     * the row can still bound a page and be quarantined; {@code problem} then receives the first such failure.
     */
    private Object[] readKey(ResultSet result, int offsetOfKeyColumns, InvalidValueException[] problem)
            throws SQLException {
        Object[] key = new Object[keyIndexes.length];
        for (int k = 0; k < keyIndexes.length; k++) {
            int index = keyIndexes[k];
            int position = offsetOfKeyColumns < 0 ? index + 1 : k + 1;
            LegacyColumn column = columns.get(index);
            try {
                key[k] = column.read(result, position, () -> describeRawKey(result, offsetOfKeyColumns));
            } catch (InvalidValueException e) {
                key[k] = column.readRaw(result, position);
                problem[0] = problem[0] != null ? problem[0] : e;
            } catch (SQLException e) {
                if (!isValueProblem(e)) {
                    throw e;
                }
                key[k] = column.readRaw(result, position);
                problem[0] = problem[0] != null ? problem[0] : new InvalidValueException(tableName, column.legacyName(),
                        "Legacy " + tableName + "." + column.legacyName() + " (key "
                                + describeRawKey(result, offsetOfKeyColumns) + ") cannot be read as "
                                + column.column().type() + ": " + e.getMessage(), e);
            }
        }
        return key;
    }

    /** The current row's key as the legacy database shows it, for messages. */
    private String describeRawKey(ResultSet result, int offsetOfKeyColumns) {
        Object[] raw = new Object[keyIndexes.length];
        for (int k = 0; k < keyIndexes.length; k++) {
            try {
                raw[k] = result.getString(offsetOfKeyColumns < 0 ? keyIndexes[k] + 1 : k + 1);
            } catch (SQLException e) {
                raw[k] = "?";
            }
        }
        return describeKey(raw);
    }

    private Object[] readRow(ResultSet result, boolean[] bytes, RowVisitor visitor) throws SQLException {
        Object[] values = new Object[columns.size()];
        InvalidValueException[] keyProblem = new InvalidValueException[1];
        Object[] key = readKey(result, -1, keyProblem);
        if (keyProblem[0] != null) {
            visitor.unreadable(key, raw(result), keyProblem[0]);
            return key;
        }
        for (int k = 0; k < keyIndexes.length; k++) {
            values[keyIndexes[k]] = key[k];
        }
        for (int index : otherIndexes) {
            try {
                values[index] = bytes[index] ? result.getBytes(index + 1) : json[index] ? result.getString(index + 1)
                        : columns.get(index).read(result, index + 1, () -> describeKey(key));
            } catch (InvalidValueException e) {
                visitor.unreadable(key, raw(result), e);
                return key;
            } catch (SQLException e) {
                if (!isValueProblem(e)) {
                    throw e;
                }
                LegacyColumn column = columns.get(index);
                visitor.unreadable(key, raw(result), new InvalidValueException(tableName, column.legacyName(),
                        "Legacy " + tableName + "." + column.legacyName() + " (key " + describeKey(key)
                                + ") cannot be read as " + column.column().type() + ": " + e.getMessage(), e));
                return key;
            }
        }
        visitor.row(values);
        return key;
    }

    /** Conversion failures of one value, as opposed to a lost connection or a failed server. */
    private static boolean isValueProblem(SQLException e) {
        String state = e.getSQLState();
        if (state == null || state.length() < 2) {
            return true;
        }
        return switch (state.substring(0, 2)) {
            case "08", "40", "53", "57", "58", "XX", "HY" -> false;
            default -> true;
        };
    }

    private String[] raw(ResultSet result) {
        String[] raw = new String[columns.size()];
        for (int i = 0; i < raw.length; i++) {
            try {
                raw[i] = result.getString(i + 1);
            } catch (SQLException e) {
                raw[i] = null;
            }
        }
        return raw;
    }

    private String describeKey(Object[] key) {
        if (key.length == 1) {
            return String.valueOf(key[0]);
        }
        StringBuilder text = new StringBuilder("(");
        for (int k = 0; k < key.length; k++) {
            text.append(k == 0 ? "" : ", ").append(columns.get(keyIndexes[k]).legacyName()).append('=').append(key[k]);
        }
        return text.append(')').toString();
    }

    @FunctionalInterface
    private interface Binder {
        void bind(PreparedStatement statement) throws SQLException;
    }

    @FunctionalInterface
    private interface RowReader {
        Object[] read(ResultSet result) throws SQLException;
    }

    @Override
    public String toString() {
        return "LegacyRangeReader[" + tableName + " " + columns.stream().map(LegacyColumn::legacyName)
                .collect(Collectors.joining(", ")) + "]";
    }
}
