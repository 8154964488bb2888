package dev.cutover.mapping;

import dev.cutover.mapping.spi.Values;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Function;

/**
 * How one domain entity is stored: its table, key columns, typed columns and how a {@link Row} becomes
 * an entity and back. Described once, in the target (PostgreSQL) schema's names; each backend builds a
 * generic store from it (find, keyset scan, upsert, delete, count), and backfill, verify and repair are
 * written once on top of those stores.
 *
 * <pre>{@code
 * EntityMapping<Client, Long> CLIENTS = EntityMapping.builder(Client.class, Long.class)
 *         .table("clients")
 *         .key("id", ColumnType.BIGINT, Client::id)
 *         .column("name", ColumnType.TEXT, Client::name)
 *         .nullableColumn("ai_context", ColumnType.JSONB, Client::aiContext)
 *         .conflictTarget("yclients_id", "company_id")
 *         .reader(row -> new Client(row.getLong("id"), row.getString("name"), row.getJson("ai_context")))
 *         .build();
 * }</pre>
 *
 * <p>Keys: with one key column, {@code K} is that column's Java type. With several, {@code K} is a record
 * whose components are the key columns' values in key order (or give {@link Builder#keyCodec}).
 *
 * <p>Immutable and thread-safe.
 *
 * @param <E> the entity type
 * @param <K> the key type
 */
public final class EntityMapping<E, K> {
    private final Class<E> entityType;
    private final Class<K> keyType;
    private final String table;
    private final List<Column> columns;
    private final List<Column> keyColumns;
    private final int[] keyIndexes;
    private final List<String> conflictTarget;
    private final List<Function<? super E, ?>> getters;
    private final Function<Row, ? extends E> reader;
    private final KeyCodec<K> keyCodec;
    private final Map<String, Integer> indexByName;
    private final Map<String, String> excludedColumns;

    private EntityMapping(Builder<E, K> builder) {
        this.entityType = builder.entityType;
        this.keyType = builder.keyType;
        this.table = builder.table;
        this.columns = List.copyOf(builder.columns);
        this.getters = List.copyOf(builder.getters);
        this.reader = builder.reader;
        Map<String, Integer> index = new HashMap<>();
        for (int i = 0; i < columns.size(); i++) {
            index.put(columns.get(i).name(), i);
        }
        this.indexByName = Map.copyOf(index);
        this.keyColumns = builder.keyNames.stream().map(n -> columns.get(index.get(n))).toList();
        this.keyIndexes = builder.keyNames.stream().mapToInt(index::get).toArray();
        this.conflictTarget = builder.conflictTarget == null ? List.copyOf(builder.keyNames) : builder.conflictTarget;
        this.keyCodec = builder.keyCodec != null ? builder.keyCodec : defaultCodec(builder.keyType, keyColumns, table);
        this.excludedColumns = Collections.unmodifiableMap(new LinkedHashMap<>(builder.excluded));
    }

    /**
     * The target columns this mapping leaves unfilled on purpose, name to reason, in the order given: the migration's
     * schema check accepts them, and verify reports list them as not compared.
     */
    public Map<String, String> excludedColumns() {
        return excludedColumns;
    }

    public static <E, K> Builder<E, K> builder(Class<E> entityType, Class<K> keyType) {
        return new Builder<>(entityType, keyType);
    }

    public Class<E> entityType() {
        return entityType;
    }

    public Class<K> keyType() {
        return keyType;
    }

    /** The table's name in the target schema, unqualified (the backend decides the schema). */
    public String table() {
        return table;
    }

    /** Every column, key columns included, in a fixed order used by rows and values. */
    public List<Column> columns() {
        return columns;
    }

    public List<Column> keyColumns() {
        return keyColumns;
    }

    /**
     * The columns of the UNIQUE constraint an upsert conflicts on ({@code ON CONFLICT (...)}); the key
     * columns unless declared. Backends check at startup that such a constraint exists.
     */
    public List<String> conflictTarget() {
        return conflictTarget;
    }

