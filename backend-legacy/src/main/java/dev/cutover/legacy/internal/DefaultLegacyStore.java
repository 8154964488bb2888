package dev.cutover.legacy.internal;

import dev.cutover.tx.spi.StatementOutbox;
import dev.cutover.jdbc.PostgresLocks;
import dev.cutover.legacy.LegacyDialect;
import dev.cutover.legacy.LegacyStore;
import dev.cutover.legacy.LegacyTable;
import dev.cutover.mapping.EntityMapping;
import dev.cutover.tx.TransactionalConnections;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.time.Duration;
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
    private final LegacyStatements statements;
    private final LegacyRowCodec codec;
    private final LegacyCalls calls;
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
        this.codec = new LegacyRowCodec(columns, keyIndexes, otherIndexes, conflictIndexes);
        this.statements = new LegacyStatements(dialect, mapping, legacyTable, qualifiedTable, columns, keyIndexes, checked);
        this.calls = new LegacyCalls(connections, dialect, tableName, statements);
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
        SchemaCheck.Result checked = LegacyCalls.withConnection(connections, "Schema check", table.displayName(),
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
        return statements.selectList;
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
        List<E> found = query("findByKey", statements.findOneSql, 2, statement -> codec.bindKey(statement, 1, keyValues));
        return found.isEmpty() ? Optional.empty() : Optional.of(found.get(0));
    }

    @Override
    public List<E> findByKeys(Collection<K> keys) {
        List<Object[]> keyValues = distinctKeys(keys);
        if (keyValues.isEmpty()) {
            return List.of();
        }
        List<Object[]> rows = calls.withConnection("findByKeys", connection -> {
            List<Object[]> all = new ArrayList<>(keyValues.size());
            for (int from = 0; from < keyValues.size(); from += KEY_CHUNK) {
                List<Object[]> chunk = keyValues.subList(from, Math.min(from + KEY_CHUNK, keyValues.size()));
                String sql = chunk.size() == KEY_CHUNK ? statements.findChunkSql : statements.findSql(chunk.size());
                try (PreparedStatement statement = connection.prepareStatement(sql)) {
                    statement.setFetchSize(FETCH_SIZE);
                    codec.bindKeys(statement, chunk);
                    all.addAll(codec.readRows(statement));
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
            return query("scan", statements.scanFirstSql, Math.min(limit, FETCH_SIZE), statement -> statement.setInt(1, limit));
        }
        Object[] after = mapping.keyValues(afterKey);
        return query("scan", statements.scanAfterSql, Math.min(limit, FETCH_SIZE), statement -> {
            List<Integer> order = statements.keyAfter.keyColumnOfParameter();
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
                    columns.get(i).checkWritable(row[i], () -> codec.describeKey(row));
                }
            }
            rows.add(row);
        }
        Collection<Object[]> distinct = codec.lastPerConflictKey(rows);
        StatementOutbox cooperative = statements.withOutbox == null ? null : connections.upsertOutbox(this, entities);
        if (cooperative != null && distinct.size() <= BATCH && cooperative.fits((long) distinct.size() * columns.size())) {
            List<Object[]> ordered = List.copyOf(distinct);
            boolean rowsWanted = cooperative.wantsRows();
            writeWithOutbox("upsertAll", cooperative, new CooperativeShape(false, ordered.size(), rowsWanted,
                    cooperative.outboxInsert()), rowsWanted ? columns.size() : statements.keyColumns.size(), statement -> {
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
            return calls.singleStatement("upsertAll", connection -> {
                try (PreparedStatement statement = connection.prepareStatement(statements.upsertSql)) {
                    for (int i = 0; i < row.length; i++) {
                        columns.get(i).bind(statement, i + 1, row[i]);
                    }
                    statement.executeUpdate();
                }
                return 1;
            });
        }
        return calls.inTransaction("upsertAll", connection -> {
            try (PreparedStatement statement = connection.prepareStatement(statements.upsertSql)) {
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
    @Override
    public int deleteByKeys(Collection<K> keys) {
        List<Object[]> keyValues = distinctKeys(keys);
        if (keyValues.isEmpty()) {
            return 0;
        }
        StatementOutbox cooperative = statements.withOutbox == null ? null : connections.deleteOutbox(this, keys);
        if (cooperative != null && keyValues.size() <= KEY_CHUNK
                && cooperative.fits((long) keyValues.size() * statements.keyColumns.size())) {
            return writeWithOutbox("deleteByKeys", cooperative, new CooperativeShape(true, keyValues.size(), false,
                    cooperative.outboxInsert()), statements.keyColumns.size(), statement -> {
                        codec.bindKeys(statement, keyValues);
                        return keyValues.size() * statements.keyColumns.size() + 1;
                    });
        }
        if (keyValues.size() <= KEY_CHUNK) {
            String sql = keyValues.size() == KEY_CHUNK ? statements.deleteChunkSql : statements.deleteSql(keyValues.size());
            return calls.singleStatement("deleteByKeys", connection -> {
                try (PreparedStatement statement = connection.prepareStatement(sql)) {
                    codec.bindKeys(statement, keyValues);
                    return statement.executeUpdate();
                }
            });
        }
        return calls.inTransaction("deleteByKeys", connection -> {
            int deleted = 0;
            for (int from = 0; from < keyValues.size(); from += KEY_CHUNK) {
                List<Object[]> chunk = keyValues.subList(from, Math.min(from + KEY_CHUNK, keyValues.size()));
                String sql = chunk.size() == KEY_CHUNK ? statements.deleteChunkSql : statements.deleteSql(chunk.size());
                try (PreparedStatement statement = connection.prepareStatement(sql)) {
                    codec.bindKeys(statement, chunk);
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
     * @param shape    the statement; its write returns the statements.select list if {@code rowsWanted}, to be reported as the
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
                                    () -> mapping.read(mapping.row(codec.readRow(result))));
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
        String write = shape.delete() ? statements.deleteSql(shape.rows()) : statements.withOutbox.apply(shape.rows());
        return StatementOutbox.statement(write + " RETURNING " + (shape.rowsWanted() ? statements.selectList
                : String.join(", ", statements.keyColumns)), shape.outboxInsert());
    }

    @FunctionalInterface
    private interface PositionBinder {
        int bind(PreparedStatement statement) throws SQLException;
    }

    @Override
    public void lockAgainstWriters(Duration timeout) {
        Optional<String> lock = dialect.lockAgainstWriters(qualifiedTable, timeout);
        if (lock.isPresent()) {
            calls.inTransaction("lockAgainstWriters", PostgresLocks.inUnitOfWork(qualifiedTable, lock.get()));
        }
    }

    @Override
    public long count() {
        return calls.withConnection("count", connection -> {
            try (PreparedStatement statement = connection.prepareStatement(statements.countSql);
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
        String sql = statements.select + " WHERE (" + legacySqlCondition + ")" + statements.orderBy;
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
            return mapping.read(mapping.row(codec.readRow(resultSet)));
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
    private List<E> query(String operation, String sql, int fetchSize, Binder binder) {
        return entities(calls.withConnection(operation, connection -> {
            try (PreparedStatement statement = connection.prepareStatement(sql)) {
                statement.setFetchSize(fetchSize);
                binder.bind(statement);
                return codec.readRows(statement);
            }
        }));
    }
    private List<E> entities(List<Object[]> rows) {
        List<E> entities = new ArrayList<>(rows.size());
        for (Object[] row : rows) {
            entities.add(mapping.read(mapping.row(row)));
        }
        return entities;
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
