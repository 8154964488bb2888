package dev.cutover.postgres.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.cutover.DataAccessException;
import dev.cutover.jdbc.PostgresLocks;
import dev.cutover.mapping.Column;
import dev.cutover.mapping.ColumnType;
import dev.cutover.mapping.EntityMapping;
import dev.cutover.mapping.spi.Values;
import dev.cutover.postgres.PostgresStore;
import dev.cutover.postgres.copy.PgCopy;
import dev.cutover.tx.SqlFunction;
import dev.cutover.tx.spi.StatementOutbox;
import java.math.BigDecimal;
import java.sql.SQLException;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import org.jooq.Condition;
import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.InsertValuesStepN;
import org.jooq.JSON;
import org.jooq.JSONB;
import org.jooq.Record;
import org.jooq.Result;
import org.jooq.SortField;
import org.jooq.Table;
import org.jooq.impl.DSL;
import org.jooq.impl.DefaultConnectionProvider;
import org.jooq.impl.SQLDataType;
import org.postgresql.util.PGobject;

/** The {@link PostgresStore} of one mapping, written with jOOQ. Immutable and thread-safe. */
final class JooqPostgresStore<E, K> implements PostgresStore<E, K> {
    /** Rows per {@code INSERT}: large enough to amortize round trips, small enough to plan quickly. */
    static final int ROWS_PER_INSERT = 500;
    /** PostgreSQL's wire protocol counts bind parameters in 16 bits. */
    private static final int MAX_PARAMETERS = 65_535;

    private final DefaultPostgresAdapter adapter;
    private final EntityMapping<E, K> mapping;
    private final String qualified;
    private final MappedTable table;
    private final List<Field<?>> fields;
    private final Map<String, Field<?>> fieldsByName;
    private final List<Field<?>> keyFields;
    private final SortField<?>[] keyOrder;
    private final KeyConditions<K> keys;
    private final List<Field<?>> conflictFields;
    private final int[] conflictIndexes;
    private final Map<Field<?>, Field<?>> updates;
    private final int rowsPerInsert;
    /** Large upserts through COPY; {@code null} where the role may not create temporary tables. */
    private final StagedUpsert staged;

    private JooqPostgresStore(DefaultPostgresAdapter adapter, EntityMapping<E, K> mapping, boolean mayStage) {
        this.adapter = adapter;
        this.mapping = mapping;
        this.qualified = adapter.schema() + "." + mapping.table();
        this.table = new MappedTable(adapter.schema(), mapping);
        this.fields = List.of(table.fields());
        Map<String, Field<?>> byName = new LinkedHashMap<>();
        fields.forEach(field -> byName.put(field.getName(), field));
        this.fieldsByName = byName;
        this.keyFields = mapping.keyColumns().stream().<Field<?>>map(c -> byName.get(c.name())).toList();
        this.keyOrder = keyFields.stream().map(Field::asc).toArray(SortField<?>[]::new);
        this.keys = new KeyConditions<>(mapping, keyFields);
        this.conflictFields = mapping.conflictTarget().stream().<Field<?>>map(byName::get).toList();
        this.conflictIndexes = mapping.conflictTarget().stream().mapToInt(mapping::indexOf).toArray();
        Map<Field<?>, Field<?>> set = new LinkedHashMap<>();
        for (Field<?> field : fields) {
            if (!conflictFields.contains(field)) {
                set.put(field, DSL.excluded(field));
            }
        }
        if (set.isEmpty()) {
            // Every column is in the conflict target: a no-op update still reports the row as written.
            set.put(conflictFields.get(0), DSL.excluded(conflictFields.get(0)));
        }
        this.updates = Map.copyOf(set);
        this.rowsPerInsert = Math.max(1, Math.min(ROWS_PER_INSERT, MAX_PARAMETERS / fields.size()));
        this.staged = mayStage ? new StagedUpsert(adapter.schema(), mapping, set.keySet().stream()
                .map(f -> PgCopy.quote(f.getName()) + " = excluded." + PgCopy.quote(f.getName()))
                .collect(Collectors.joining(", "))) : null;
    }

