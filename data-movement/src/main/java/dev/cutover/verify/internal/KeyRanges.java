package dev.cutover.verify.internal;

import dev.cutover.Backend;
import dev.cutover.DataAccessException;
import dev.cutover.legacy.LegacyDialect;
import dev.cutover.legacy.LegacyDialect.CatalogColumn;
import dev.cutover.legacy.LegacyDialect.KeyCondition;
import dev.cutover.legacy.LegacyStorage;
import dev.cutover.mapping.Column;
import dev.cutover.mapping.ColumnType;
import dev.cutover.mapping.EntityMapping;
import dev.cutover.tx.TransactionalConnections;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;

/**
 * Key ranges of one side's table in SQL: where a range of a given number of rows ends (read from the key's index
 * alone), and, if the dialect gives every compared column a {@link LegacyDialect#checksumValue checksum value} in
 * the chosen {@link LegacyDialect.ChecksumScheme}, a range's checksum {@code (count, sum of row checksums)}, so that equal ranges are settled without reading a
 * row, and a range's halves are computed from one of them. Both sides build their SQL from a
 * {@link LegacyDialect}: the legacy side from its own, PostgreSQL from {@link LegacyDialect#postgresql()} with
 * native storage, so that the PostgreSQL rendering exists once. Thread-safe.
 */
final class KeyRanges<K> {
    private static final Set<ColumnType> KEY_TYPES = EnumSet.of(ColumnType.TEXT, ColumnType.INTEGER, ColumnType.BIGINT,
            ColumnType.NUMERIC, ColumnType.DATE, ColumnType.UUID);

    private final Backend backend;
    private final String table;
    private final TransactionalConnections connections;
    private final EntityMapping<?, K> mapping;
    private final String boundSql;
    private final String boundAfterSql;
    private final String firstSql;
    private final String firstAfterSql;
    private final String upToSql;
    private final String afterSql;
    private final String betweenSql;
    private final String allSql;
    private final List<Integer> afterOrder;
    private final List<Integer> atMostOrder;
    final AtomicLong queries = new AtomicLong();

    /**
     * One mapping column as a side stores it.
     *
     * @param conversion the binding's declared conversion ({@code Conversion.declaration()}), or {@code null}: a
     *     converted column is compared row by row, where the conversion is applied, never by checksum or as a range bound
     */
    record Stored(Column column, String name, LegacyStorage storage, String conversion) {
        Stored(Column column, String name, LegacyStorage storage) {
            this(column, name, storage, null);
        }
    }

    /**
     * Key ranges, or why there are none; and why they have no checksums, if so.
     *
     * @param ranges      the key ranges, or {@code null} if the key cannot bound them
     * @param unavailable why there are no checksums (and, if {@code ranges} is null, no ranges), or {@code null}
     */
    record Prepared<K>(KeyRanges<K> ranges, String unavailable) {
        /** Ranges with checksums, or {@code null}. */
        KeyRanges<K> checksums() {
            return ranges != null && ranges.checksums() ? ranges : null;
        }
    }

    private final boolean checksums;

