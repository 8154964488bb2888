package dev.cutover.legacy.internal;

import dev.cutover.DataAccessException;
import dev.cutover.tx.spi.StatementOutbox;
import dev.cutover.legacy.LegacyDialect;
import dev.cutover.legacy.LegacyDialect.CatalogColumn;
import dev.cutover.legacy.LegacyDialect.KeyCondition;
import dev.cutover.legacy.LegacyDialect.UniqueIndex;
import dev.cutover.legacy.LegacyStorage;
import dev.cutover.legacy.LegacyStore;
import dev.cutover.legacy.LegacyTable;
import dev.cutover.mapping.Column;
import dev.cutover.mapping.EntityMapping;
import dev.cutover.tx.SqlFunction;
import dev.cutover.tx.TransactionalConnections;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/**
 * {@link LegacyStore} in plain JDBC. Every statement is built once, when the store is created, except key
 * lists shorter than a full chunk. Immutable and thread-safe: connections come from
 * {@link TransactionalConnections} per call.
 */
final class DefaultLegacyStore<E, K> implements LegacyStore<E, K> {
    /** Keys per statement: far below PostgreSQL's 65,535 parameters, large enough to make round trips rare. */
    static final int KEY_CHUNK = 1_000;
    /** Rows per executeBatch: bounds the driver's memory for a large upsertAll. */
    static final int BATCH = 500;
    /** Rows the driver fetches at a time where it streams (PostgreSQL: in a transaction). */
    static final int FETCH_SIZE = 1_000;
    /** Rows up to which a cooperative statement is built once and kept (with few entries): a call writes a few rows. */
    private static final int CACHED_COOPERATIVE = 8;
    private static final Pattern ALIAS = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

    private final TransactionalConnections connections;
    private final LegacyDialect dialect;
    private final EntityMapping<E, K> mapping;
    private final LegacyTable legacyTable;
    private final String tableName;
    private final String qualifiedTable;
    private final List<LegacyColumn> columns;
    private final int[] keyIndexes;
    private final int[] otherIndexes;
    private final int[] conflictIndexes;
    private final KeyOrder keyOrder;
    private final List<String> keyColumns;
    private final List<String> keyParameters;
    private final KeyCondition keyAfter;
    private final String selectList;
    private final String select;
    private final String orderBy;
    private final String scanFirstSql;
    private final String scanAfterSql;
    private final String findOneSql;
    private final String findChunkSql;
    private final String deleteChunkSql;
    private final String upsertSql;
    /** The NOT NULL column whose NULL assignment means "matched another unique key", or {@code null}. */
    private final String guardColumn;
    private final String guardViolation;
    /** The upsert of n rows, on PostgreSQL, to carry dual-write's outbox entries; {@code null} on other databases. */
    private final java.util.function.IntFunction<String> withOutbox;
    private final String countSql;
    /** Cooperative statements ({@link #writeWithOutbox}) of a few rows, built on first use. */
    private final Map<CooperativeShape, String> cooperativeSql = new java.util.concurrent.ConcurrentHashMap<>();

    /** All a cooperative statement's SQL depends on; {@code outboxInsert} is the same string per entry count. */
    private record CooperativeShape(boolean delete, int rows, boolean rowsWanted, String outboxInsert) {
    }

