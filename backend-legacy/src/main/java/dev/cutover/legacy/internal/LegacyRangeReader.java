package dev.cutover.legacy.internal;

import dev.cutover.legacy.LegacyAdapter;
import dev.cutover.legacy.LegacyDialect;
import dev.cutover.legacy.LegacyDialect.CatalogColumn;
import dev.cutover.legacy.LegacyDialect.KeyCondition;
import dev.cutover.legacy.LegacyStorage;
import dev.cutover.legacy.LegacyStore;
import dev.cutover.legacy.LegacyTable;
import dev.cutover.mapping.Column;
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
import java.util.Objects;
import java.util.function.Consumer;
import java.util.stream.Collectors;

/**
 * Streams a key range of a legacy table, row by row, with a bounded fetch size: what a backfill needs and
 * {@link LegacyStore#scan} (a list per page) does not give. Rows come in key order, one
 * {@code SELECT ... WHERE key > :after AND NOT key > :upTo ORDER BY key LIMIT n} per call, read in a
 * read-only transaction of its own so that drivers stream (PgJDBC fetches {@code fetchSize} rows per round
 * trip only outside autocommit).
 *
 * <p>Values are the mapping's canonical types, except JSON columns, which are handed over as the text the
 * legacy table holds, unparsed: the caller checks it (a streaming check is far cheaper than a parse into a
 * tree and back); and, when asked, text the caller will only re-encode comes as its UTF-8 bytes. A row whose non-key value cannot be read (text that is not a UUID, a smallint boolean
 * holding 2, a number out of range, a date the driver refuses) is handed to
 * {@link RowVisitor#unreadable} with its key, the raw text of each column and the problem, and reading goes
 * on. Not API (an internal package): the backfill of {@code cutover-data-movement} uses it.
 *
 * <p>Immutable and thread-safe; each call takes a connection of its own from the adapter's pool.
 */
public final class LegacyRangeReader {
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

    private LegacyRangeReader(LegacyAdapter adapter, LegacyStore<?, ?> store, SchemaCheck.Result checked) {
        LegacyDialect dialect = adapter.dialect();
        LegacyTable table = store.legacyTable();
        this.connections = adapter.connections();
        this.mapping = store.mapping();
        this.tableName = table.displayName();
        List<LegacyColumn> bound = new ArrayList<>();
        for (int i = 0; i < mapping.columns().size(); i++) {
            Column column = mapping.columns().get(i);
            String legacyName = table.legacyName(column.name());
            LegacyStorage storage = table.storage(column.name());
            CatalogColumn catalog = checked.columns().get(i);
            // Built as DefaultLegacyStore builds its columns, so that a row reads the same through either.
            bound.add(new LegacyColumn(tableName, column, legacyName, dialect.quote(legacyName), storage,
                    dialect.parameter(catalog.type(), column.type(), storage), catalog.type(), catalog.fractionalDigits(),
                    dialect.instantsAsUtcWallClock(catalog.type(), storage),
                    table.zeroDatesAsNull().contains(column.name()), table.nulReplacements().get(column.name())));
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
                            && !table.nulReplacements().containsKey(columns.get(i).column().name())));
        }
        List<String> keyColumns = Arrays.stream(keyIndexes).mapToObj(i -> columns.get(i).quotedName()).toList();
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
    }

    /**
     * A reader of the store's legacy table, through the adapter's pool; checks the legacy table again to
     * learn its column types.
     */
    public static LegacyRangeReader create(LegacyAdapter adapter, LegacyStore<?, ?> store) {
        Objects.requireNonNull(adapter, "adapter");
        Objects.requireNonNull(store, "store");
        try (Connection connection = adapter.connections().dataSource().getConnection()) {
            SchemaCheck.Result checked = SchemaCheck.check(connection, adapter.dialect(), store.mapping(),
                    store.legacyTable());
            return new LegacyRangeReader(adapter, store, checked);
        } catch (SQLException e) {
            throw SqlFailures.of("Schema check", store.legacyTable().displayName(), e);
        }
    }

    /** What a call read: how many rows the database returned (readable or not) and the last one's key. */
    public record Page(int rows, Object[] lastKey) {
    }

    /** Receives the rows of {@link #read}. */
    public interface RowVisitor {
        /** A row, values in mapping order: canonical types, JSON columns as the legacy text. */
        void row(Object[] values);

        /**
         * A row with a value that cannot be read.
         *
         * @param keyValues the row's key, in key order
         * @param raw each column's text as the database gives it ({@code null} for NULL or unreadable), in
         *     mapping order
         */
        void unreadable(Object[] keyValues, String[] raw, InvalidValueException problem);
    }

    /** The legacy table, for messages. */
    public String tableName() {
        return tableName;
    }

    /**
     * The columns {@link #read} can hand over as the UTF-8 bytes the database sent, without decoding them into a
     * {@code String} (which the caller would encode again): non-key TEXT and JSON columns of a PostgreSQL legacy
     * database (whose text holds no NUL character) without a NUL rule. A copy; in mapping order.
     */
    public boolean[] rawTextColumns() {
        return rawText.clone();
    }

    /** The legacy names of the mapping's columns, in mapping order. */
    public List<String> legacyColumnNames() {
        return columns.stream().map(LegacyColumn::legacyName).toList();
    }

    /**
     * Up to {@code limit} rows whose key is after {@code after} and not after {@code upTo}, in key order.
     *
     * @param after key values in key order, or {@code null} for the first row on
     * @param upTo key values in key order, or {@code null} for no upper bound
     */
    public Page read(Object[] after, Object[] upTo, int limit, int fetchSize, RowVisitor visitor) {
        return read(after, upTo, limit, fetchSize, new boolean[columns.size()], visitor);
    }

    /**
     * {@link #read(Object[], Object[], int, int, RowVisitor)}, handing the columns marked in {@code asBytes} (a
     * subset of {@link #rawTextColumns()}) over as {@code byte[]} holding their UTF-8 text.
     */
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

    /** Up to {@code limit} keys after {@code after} ({@code null}: from the first), in key order; reads only key columns. */
    public Page keys(Object[] after, int limit, int fetchSize, Consumer<Object[]> visitor) {
        return stream("keys", after == null ? keysFirstSql : keysAfterSql, fetchSize, statement -> {
            int position = 1;
            if (after != null) {
                position = bindKeyCondition(statement, position, after);
            }
            statement.setInt(position, limit);
        }, result -> {
            Object[] key = readKey(result, 0);
            visitor.accept(key);
            return key;
        });
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

    private Object[] readKey(ResultSet result, int offsetOfKeyColumns) throws SQLException {
        Object[] key = new Object[keyIndexes.length];
        for (int k = 0; k < keyIndexes.length; k++) {
            int index = keyIndexes[k];
            int position = offsetOfKeyColumns < 0 ? index + 1 : k + 1;
            key[k] = columns.get(index).read(result, position, () -> "being read");
        }
        return key;
    }

    private Object[] readRow(ResultSet result, boolean[] bytes, RowVisitor visitor) throws SQLException {
        Object[] values = new Object[columns.size()];
        Object[] key = readKey(result, -1);
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