    private KeyRanges(Backend backend, String table, TransactionalConnections connections, EntityMapping<?, K> mapping,
            LegacyDialect dialect, String tableSql, List<String> keys, List<String> keyParameters, String rowChecksum) {
        this.checksums = rowChecksum != null;
        this.backend = backend;
        this.table = table;
        this.connections = connections;
        this.mapping = mapping;
        KeyCondition after = dialect.keyAfter(keys, keyParameters);
        KeyCondition atMost = dialect.keyAtMost(keys, keyParameters);
        this.afterOrder = after.keyColumnOfParameter();
        this.atMostOrder = atMost.keyColumnOfParameter();
        List<String> aliases = new ArrayList<>();
        for (int i = 0; i < keys.size(); i++) {
            aliases.add("cutover_k" + i);
        }
        // The last of the first n rows after a key, with their count (and checksum): a window over the limited rows,
        // in standard SQL but for the dialect's LIMIT, so that one statement finds a range's end on every dialect.
        String hash = rowChecksum == null ? "0" : rowChecksum;
        String keyList = String.join(", ", keys);
        StringBuilder inner = new StringBuilder("SELECT ");
        for (int i = 0; i < keys.size(); i++) {
            inner.append(keys.get(i)).append(" AS ").append(aliases.get(i)).append(", ");
        }
        StringBuilder keysOnly = new StringBuilder(inner.substring(0, inner.length() - 2)).append(" FROM ").append(tableSql);
        inner.append(hash).append(" AS cutover_h FROM ").append(tableSql);
        String descending = aliases.stream().map(a -> a + " DESC").collect(Collectors.joining(", "));
        String sumsStart = "SELECT cutover_n, cutover_s, " + String.join(", ", aliases) + " FROM (SELECT "
                + String.join(", ", aliases) + ", COUNT(*) OVER () AS cutover_n, SUM(cutover_h) OVER () AS cutover_s, "
                + "ROW_NUMBER() OVER (ORDER BY " + descending + ") AS cutover_rn FROM (";
        String boundStart = "SELECT cutover_n, 0, " + String.join(", ", aliases) + " FROM (SELECT "
                + String.join(", ", aliases) + ", COUNT(*) OVER () AS cutover_n, "
                + "ROW_NUMBER() OVER (ORDER BY " + descending + ") AS cutover_rn FROM (";
        String outerEnd = ") cutover_r) cutover_x WHERE cutover_rn = 1";
        this.boundSql = boundStart + dialect.limit(keysOnly + " ORDER BY " + keyList) + outerEnd;
        // Conditions in parentheses: a dialect may expand a composite key's condition into ORs.
        this.boundAfterSql = boundStart + dialect.limit(keysOnly + " WHERE (" + after.sql() + ") ORDER BY " + keyList)
                + outerEnd;
        this.firstSql = sumsStart + dialect.limit(inner + " ORDER BY " + keyList) + outerEnd;
        this.firstAfterSql = sumsStart + dialect.limit(inner + " WHERE (" + after.sql() + ") ORDER BY " + keyList)
                + outerEnd;
        String sum = "SELECT COUNT(*), SUM(" + hash + ") FROM " + tableSql;
        this.allSql = sum;
        this.upToSql = sum + " WHERE (" + atMost.sql() + ")";
        this.afterSql = sum + " WHERE (" + after.sql() + ")";
        this.betweenSql = sum + " WHERE (" + after.sql() + ") AND (" + atMost.sql() + ")";
    }