    /** The position of a column in {@link #columns()}. */
    public int indexOf(String column) {
        Integer index = indexByName.get(column);
        if (index == null) {
            throw new IllegalArgumentException("Table " + table + " has no column '" + column + "'; its columns: "
                    + columns.stream().map(Column::name).toList());
        }
        return index;
    }

    /**
     * The entity's values in column order, checked and converted to canonical types.
     *
     * @throws InvalidValueException naming table, column and key, before anything is written
     */
    public Object[] values(E entity) {
        Objects.requireNonNull(entity, () -> "a " + entityType.getSimpleName() + " to write to " + table);
        Object[] raw = new Object[columns.size()];
        for (int i = 0; i < raw.length; i++) {
            raw[i] = getters.get(i).apply(entity);
        }
        String where = " (key " + describeKey(raw) + ")";
        Object[] values = new Object[raw.length];
        for (int i = 0; i < raw.length; i++) {
            values[i] = Values.canonical(table, where, columns.get(i), raw[i]);
        }
        return values;
    }

    /** A row from values in column order and canonical types. Backends call this; values are not copied. */
    public Row row(Object[] values) {
        if (values.length != columns.size()) {
            throw new IllegalArgumentException("Table " + table + " has " + columns.size() + " columns, got "
                    + values.length + " values");
        }
        return new Row(this, values);
    }

    public E read(Row row) {
        return reader.apply(row);
    }

    public K keyOf(E entity) {
        Object[] values = new Object[keyIndexes.length];
        for (int i = 0; i < keyIndexes.length; i++) {
            values[i] = getters.get(keyIndexes[i]).apply(entity);
        }
        return keyCodec.fromValues(values);
    }

    /** The key columns' values of a key, in key order, checked like any other value. */
    public Object[] keyValues(K key) {
        Objects.requireNonNull(key, () -> "a key of " + table);
        Object[] raw = keyCodec.toValues(key);
        Object[] values = new Object[raw.length];
        for (int i = 0; i < raw.length; i++) {
            values[i] = Values.canonical(table, " (key " + key + ")", keyColumns.get(i), raw[i]);
        }
        return values;
    }

    /** A key from the key columns' values, in key order. */
    public K key(Object[] keyValues) {
        return keyCodec.fromValues(keyValues);
    }

    /** The key of a row. */
    public K keyOf(Row row) {
        Object[] values = new Object[keyIndexes.length];
        for (int i = 0; i < keyIndexes.length; i++) {
            values[i] = row.get(keyIndexes[i]);
        }
        return keyCodec.fromValues(values);
    }

    private String describeKey(Object[] rowValues) {
        if (keyIndexes.length == 1) {
            return String.valueOf(rowValues[keyIndexes[0]]);
        }
        StringBuilder text = new StringBuilder("(");
        for (int i = 0; i < keyIndexes.length; i++) {
            text.append(i == 0 ? "" : ", ").append(columns.get(keyIndexes[i]).name()).append('=')
                    .append(rowValues[keyIndexes[i]]);
        }
        return text.append(')').toString();
    }

    @Override
    public String toString() {
        return "EntityMapping[" + table + " " + columns.stream().map(Column::name).toList() + " key "
                + keyColumns.stream().map(Column::name).toList() + "]";
    }

    /** Converts a key to its columns' values and back. */
    public interface KeyCodec<K> {
        Object[] toValues(K key);

        K fromValues(Object[] values);
    }

    private static <K> KeyCodec<K> defaultCodec(Class<K> keyType, List<Column> keyColumns, String table) {
        if (keyColumns.size() == 1) {
            Class<?> javaType = keyColumns.get(0).type().javaType();
            if (!keyType.equals(javaType)) {
                throw new IllegalArgumentException("Key type " + keyType.getName() + " of " + table
                        + " does not match its key column " + keyColumns.get(0).name() + " (" + keyColumns.get(0).type()
                        + " is carried as " + javaType.getName() + ")");
            }
            return new KeyCodec<>() {
                @Override
                public Object[] toValues(K key) {
                    return new Object[] {key};
                }

                @Override
                public K fromValues(Object[] values) {
                    return keyType.cast(values[0]);
                }
            };
        }
        return RecordKeyCodec.of(keyType, keyColumns, table);
    }