    static <E, K> JooqPostgresStore<E, K> create(DefaultPostgresAdapter adapter, EntityMapping<E, K> mapping) {
        for (Column key : mapping.keyColumns()) {
            if (key.type().isJson()) {
                throw new IllegalArgumentException("Key column " + key.name() + " of " + mapping.table() + " is "
                        + key.type() + "; a PostgresStore key must be TEXT, INTEGER, BIGINT, NUMERIC, BOOLEAN, "
                        + "TIMESTAMPTZ, DATE or UUID");
            }
        }
        String qualified = adapter.schema() + "." + mapping.table();
        boolean mayStage;
        try {
            SchemaCheck.check(adapter.dsl(), adapter.schema(), mapping);
            mayStage = Boolean.TRUE.equals(adapter.dsl().fetchValue(
                    "SELECT has_database_privilege(current_database(), 'TEMP')"));
        } catch (org.jooq.exception.DataAccessException | DataAccessException e) {
            throw Failures.failed("Schema check of " + qualified, e);
        }
        return new JooqPostgresStore<>(adapter, mapping, mayStage);
    }

    @Override
    public EntityMapping<E, K> mapping() {
        return mapping;
    }

    @Override
    public Optional<E> findByKey(K key) {
        Condition equal = keys.equal(key);
        return run("findByKey", () -> dsl().selectFrom(table).where(equal).fetchOptional(this::toEntity));
    }

    @Override
    public List<E> findByKeys(Collection<K> keys) {
        if (keys.isEmpty()) {
            return List.of();
        }
        Condition in = this.keys.in(keys);
        return run("findByKeys", () -> dsl().selectFrom(table).where(in).orderBy(keyOrder).fetch(this::toEntity));
    }

    @Override
    public List<E> scan(K afterKey, int limit) {
        checkLimit("scan", limit);
        Condition after = afterKey == null ? DSL.noCondition() : keys.after(afterKey);
        return run("scan", () -> dsl().selectFrom(table).where(after).orderBy(keyOrder).limit(limit)
                .fetch(this::toEntity));
    }

    @Override
    public List<E> findWhere(Condition condition, int limit) {
        Objects.requireNonNull(condition, "condition");
        checkLimit("findWhere", limit);
        return run("findWhere", () -> dsl().selectFrom(table).where(condition).orderBy(keyOrder).limit(limit)
                .fetch(this::toEntity));
    }

    @Override
    public int upsertAll(Collection<? extends E> entities) {
        if (entities.isEmpty()) {
            return 0;
        }
        List<Object[]> rows = new ArrayList<>(entities.size());
        for (E entity : entities) {
            rows.add(mapping.values(entity)); // every entity is checked before the first statement
        }
        List<Object[]> distinct = lastPerConflictKey(rows);
        adapter.checkOpen();
        StatementOutbox cooperative = adapter.connections().upsertOutbox(this, entities);
        if (cooperative != null && fits(distinct.size(), fields.size(), cooperative)) {
            boolean rowsWanted = cooperative.wantsRows();
            List<Field<?>> returning = rowsWanted ? fields : keyFields;
            return run("upsertAll", () -> withOutbox(cooperative, dsl -> {
                InsertValuesStepN<Record> insert = dsl.insertInto(table, fields);
                for (Object[] row : distinct) {
                    insert = insert.values(row);
                }
                return insert.onConflict(conflictFields).doUpdate().set(updates).returning(returning);
            }, returning.size(), rowsWanted));
        }
        if (staged != null && distinct.size() >= StagedUpsert.FROM_ROWS) {
            return run("upsertAll", () -> adapter.connections().inTransaction(connection -> {
                try {
                    return staged.upsert(connection, distinct);
                } catch (SQLException e) {
                    throw new org.jooq.exception.DataAccessException(e.getMessage(), e); // worded as the insert's are
                }
            }));
        }
        if (distinct.size() <= rowsPerInsert) {
            return run("upsertAll", () -> singleStatement(connection -> {
                InsertValuesStepN<Record> insert = dsl(connection).insertInto(table, fields);
                for (Object[] row : distinct) {
                    insert = insert.values(row);
                }
                return insert.onConflict(conflictFields).doUpdate().set(updates).execute();
            }));
        }
        return run("upsertAll", () -> adapter.connections().inTransaction(connection -> {
            DSLContext transaction = dsl(connection);
            int written = 0;
            for (int from = 0; from < distinct.size(); from += rowsPerInsert) {
                InsertValuesStepN<Record> insert = transaction.insertInto(table, fields);
                for (Object[] row : distinct.subList(from, Math.min(distinct.size(), from + rowsPerInsert))) {
                    insert = insert.values(row);
                }
                written += insert.onConflict(conflictFields).doUpdate().set(updates).execute();
            }
            return written;
        }));
    }