    private DefaultLegacyStore(TransactionalConnections connections, LegacyDialect dialect, EntityMapping<E, K> mapping,
            LegacyTable legacyTable, SchemaCheck.Result checked) {
        this.connections = connections;
        this.dialect = dialect;
        this.mapping = mapping;
        this.legacyTable = legacyTable;
        this.tableName = legacyTable.displayName();
        this.qualifiedTable = dialect.table(legacyTable.schema().orElse(null), legacyTable.name());
        List<LegacyColumn> bound = new ArrayList<>();
        for (int i = 0; i < mapping.columns().size(); i++) {
            bound.add(LegacyColumn.of(dialect, legacyTable, mapping.columns().get(i), checked.columns().get(i)));
        }
        this.columns = List.copyOf(bound);
        this.keyIndexes = mapping.keyColumns().stream().mapToInt(c -> mapping.indexOf(c.name())).toArray();
        Set<Integer> keys = Arrays.stream(keyIndexes).boxed().collect(Collectors.toSet());
        this.otherIndexes = IntStream.range(0, columns.size()).filter(i -> !keys.contains(i)).toArray();
        this.conflictIndexes = mapping.conflictTarget().stream().mapToInt(mapping::indexOf).toArray();
        this.keyOrder = new KeyOrder(keyIndexes);
        this.keyColumns = Arrays.stream(keyIndexes).mapToObj(i -> columns.get(i).keyExpression()).toList();
        this.keyParameters = Arrays.stream(keyIndexes).mapToObj(i -> columns.get(i).parameter()).toList();
        this.keyAfter = dialect.keyAfter(keyColumns, keyParameters);
        this.selectList = columns.stream().map(LegacyColumn::quotedName).collect(Collectors.joining(", "));
        this.select = "SELECT " + selectList + " FROM " + qualifiedTable;
        this.orderBy = " ORDER BY " + String.join(", ", keyColumns);
        this.scanFirstSql = dialect.limit(select + orderBy);
        this.scanAfterSql = dialect.limit(select + " WHERE " + keyAfter.sql() + orderBy);
        this.findOneSql = select + " WHERE " + dialect.keyIn(keyColumns, keyParameters, 1);
        this.findChunkSql = findSql(KEY_CHUNK);
        this.deleteChunkSql = deleteSql(KEY_CHUNK);
        List<String> conflict = mapping.conflictTarget().stream().map(n -> columns.get(mapping.indexOf(n)).quotedName())
                .toList();
        List<String> update = columns.stream().map(LegacyColumn::quotedName).filter(n -> !conflict.contains(n)).toList();
        List<String> all = columns.stream().map(LegacyColumn::quotedName).toList();
        List<String> parameters = columns.stream().map(LegacyColumn::parameter).toList();
        this.guardColumn = checked.guardColumn();
        this.withOutbox = guardColumn == null && dialect instanceof PostgresLegacyDialect postgres
                ? rows -> postgres.upsert(qualifiedTable, all, parameters, conflict, update, rows) : null;
        this.upsertSql = guardColumn == null ? dialect.upsert(qualifiedTable, all, parameters, conflict, update)
                : dialect.guardedUpsert(qualifiedTable, all, parameters, conflict, update, dialect.quote(guardColumn));
        this.guardViolation = guardColumn == null ? null : "upsertAll on legacy table " + tableName + " refused a row "
                + "that matches an existing row on a unique key other than the conflict target ("
                + String.join(", ", mapping.conflictTarget().stream().map(legacyTable::legacyName).toList()) + "): "
                + checked.otherUniqueKeys().stream().map(UniqueIndex::describe).collect(Collectors.joining(", "))
                + "; " + dialect.name() + "'s ON DUPLICATE KEY UPDATE would have overwritten that other row, so the "
                + "statement failed instead, as PostgreSQL's ON CONFLICT does";
        this.countSql = "SELECT count(*) FROM " + qualifiedTable;
    }

    /**
     * Checks the binding and the legacy table, then builds the store.
     *
     * @throws IllegalArgumentException for a binding that does not fit the mapping
     * @throws dev.cutover.schema.SchemaMismatchException for a legacy table that does not fit
     */
    public static <E, K> DefaultLegacyStore<E, K> create(TransactionalConnections connections, LegacyDialect dialect,
            EntityMapping<E, K> mapping, LegacyTable table) {
        Objects.requireNonNull(mapping, "mapping");
        Objects.requireNonNull(table, "table");
        SchemaCheck.checkBinding(mapping, table);
        SchemaCheck.Result checked = withConnection(connections, "Schema check", table.displayName(),
                connection -> SchemaCheck.check(connection, dialect, mapping, table));
        return new DefaultLegacyStore<>(connections, dialect, mapping, table, checked);
    }

    @Override
    public EntityMapping<E, K> mapping() {
        return mapping;
    }

    @Override
    public LegacyTable legacyTable() {
        return legacyTable;
    }