    /** Composite keys as records whose components are the key columns in order. */
    private static final class RecordKeyCodec<K> implements KeyCodec<K> {
        private final Class<K> type;
        private final MethodHandle constructor;
        private final MethodHandle[] accessors;

        private RecordKeyCodec(Class<K> type, MethodHandle constructor, MethodHandle[] accessors) {
            this.type = type;
            this.constructor = constructor;
            this.accessors = accessors;
        }

        static <K> RecordKeyCodec<K> of(Class<K> type, List<Column> keyColumns, String table) {
            String expected = keyColumns.stream().map(c -> c.type().javaType().getSimpleName() + " " + c.name()).toList()
                    .toString();
            if (!type.isRecord()) {
                throw new IllegalArgumentException("Composite key of " + table + " needs a record type with components "
                        + expected + ", or an explicit keyCodec; got " + type.getName());
            }
            RecordComponent[] components = type.getRecordComponents();
            Class<?>[] types = Arrays.stream(components).map(RecordComponent::getType).toArray(Class<?>[]::new);
            boolean matches = components.length == keyColumns.size();
            for (int i = 0; matches && i < components.length; i++) {
                matches = boxed(types[i]).equals(keyColumns.get(i).type().javaType());
            }
            if (!matches) {
                throw new IllegalArgumentException("Key record " + type.getName() + " of " + table + " has components "
                        + Arrays.stream(components).map(c -> c.getType().getSimpleName() + " " + c.getName()).toList()
                        + "; the key columns need " + expected + " in this order");
            }
            try {
                MethodHandles.Lookup lookup = MethodHandles.privateLookupIn(type, MethodHandles.lookup());
                MethodHandle constructor = lookup.findConstructor(type, MethodType.methodType(void.class, types))
                        .asSpreader(Object[].class, types.length)
                        .asType(MethodType.methodType(Object.class, Object[].class));
                MethodHandle[] accessors = new MethodHandle[components.length];
                for (int i = 0; i < components.length; i++) {
                    accessors[i] = lookup.unreflect(components[i].getAccessor())
                            .asType(MethodType.methodType(Object.class, Object.class));
                }
                return new RecordKeyCodec<>(type, constructor, accessors);
            } catch (ReflectiveOperationException | IllegalArgumentException e) {
                throw new IllegalArgumentException("Key record " + type.getName() + " of " + table
                        + " is not accessible to Cutover; make it public or give an explicit keyCodec", e);
            }
        }

        @Override
        public Object[] toValues(K key) {
            Object[] values = new Object[accessors.length];
            try {
                for (int i = 0; i < accessors.length; i++) {
                    values[i] = accessors[i].invokeExact((Object) key);
                }
            } catch (Throwable e) {
                throw rethrow(e);
            }
            return values;
        }

        @Override
        public K fromValues(Object[] values) {
            try {
                return type.cast((Object) constructor.invokeExact(values));
            } catch (Throwable e) {
                throw rethrow(e);
            }
        }

        private static RuntimeException rethrow(Throwable e) {
            if (e instanceof RuntimeException r) {
                throw r;
            }
            if (e instanceof Error error) {
                throw error;
            }
            return new IllegalStateException(e);
        }

        private static Class<?> boxed(Class<?> type) {
            return MethodType.methodType(type).wrap().returnType();
        }
    }

    /**
     * Builds an {@link EntityMapping}; every method checks its input and names the bad value.
     * Not thread-safe; the mapping it builds is.
     */
    public static final class Builder<E, K> {
        private final Class<E> entityType;
        private final Class<K> keyType;
        private String table;
        private final List<Column> columns = new ArrayList<>();
        private final List<Function<? super E, ?>> getters = new ArrayList<>();
        private final List<String> keyNames = new ArrayList<>();
        private List<String> conflictTarget;
        private Function<Row, ? extends E> reader;
        private KeyCodec<K> keyCodec;
        private final Map<String, String> excluded = new LinkedHashMap<>();