    @Override
    public int deleteByKeys(Collection<K> keys) {
        if (keys.isEmpty()) {
            return 0;
        }
        Condition in = this.keys.in(keys);
        StatementOutbox cooperative = adapter.connections().deleteOutbox(this, keys);
        if (cooperative != null) { // one array parameter per key column: the outbox insert's are what count, and fit
            return run("deleteByKeys", () -> withOutbox(cooperative,
                    dsl -> dsl.deleteFrom(table).where(in).returning(keyFields), keyFields.size(), false));
        }
        return run("deleteByKeys", () -> dsl().deleteFrom(table).where(in).execute());
    }

    @Override
    public void lockAgainstWriters(Duration timeout) {
        String lock = PostgresLocks.againstWriters(dsl().render(DSL.name(adapter.schema(), mapping.table())), timeout);
        SqlFunction<Boolean> work = PostgresLocks.inUnitOfWork(qualified, lock);
        run("lockAgainstWriters", () -> adapter.connections().inTransaction(work));
    }

    /** One statement: in the unit of work if there is one, else in autocommit (no COMMIT round trip). */
    private <T> T singleStatement(SqlFunction<T> statement) {
        try {
            return adapter.connections().singleStatement(statement);
        } catch (SQLException e) {
            throw new org.jooq.exception.DataAccessException(e.getMessage(), e);
        }
    }

    private DSLContext dsl(java.sql.Connection connection) {
        return dsl().configuration().derive(new DefaultConnectionProvider(connection)).dsl();
    }

    private boolean fits(int rows, int columns, StatementOutbox cooperative) {
        return rows <= rowsPerInsert && cooperative.fits((long) rows * columns);
    }

    /**
     * Runs a write and dual-write's outbox insert as one statement ({@link StatementOutbox#statement}). Returns how
     * many rows the write returned.
     *
     * @param returned how many columns the write returns
     * @param entities whether they are every mapped column, to be reported as the rows written
     */
    private int withOutbox(StatementOutbox cooperative, java.util.function.Function<DSLContext, org.jooq.QueryPart> write,
            int returned, boolean entities) {
        try {
            return cooperative.execute(connection -> {
                DSLContext dsl = dsl(connection);
                org.jooq.QueryPart outbox = OutboxInsertPart.of(cooperative);
                Result<Record> result = dsl.resultQuery(StatementOutbox.statement("{0}", "{1}"), write.apply(dsl), outbox)
                        .fetch();
                StatementOutbox.Returned<E> collected = cooperative.returned(entities);
                for (Record record : result) {
                    Object id = record.get(returned);
                    collected.add(id == null ? null : ((Number) id).longValue(),
                            id == null ? null : record.get(returned + 1, String.class), () -> fromRecord(record));
                }
                return collected.report();
            });
        } catch (SQLException e) {
            throw new org.jooq.exception.DataAccessException(e.getMessage(), e);
        }
    }

    @Override
    public long count() {
        return run("count", () -> dsl().select(DSL.count().coerce(SQLDataType.BIGINT)).from(table).fetchSingle().value1());
    }

    @Override
    public E fromRecord(Record record) {
        Objects.requireNonNull(record, "record");
        Object[] values = new Object[fields.size()];
        List<String> missing = new ArrayList<>();
        for (int i = 0; i < values.length; i++) {
            Field<?> field = fields.get(i);
            Field<?> found = record.field(field);
            if (found == null) {
                found = record.field(field.getName());
            }
            if (found == null) {
                missing.add(field.getName());
            } else {
                values[i] = canonical(mapping.columns().get(i), record.get(found));
            }
        }
        if (!missing.isEmpty()) {
            throw new IllegalArgumentException("The record lacks column(s) " + String.join(", ", missing) + " of "
                    + qualified + "; select every mapped column: " + String.join(", ", fieldsByName.keySet()));
        }
        return mapping.read(mapping.row(values));
    }

    @Override
    public Table<Record> table() {
        return table;
    }