    /**
     * Key ranges of one side's table if its key can bound them, with checksums if its dialect renders every compared
     * column; each tried once on the first row, so that a database that lacks a function fails here, not halfway.
     *
     * @param stored   every mapping column, in mapping order, as this side stores it
     * @param excluded mapping columns left out of checksums (ignored by the comparison rules)
     * @param scheme   the checksum scheme to compute, or {@code null} for range bounds only
     */
    static <K> Prepared<K> prepare(Backend backend, String table, TransactionalConnections connections,
            LegacyDialect dialect, String schema, String tableName, EntityMapping<?, K> mapping, List<Stored> stored,
            Set<String> excluded, LegacyDialect.ChecksumScheme scheme) {
        Optional<List<CatalogColumn>> catalog;
        try {
            catalog = withConnection(connections, c -> dialect.columns(c, schema, tableName));
        } catch (SQLException e) {
            return new Prepared<>(null, "the catalog of " + backend + " table " + table + " could not be read: "
                    + e.getMessage());
        }
        if (catalog.isEmpty()) {
            return new Prepared<>(null, backend + " table " + table + " does not exist");
        }
        Map<String, String> types = new HashMap<>();
        catalog.get().forEach(c -> types.put(c.name(), c.type()));
        List<String> keys = new ArrayList<>();
        List<String> keyParameters = new ArrayList<>();
        for (Column key : mapping.keyColumns()) {
            Stored column = stored.get(mapping.indexOf(key.name()));
            if (column.conversion() != null) {
                return new Prepared<>(null, "key column " + key.name() + " is converted with " + column.conversion()
                        + "; checksum ranges need keys stored natively");
            }
            if (!KEY_TYPES.contains(key.type()) || column.storage() != LegacyStorage.NATIVE) {
                return new Prepared<>(null, "key column " + key.name() + " is " + key.type()
                        + (column.storage() == LegacyStorage.NATIVE ? "" : " stored as " + column.storage())
                        + "; checksum ranges need keys of " + KEY_TYPES + " stored natively");
            }
            keys.add(dialect.quote(column.name()));
            keyParameters.add(dialect.parameter(types.get(column.name()), key.type(), LegacyStorage.NATIVE));
        }
        String unavailable = scheme == null ? "checksums not wanted"
                : dialect.checksumSchemes().contains(scheme) ? null
                : "the " + dialect.name() + " dialect does not compute " + scheme + " checksums";
        List<String> texts = new ArrayList<>();
        for (Stored column : stored) {
            if (unavailable != null) {
                break;
            }
            if (excluded.contains(column.column().name())) {
                continue;
            }
            String type = types.get(column.name());
            if (column.conversion() != null) {
                unavailable = backend + " column " + table + "." + column.name() + " is converted with "
                        + column.conversion() + ", which only a row-by-row comparison applies";
                break;
            }
            Optional<String> text = type == null ? Optional.empty()
                    : dialect.checksumValue(scheme, dialect.quote(column.name()), type, column.column().type(),
                            column.storage());
            if (type == null) {
                unavailable = backend + " column " + table + "." + column.name() + " does not exist";
                break;
            }
            if (text.isEmpty()) {
                unavailable = backend + " column " + table + "." + column.name() + " (" + column.column().type()
                        + (column.storage() == LegacyStorage.NATIVE ? "" : " stored as " + column.storage()) + ", " + type
                        + ") has no " + scheme + " checksum in the " + dialect.name() + " dialect";
                break;
            }
            texts.add(text.get());
        }
        Optional<String> row = unavailable == null ? dialect.checksumRow(scheme, texts) : Optional.empty();
        if (unavailable == null && row.isEmpty()) {
            unavailable = "the " + dialect.name() + " dialect computes no " + scheme + " row checksums";
        }
        String tableSql = dialect.table(schema, tableName);
        if (row.isPresent()) {
            KeyRanges<K> withSums = new KeyRanges<>(backend, table, connections, mapping, dialect, tableSql, keys,
                    keyParameters, row.get());
            try {
                withSums.first(null, 1);
                return new Prepared<>(withSums, null);
            } catch (DataAccessException e) {
                unavailable = e.getMessage();
            }
        }
        KeyRanges<K> bounds = new KeyRanges<>(backend, table, connections, mapping, dialect, tableSql, keys,
                keyParameters, null);
        try {
            bounds.bound(null, 1);
        } catch (DataAccessException e) {
            return new Prepared<>(null, e.getMessage());
        }
        return new Prepared<>(bounds, unavailable);
    }

    /** Whether this side computes range checksums, not only range bounds. */
    boolean checksums() {
        return checksums;
    }

    /**
     * Where the range of the first {@code limit} rows after {@code after} ({@code null}: from the first row) ends,
     * and how many rows it has (fewer than {@code limit} at the end of the table); from the key's index alone.
     */
    RangeSum<K> bound(K after, int limit) {
        return lastOf(after == null ? boundSql : boundAfterSql, "end of up to " + limit + " rows after "
                + describe(after, "the start"), after, limit, false);
    }

    /** The first {@code limit} rows after {@code after} ({@code null}: from the first row), and the last one's key. */
    RangeSum<K> first(K after, int limit) {
        return lastOf(after == null ? firstSql : firstAfterSql, "checksum of up to " + limit + " rows after "
                + describe(after, "the start"), after, limit, true);
    }