        private Builder(Class<E> entityType, Class<K> keyType) {
            this.entityType = Objects.requireNonNull(entityType, "entityType");
            this.keyType = Objects.requireNonNull(keyType, "keyType");
        }

        public Builder<E, K> table(String table) {
            if (table == null || !table.matches("[a-z_][a-z0-9_]*")) {
                throw new IllegalArgumentException("Table name '" + table
                        + "' is not a plain lower-case SQL identifier ([a-z_][a-z0-9_]*)");
            }
            this.table = table;
            return this;
        }

        /** A key column (NOT NULL). Call once per key column, in key order. */
        public Builder<E, K> key(String name, ColumnType type, Function<? super E, ?> getter) {
            add(new Column(name, type, false), getter);
            keyNames.add(name);
            return this;
        }

        /** A NOT NULL column. */
        public Builder<E, K> column(String name, ColumnType type, Function<? super E, ?> getter) {
            return add(new Column(name, type, false), getter);
        }

        /** A column that may hold SQL NULL. */
        public Builder<E, K> nullableColumn(String name, ColumnType type, Function<? super E, ?> getter) {
            return add(new Column(name, type, true), getter);
        }

        /** The UNIQUE constraint upserts conflict on, when it is not the key. */
        public Builder<E, K> conflictTarget(String... columnNames) {
            if (columnNames.length == 0) {
                throw new IllegalArgumentException("conflictTarget needs at least one column");
            }
            this.conflictTarget = List.of(columnNames);
            return this;
        }

        public Builder<E, K> reader(Function<Row, ? extends E> reader) {
            this.reader = Objects.requireNonNull(reader, "reader");
            return this;
        }

        /**
         * Leaves the target column {@code name} unfilled on purpose, for {@code reason}: without it, a target column that
         * no mapping column fills and that has no default is a schema-check error, since every copied row would leave
         * it NULL.
         */
        public Builder<E, K> exclude(String name, String reason) {
            if (name == null || !name.matches("[a-z_][a-z0-9_]*")) {
                throw new IllegalArgumentException("Excluded column name '" + name
                        + "' is not a plain lower-case SQL identifier ([a-z_][a-z0-9_]*)");
            }
            if (reason == null || reason.isBlank() || excluded.containsKey(name)) {
                throw new IllegalArgumentException("Excluding column '" + name + "' needs a reason, once; was "
                        + (excluded.containsKey(name) ? "already excluded (" + excluded.get(name) + ")"
                                : reason == null ? "null" : "'" + reason + "'"));
            }
            excluded.put(name, reason);
            return this;
        }

        /** How to turn a composite key into column values and back, when {@code K} is not a matching record. */
        public Builder<E, K> keyCodec(KeyCodec<K> keyCodec) {
            this.keyCodec = Objects.requireNonNull(keyCodec, "keyCodec");
            return this;
        }

        private Builder<E, K> add(Column column, Function<? super E, ?> getter) {
            Objects.requireNonNull(getter, () -> "getter of column " + column.name());
            if (columns.stream().anyMatch(c -> c.name().equals(column.name()))) {
                throw new IllegalArgumentException("Column '" + column.name() + "' is declared twice");
            }
            columns.add(column);
            getters.add(getter);
            return this;
        }

        public EntityMapping<E, K> build() {
            String what = "mapping of " + entityType.getSimpleName();
            if (table == null) {
                throw new IllegalStateException("The " + what + " has no table: call table(name)");
            }
            if (keyNames.isEmpty()) {
                throw new IllegalStateException("The " + what + " has no key column: call key(name, type, getter)");
            }
            if (reader == null) {
                throw new IllegalStateException("The " + what + " has no reader: call reader(row -> new "
                        + entityType.getSimpleName() + "(...))");
            }
            if (conflictTarget != null) {
                Set<String> names = new LinkedHashSet<>();
                columns.forEach(c -> names.add(c.name()));
                for (String name : conflictTarget) {
                    if (!names.contains(name)) {
                        throw new IllegalStateException("Conflict target column '" + name + "' of " + table
                                + " is not a column of the " + what + "; its columns: " + names);
                    }
                }
            }
            return new EntityMapping<>(this);
        }
    }
}