    @Override
    public String qualifiedTable() {
        return qualifiedTable;
    }

    @Override
    public String selectList() {
        return selectList;
    }

    @Override
    public String selectList(String tableAlias) {
        if (tableAlias == null || !ALIAS.matcher(tableAlias).matches()) {
            throw new IllegalArgumentException("Table alias must be a plain SQL identifier ([A-Za-z_][A-Za-z0-9_]*), was "
                    + (tableAlias == null ? "null" : "'" + tableAlias + "'"));
        }
        return columns.stream().map(c -> tableAlias + "." + c.quotedName()).collect(Collectors.joining(", "));
    }

    @Override
    public Optional<E> findByKey(K key) {
        Object[] keyValues = mapping.keyValues(key);
        List<E> found = query("findByKey", findOneSql, 2, statement -> bindKey(statement, 1, keyValues));
        return found.isEmpty() ? Optional.empty() : Optional.of(found.get(0));
    }

    @Override
    public List<E> findByKeys(Collection<K> keys) {
        List<Object[]> keyValues = distinctKeys(keys);
        if (keyValues.isEmpty()) {
            return List.of();
        }
        List<Object[]> rows = withConnection("findByKeys", connection -> {
            List<Object[]> all = new ArrayList<>(keyValues.size());
            for (int from = 0; from < keyValues.size(); from += KEY_CHUNK) {
                List<Object[]> chunk = keyValues.subList(from, Math.min(from + KEY_CHUNK, keyValues.size()));
                String sql = chunk.size() == KEY_CHUNK ? findChunkSql : findSql(chunk.size());
                try (PreparedStatement statement = connection.prepareStatement(sql)) {
                    statement.setFetchSize(FETCH_SIZE);
                    bindKeys(statement, chunk);
                    all.addAll(readRows(statement));
                }
            }
            return all;
        });
        if (keyValues.size() > KEY_CHUNK) {
            rows.sort(keyOrder); // each chunk came back ordered; the chunks cover interleaved key ranges
        }
        return entities(rows);
    }

    @Override
    public List<E> scan(K afterKey, int limit) {
        if (limit <= 0) {
            throw new IllegalArgumentException("scan of legacy table " + tableName + " needs a positive limit, got "
                    + limit);
        }
        if (afterKey == null) {
            return query("scan", scanFirstSql, Math.min(limit, FETCH_SIZE), statement -> statement.setInt(1, limit));
        }
        Object[] after = mapping.keyValues(afterKey);
        return query("scan", scanAfterSql, Math.min(limit, FETCH_SIZE), statement -> {
            List<Integer> order = keyAfter.keyColumnOfParameter();
            for (int i = 0; i < order.size(); i++) {
                int keyColumn = order.get(i);
                columns.get(keyIndexes[keyColumn]).bind(statement, i + 1, after[keyColumn]);
            }
            statement.setInt(order.size() + 1, limit);
        });
    }