    private RangeSum<K> lastOf(String sql, String what, K after, int limit, boolean counted) {
        if (counted) {
            queries.incrementAndGet();
        }
        return query(what, sql, statement -> {
            int position = 1;
            if (after != null) {
                position = bind(statement, position, afterOrder, mapping.keyValues(after));
            }
            statement.setInt(position, limit);
        }, result -> {
            if (!result.next()) {
                return RangeSum.empty();
            }
            Object[] last = new Object[mapping.keyColumns().size()];
            for (int i = 0; i < last.length; i++) {
                last[i] = read(result, 3 + i, mapping.keyColumns().get(i).type());
            }
            return new RangeSum<>(result.getLong(1), sum(result.getBigDecimal(2)), mapping.key(last));
        });
    }

    /** The rows after {@code after} ({@code null}: from the first) up to {@code atMost} ({@code null}: to the last). */
    RangeSum<K> between(K after, K atMost) {
        queries.incrementAndGet();
        String sql = after == null ? (atMost == null ? allSql : upToSql) : (atMost == null ? afterSql : betweenSql);
        return query("checksum of rows after " + describe(after, "the start") + " up to "
                + describe(atMost, "the end"), sql, statement -> {
            int position = 1;
            if (after != null) {
                position = bind(statement, position, afterOrder, mapping.keyValues(after));
            }
            if (atMost != null) {
                bind(statement, position, atMostOrder, mapping.keyValues(atMost));
            }
        }, result -> {
            result.next();
            return new RangeSum<>(result.getLong(1), sum(result.getBigDecimal(2)), null);
        });
    }

    private String describe(K key, String none) {
        return key == null ? none : "key " + Keys.describe(mapping, mapping.keyValues(key));
    }

    private int bind(PreparedStatement statement, int position, List<Integer> order, Object[] values) throws SQLException {
        for (int keyColumn : order) {
            Object value = values[keyColumn];
            switch (mapping.keyColumns().get(keyColumn).type()) {
                case TEXT -> statement.setString(position, (String) value);
                case INTEGER -> statement.setInt(position, (Integer) value);
                case BIGINT -> statement.setLong(position, (Long) value);
                case NUMERIC -> statement.setBigDecimal(position, (BigDecimal) value);
                case DATE -> statement.setObject(position, (LocalDate) value);
                case UUID -> statement.setString(position, value.toString());
                default -> throw new IllegalStateException("not a checksum key type: " + value);
            }
            position++;
        }
        return position;
    }

    private static Object read(ResultSet result, int position, ColumnType type) throws SQLException {
        return switch (type) {
            case TEXT -> result.getString(position);
            case INTEGER -> result.getInt(position);
            case BIGINT -> result.getLong(position);
            case NUMERIC -> result.getBigDecimal(position);
            case DATE -> result.getObject(position, LocalDate.class);
            case UUID -> UUID.fromString(result.getString(position));
            default -> throw new IllegalStateException("not a checksum key type: " + type);
        };
    }

    private static BigInteger sum(BigDecimal sum) {
        return sum == null ? BigInteger.ZERO : sum.toBigIntegerExact();
    }

    private <T> T query(String what, String sql, Binder binder, Reader<T> reader) {
        try {
            return withConnection(connections, connection -> {
                try (PreparedStatement statement = connection.prepareStatement(sql)) {
                    binder.bind(statement);
                    try (ResultSet result = statement.executeQuery()) {
                        return reader.read(result);
                    }
                }
            });
        } catch (SQLException e) {
            throw new DataAccessException(backend, "The " + what + " of " + backend + " table " + table + " failed"
                    + (e.getSQLState() == null ? "" : " (SQLState " + e.getSQLState() + ")") + ": " + e.getMessage(), e);
        }
    }

    private static <T> T withConnection(TransactionalConnections connections, SqlWork<T> work) throws SQLException {
        Connection connection = connections.acquire();
        try {
            return work.apply(connection);
        } finally {
            connections.release(connection);
        }
    }

    @FunctionalInterface
    private interface SqlWork<T> {
        T apply(Connection connection) throws SQLException;
    }

    @FunctionalInterface
    private interface Binder {
        void bind(PreparedStatement statement) throws SQLException;
    }

    @FunctionalInterface
    private interface Reader<T> {
        T read(ResultSet result) throws SQLException;
    }

    @Override
    public String toString() {
        return "KeyRanges[" + backend + " " + table + (checksums ? ", with checksums" : "") + "]";
    }
}