    @Override
    public Field<?> field(String column) {
        Field<?> field = fieldsByName.get(column);
        if (field == null) {
            throw new IllegalArgumentException("Table " + qualified + " has no mapped column '" + column
                    + "'; mapped columns: " + String.join(", ", fieldsByName.keySet()));
        }
        return field;
    }

    @Override
    public <T> Field<T> field(String column, Class<T> type) {
        Field<?> field = field(column);
        ColumnType columnType = mapping.columns().get(mapping.indexOf(column)).type();
        if (!columnType.javaType().equals(type)) {
            throw new IllegalArgumentException("Column " + qualified + "." + column + " is " + columnType
                    + ", carried as " + columnType.javaType().getName() + ", not " + type.getName());
        }
        @SuppressWarnings("unchecked") // the column's Java type is T, checked above
        Field<T> typed = (Field<T>) field;
        return typed;
    }

    @Override
    public String toString() {
        return "PostgresStore[" + qualified + "]";
    }

    private DSLContext dsl() {
        adapter.checkOpen();
        return adapter.dsl();
    }

    private <T> T run(String operation, Supplier<T> work) {
        try {
            return work.get();
        } catch (org.jooq.exception.DataAccessException | DataAccessException e) {
            throw Failures.failed(operation + " on " + qualified, e);
        }
    }

    private E toEntity(Record record) {
        return mapping.read(mapping.row(record.intoArray()));
    }

    private static void checkLimit(String operation, int limit) {
        if (limit <= 0) {
            throw new IllegalArgumentException(operation + " limit must be at least 1, was " + limit);
        }
    }

    /**
     * One row per conflict-target value, the last one given winning: PostgreSQL refuses to update a row
     * twice in one statement ("ON CONFLICT DO UPDATE command cannot affect row a second time").
     */
    private List<Object[]> lastPerConflictKey(List<Object[]> rows) {
        Map<Object, Object[]> byTarget = new HashMap<>(rows.size() * 2);
        List<Object> order = new ArrayList<>(rows.size());
        for (Object[] row : rows) {
            Object target = conflictKey(row);
            if (byTarget.put(target, row) == null) {
                order.add(target);
            }
        }
        if (order.size() == rows.size()) {
            return rows;
        }
        return order.stream().map(byTarget::get).toList();
    }

    private Object conflictKey(Object[] row) {
        Object[] target = new Object[conflictIndexes.length];
        for (int i = 0; i < target.length; i++) {
            Object value = row[conflictIndexes[i]];
            if (value == null) {
                return new Object(); // NULLs never conflict in a UNIQUE constraint: the row is its own
            }
            // numeric 1.5 and 1.50 are one value to PostgreSQL, but not to BigDecimal.equals
            target[i] = value instanceof BigDecimal decimal ? decimal.stripTrailingZeros() : value;
        }
        return Arrays.asList(target);
    }

    /** A value read through a record that may not carry the mapping's types (a plain-SQL query, say). */
    private Object canonical(Column column, Object value) {
        Object raw = value;
        try {
            if (value instanceof JSONB jsonb) {
                raw = Values.json().readTree(jsonb.data());
            } else if (value instanceof JSON json) {
                raw = Values.json().readTree(json.data());
            } else if (value instanceof PGobject object && column.type().isJson() && object.getValue() != null) {
                raw = Values.json().readTree(object.getValue()); // how plain-SQL queries see json and jsonb
            } else if (value instanceof java.sql.Date date) {
                raw = date.toLocalDate();
            } else if (value instanceof java.sql.Timestamp timestamp) {
                raw = column.type() == ColumnType.TIMESTAMP ? timestamp.toLocalDateTime() : timestamp.toInstant();
            } else if (value instanceof java.sql.Time time) {
                raw = time.toLocalTime();
            } else if (value instanceof OffsetDateTime offset) {
                raw = PgTypes.instant(offset);
            } else if (value instanceof PGobject object) {
                raw = object.getValue(); // an enum label, as plain-SQL queries see it
            } else if (value instanceof java.sql.Array array) {
                raw = array.getArray();
            }
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("PostgreSQL returned JSON that does not parse in " + qualified + "."
                    + column.name(), e);
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException("PostgreSQL returned an array that cannot be read in " + qualified + "."
                    + column.name(), e);
        }
        return raw instanceof JsonNode && column.type().isJson() ? raw : Values.canonical(mapping.table(),
                " (read from a record)", column, raw);
    }
}