    @Override
    public int upsertAll(Collection<? extends E> entities) {
        Objects.requireNonNull(entities, "entities");
        if (entities.isEmpty()) {
            return 0;
        }
        // Every entity is checked before anything is written: one bad value leaves the table untouched.
        List<Object[]> rows = new ArrayList<>(entities.size());
        for (E entity : entities) {
            Object[] row = mapping.values(entity);
            for (int i = 0; i < row.length; i++) {
                if (row[i] != null) {
                    columns.get(i).checkWritable(row[i], () -> describeKey(row));
                }
            }
            rows.add(row);
        }
        Collection<Object[]> distinct = lastPerConflictKey(rows);
        StatementOutbox cooperative = withOutbox == null ? null : connections.upsertOutbox(this, entities);
        if (cooperative != null && distinct.size() <= BATCH && cooperative.fits((long) distinct.size() * columns.size())) {
            List<Object[]> ordered = List.copyOf(distinct);
            boolean rowsWanted = cooperative.wantsRows();
            writeWithOutbox("upsertAll", cooperative, new CooperativeShape(false, ordered.size(), rowsWanted,
                    cooperative.outboxInsert()), rowsWanted ? columns.size() : keyColumns.size(), statement -> {
                        int position = 1;
                        for (Object[] row : ordered) {
                            for (int i = 0; i < row.length; i++) {
                                columns.get(i).bind(statement, position++, row[i]);
                            }
                        }
                        return position;
                    });
            return distinct.size();
        }
        if (distinct.size() == 1) {
            Object[] row = distinct.iterator().next();
            return singleStatement("upsertAll", connection -> {
                try (PreparedStatement statement = connection.prepareStatement(upsertSql)) {
                    for (int i = 0; i < row.length; i++) {
                        columns.get(i).bind(statement, i + 1, row[i]);
                    }
                    statement.executeUpdate();
                }
                return 1;
            });
        }
        return inTransaction("upsertAll", connection -> {
            try (PreparedStatement statement = connection.prepareStatement(upsertSql)) {
                int pending = 0;
                for (Object[] row : distinct) {
                    for (int i = 0; i < row.length; i++) {
                        columns.get(i).bind(statement, i + 1, row[i]);
                    }
                    statement.addBatch();
                    if (++pending == BATCH) {
                        statement.executeBatch();
                        pending = 0;
                    }
                }
                if (pending > 0) {
                    statement.executeBatch();
                }
            }
            return distinct.size();
        });
    }

    /**
     * One row per conflict key, the last one given, so that the batch means "last write wins" whatever the
     * driver does with it (a driver that rewrites a batch into one multi-row INSERT would otherwise fail
     * with "cannot affect row a second time").
     */
    private Collection<Object[]> lastPerConflictKey(List<Object[]> rows) {
        Map<Object, Object[]> byConflictKey = new LinkedHashMap<>();
        for (Object[] row : rows) {
            Object conflictKey = conflictKey(row);
            byConflictKey.remove(conflictKey);
            byConflictKey.put(conflictKey, row);
        }
        return byConflictKey.values();
    }

    private Object conflictKey(Object[] row) {
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

    @Override
    public int deleteByKeys(Collection<K> keys) {
        List<Object[]> keyValues = distinctKeys(keys);
        if (keyValues.isEmpty()) {
            return 0;
        }
        StatementOutbox cooperative = withOutbox == null ? null : connections.deleteOutbox(this, keys);
        if (cooperative != null && keyValues.size() <= KEY_CHUNK
                && cooperative.fits((long) keyValues.size() * keyColumns.size())) {
            return writeWithOutbox("deleteByKeys", cooperative, new CooperativeShape(true, keyValues.size(), false,
                    cooperative.outboxInsert()), keyColumns.size(), statement -> {
                        bindKeys(statement, keyValues);
                        return keyValues.size() * keyColumns.size() + 1;
                    });
        }
        if (keyValues.size() <= KEY_CHUNK) {
            String sql = keyValues.size() == KEY_CHUNK ? deleteChunkSql : deleteSql(keyValues.size());
            return singleStatement("deleteByKeys", connection -> {
                try (PreparedStatement statement = connection.prepareStatement(sql)) {
                    bindKeys(statement, keyValues);
                    return statement.executeUpdate();
                }
            });
        }
        return inTransaction("deleteByKeys", connection -> {
            int deleted = 0;
            for (int from = 0; from < keyValues.size(); from += KEY_CHUNK) {
                List<Object[]> chunk = keyValues.subList(from, Math.min(from + KEY_CHUNK, keyValues.size()));
                String sql = chunk.size() == KEY_CHUNK ? deleteChunkSql : deleteSql(chunk.size());
                try (PreparedStatement statement = connection.prepareStatement(sql)) {
                    bindKeys(statement, chunk);
                    deleted += statement.executeUpdate();
                }
            }
            return deleted;
        });
    }

    /**
     * Runs a write and dual-write's outbox insert as one statement ({@link StatementOutbox#statement}). Returns how
     * many rows the write returned.
     *
     * @param shape    the statement; its write returns the select list if {@code rowsWanted}, to be reported as the
     *                 rows written, else the key columns
     * @param returned how many columns the write returns
     * @param binder   binds the write's parameters; returns the next parameter's position
     */
    private int writeWithOutbox(String operation, StatementOutbox cooperative, CooperativeShape shape, int returned,
            PositionBinder binder) {
        String sql = shape.rows() <= CACHED_COOPERATIVE && cooperative.entries() <= StatementOutbox.CACHEABLE_ENTRIES
                ? cooperativeSql.computeIfAbsent(shape, this::cooperativeSql) : cooperativeSql(shape);
        boolean rows = shape.rowsWanted();
        try {
            return cooperative.execute(connection -> {
                try (PreparedStatement statement = connection.prepareStatement(sql)) {
                    cooperative.bindOutbox(statement, binder.bind(statement));
                    StatementOutbox.Returned<E> collected = cooperative.returned(rows);
                    try (ResultSet result = statement.executeQuery()) {
                        while (result.next()) {
                            long id = result.getLong(returned + 1);
                            Long outboxId = result.wasNull() ? null : id;
                            collected.add(outboxId, outboxId == null ? null : result.getString(returned + 2),
                                    () -> mapping.read(mapping.row(readRow(result))));
                        }
                    }
                    return collected.report();
                }
            });
        } catch (SQLException e) {
            throw SqlFailures.of(operation, tableName, e);
        }
    }

    private String cooperativeSql(CooperativeShape shape) {
        String write = shape.delete() ? deleteSql(shape.rows()) : withOutbox.apply(shape.rows());
        return StatementOutbox.statement(write + " RETURNING " + (shape.rowsWanted() ? selectList
                : String.join(", ", keyColumns)), shape.outboxInsert());
    }

    @FunctionalInterface
    private interface PositionBinder {
        int bind(PreparedStatement statement) throws SQLException;
    }

    @Override
    public long count() {
        return withConnection("count", connection -> {
            try (PreparedStatement statement = connection.prepareStatement(countSql);
                    ResultSet result = statement.executeQuery()) {
                result.next();
                return result.getLong(1);
            }
        });
    }

    @Override
    public List<E> findWhere(String legacySqlCondition, Object... parameters) {
        if (legacySqlCondition == null || legacySqlCondition.isBlank()) {
            throw new IllegalArgumentException("findWhere on legacy table " + tableName
                    + " needs a SQL condition, was " + (legacySqlCondition == null ? "null" : "'" + legacySqlCondition + "'"));
        }
        Object[] values = parameters == null ? new Object[] {null} : parameters;
        String sql = select + " WHERE (" + legacySqlCondition + ")" + orderBy;
        return query("findWhere", sql, FETCH_SIZE, statement -> {
            for (int i = 0; i < values.length; i++) {
                Object value = values[i];
                // Instant is not a JDBC type: the dialect gives it a form the driver does not shift to the JVM's zone.
                statement.setObject(i + 1, value instanceof Instant instant ? dialect.instantParameter(instant) : value);
            }
        });
    }

    @Override
    public E read(ResultSet resultSet) {
        Objects.requireNonNull(resultSet, "resultSet");
        try {
            checkSelectList(resultSet.getMetaData());
            return mapping.read(mapping.row(readRow(resultSet)));
        } catch (SQLException e) {
            throw SqlFailures.of("read", tableName, e);
        }
    }

    private void checkSelectList(ResultSetMetaData metaData) throws SQLException {
        boolean matches = metaData.getColumnCount() >= columns.size();
        for (int i = 0; matches && i < columns.size(); i++) {
            matches = metaData.getColumnLabel(i + 1).equalsIgnoreCase(columns.get(i).legacyName());
        }
        if (!matches) {
            List<String> labels = new ArrayList<>();
            for (int i = 1; i <= metaData.getColumnCount(); i++) {
                labels.add(metaData.getColumnLabel(i));
            }
            throw new IllegalArgumentException("LegacyStore of " + tableName + " reads rows whose first columns are "
                    + columns.stream().map(LegacyColumn::legacyName).toList() + " (select them with selectList()); this "
                    + "result set has " + labels);
        }
    }

    private String findSql(int keys) {
        return select + " WHERE " + dialect.keyIn(keyColumns, keyParameters, keys) + orderBy;
    }

    private String deleteSql(int keys) {
        return "DELETE FROM " + qualifiedTable + " WHERE " + dialect.keyIn(keyColumns, keyParameters, keys);
    }

    /** The keys' column values, checked, without repeats, in the order given. */
    private List<Object[]> distinctKeys(Collection<K> keys) {
        Objects.requireNonNull(keys, "keys");
        Map<List<Object>, Object[]> distinct = new LinkedHashMap<>();
        for (K key : keys) {
            Object[] values = mapping.keyValues(key);
            distinct.putIfAbsent(Arrays.asList(values), values);
        }
        return new ArrayList<>(distinct.values());
    }

    private void bindKey(PreparedStatement statement, int firstPosition, Object[] keyValues) throws SQLException {
        for (int i = 0; i < keyValues.length; i++) {
            columns.get(keyIndexes[i]).bind(statement, firstPosition + i, keyValues[i]);
        }
    }

    private void bindKeys(PreparedStatement statement, List<Object[]> keys) throws SQLException {
        int position = 1;
        for (Object[] key : keys) {
            bindKey(statement, position, key);
            position += key.length;
        }
    }

    private List<E> query(String operation, String sql, int fetchSize, Binder binder) {
        return entities(withConnection(operation, connection -> {
            try (PreparedStatement statement = connection.prepareStatement(sql)) {
                statement.setFetchSize(fetchSize);
                binder.bind(statement);
                return readRows(statement);
            }
        }));
    }

    private List<Object[]> readRows(PreparedStatement statement) throws SQLException {
        List<Object[]> rows = new ArrayList<>();
        try (ResultSet result = statement.executeQuery()) {
            while (result.next()) {
                rows.add(readRow(result));
            }
        }
        return rows;
    }

    /** The current row's values in mapping order; key columns first, so that a bad value's message can name the key. */
    private Object[] readRow(ResultSet result) throws SQLException {
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

    private String describeKey(Object[] values) {
        if (keyIndexes.length == 1) {
            return String.valueOf(values[keyIndexes[0]]);
        }
        return Arrays.stream(keyIndexes).mapToObj(i -> columns.get(i).legacyName() + "=" + values[i])
                .collect(Collectors.joining(", ", "(", ")"));
    }

    private List<E> entities(List<Object[]> rows) {
        List<E> entities = new ArrayList<>(rows.size());
        for (Object[] row : rows) {
            entities.add(mapping.read(mapping.row(row)));
        }
        return entities;
    }

    private <T> T withConnection(String operation, SqlFunction<T> work) {
        return withConnection(connections, operation, tableName, work);
    }

    private static <T> T withConnection(TransactionalConnections connections, String operation, String table,
            SqlFunction<T> work) {
        try {
            Connection connection = connections.acquire();
            try {
                return work.apply(connection);
            } finally {
                connections.release(connection);
            }
        } catch (SQLException e) {
            throw SqlFailures.of(operation, table, e);
        }
    }

    private <T> T inTransaction(String operation, SqlFunction<T> work) {
        try {
            return connections.inTransaction(work);
        } catch (DataAccessException e) {
            // TransactionalConnections names only the backend; say which operation on which table failed.
            if (e.getCause() instanceof SQLException sql) {
                throw failure(operation, sql);
            }
            throw e;
        }
    }

    /** One statement: in the unit of work if there is one, else in autocommit (no COMMIT round trip). */
    private <T> T singleStatement(String operation, SqlFunction<T> work) {
        try {
            return connections.singleStatement(work);
        } catch (SQLException e) {
            throw failure(operation, e);
        }
    }

    private DataAccessException failure(String operation, SQLException sql) {
        if (guardColumn != null && dialect.isGuardViolation(sql, guardColumn)) {
            return SqlFailures.withMessage(guardViolation, sql);
        }
        return SqlFailures.of(operation, tableName, sql);
    }

    @FunctionalInterface
    private interface Binder {
        void bind(PreparedStatement statement) throws SQLException;
    }

    @Override
    public String toString() {
        return "LegacyStore[" + tableName + " for " + mapping.table() + "]";
    }
}
