package dev.cutover.verify.internal;

import dev.cutover.Backend;
import dev.cutover.legacy.spi.LegacyRangeReader;
import dev.cutover.mapping.EntityMapping;
import dev.cutover.mapping.InvalidValueException;
import dev.cutover.store.EntityStore;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

/**
 * One side of a verification: its store, its checksums if it can compute them, and how many rows were read
 * from it. Reads are counted here so that the report says what the checksums saved. A page holding a row the
 * store cannot read is read again by its keys alone (when the side has a {@link KeyReader}) and bisected down
 * to that row, which is then handed over as {@link Unreadable} with its key instead of failing the run.
 * Thread-safe.
 */
final class Side<E, K> {
    final Backend backend;
    final String table;
    final EntityStore<E, K> store;
    final AtomicLong rowsRead = new AtomicLong();
    private final KeyReader keys;

    /** Reads the keys of a page alone (no other column, so no value that could fail), in the store's key order. */
    @FunctionalInterface
    interface KeyReader {
        List<Object[]> keys(Object[] after, int limit);
    }

    /** A page: its rows (readable or not) in key order, and how many keys the side listed for it. */
    record Page<E, K>(List<Keyed<E, K>> rows, int listed) {
    }

    /** @param keys reads a page's keys alone, or {@code null}: a row the store cannot read fails the run */
    Side(Backend backend, String table, EntityStore<E, K> store, KeyReader keys) {
        this.backend = backend;
        this.table = table;
        this.store = store;
        this.keys = keys;
    }

    /** The keys of a legacy-backend table (legacy, or PostgreSQL read by the legacy backend), its reader made when first needed. */
    static KeyReader keysOf(Supplier<LegacyRangeReader> create) {
        return new KeyReader() {
            private LegacyRangeReader reader;

            @Override
            public List<Object[]> keys(Object[] after, int limit) {
                LegacyRangeReader r;
                synchronized (this) {
                    if (reader == null) {
                        reader = create.get();
                    }
                    r = reader;
                }
                List<Object[]> keys = new ArrayList<>();
                r.keys(after, limit, Math.min(limit, 10_000), keys::add);
                return keys;
            }
        };
    }

    EntityMapping<E, K> mapping() {
        return store.mapping();
    }

    /**
     * Up to {@code limit} rows after {@code after}, in key order, each with its key; checked to be in key order.
     * Rows the store cannot read come as {@link Keyed#unreadable()} if this side can read keys alone.
     */
    Page<E, K> page(K after, Object[] afterValues, int limit) {
        List<Keyed<E, K>> page;
        int listed;
        try {
            if (after == null && afterValues != null) {
                // The previous page ended on a key the mapping's types cannot hold: only the key reader goes on from it.
                throw new InvalidValueException(table, null, "the page after key " + Keys.describe(mapping(), afterValues)
                        + " is read by its keys");
            }
            List<E> entities = store.scan(after, limit);
            rowsRead.addAndGet(entities.size());
            page = new ArrayList<>(entities.size());
            for (E entity : entities) {
                K key = mapping().keyOf(entity);
                page.add(new Keyed<>(entity, key, mapping().keyValues(key)));
            }
            listed = page.size();
        } catch (RuntimeException e) {
            if (keys == null || !isRowProblem(e)) {
                throw e;
            }
            List<Object[]> pageKeys = keys.keys(afterValues, limit);
            TreeMap<Object[], Keyed<E, K>> read = new TreeMap<>(KeyOrder.INSTANCE);
            isolate(pageKeys, read);
            page = new ArrayList<>(read.size());
            for (Object[] key : pageKeys) {
                Keyed<E, K> row = read.get(key);
                if (row != null) { // null: deleted since its key was read
                    page.add(row);
                }
            }
            listed = pageKeys.size();
        }
        checkOrder(page, afterValues);
        return new Page<>(page, listed);
    }

    /** Reads the rows of {@code pageKeys}, halving the keys of a read that fails for a row down to that row. */
    private void isolate(List<Object[]> pageKeys, TreeMap<Object[], Keyed<E, K>> read) {
        EntityMapping<E, K> mapping = mapping();
        List<Object[]> typed = new ArrayList<>(pageKeys.size());
        for (Object[] values : pageKeys) {
            int raw = rawColumn(values);
            if (raw < 0) {
                typed.add(values);
            } else { // a key the mapping's type cannot hold, as the database shows it: no store can read its row
                read.put(values, new Keyed<>(null, null, values, new Unreadable(backend, mapping.keyColumns().get(raw)
                        .name(), "its key " + mapping.keyColumns().get(raw).name() + " holds " + values[raw]
                        + ", which " + mapping.keyColumns().get(raw).type() + " cannot hold; the backfill quarantines "
                        + "this row")));
            }
        }
        if (typed.size() < pageKeys.size()) {
            if (!typed.isEmpty()) {
                isolate(typed, read);
            }
            return;
        }
        try {
            List<E> entities = store.findByKeys(pageKeys.stream().map(mapping::key).toList());
            rowsRead.addAndGet(entities.size());
            for (E entity : entities) {
                K key = mapping.keyOf(entity);
                Object[] values = mapping.keyValues(key);
                read.put(values, new Keyed<>(entity, key, values));
            }
        } catch (RuntimeException e) {
            if (!isRowProblem(e)) {
                throw e;
            }
            if (pageKeys.size() == 1) {
                Object[] values = pageKeys.get(0);
                read.put(values, new Keyed<>(null, mapping.key(values), values, unreadable(e)));
                return;
            }
            int half = pageKeys.size() / 2;
            isolate(pageKeys.subList(0, half), read);
            isolate(pageKeys.subList(half, pageKeys.size()), read);
        }
    }

    /** The first key column whose value is not of its mapping type (a raw legacy value), or -1. */
    private int rawColumn(Object[] values) {
        for (int i = 0; i < values.length; i++) {
            if (values[i] != null && !mapping().keyColumns().get(i).type().javaType().isInstance(values[i])) {
                return i;
            }
        }
        return -1;
    }

    private void checkOrder(List<Keyed<E, K>> page, Object[] afterValues) {
        Object[] previous = afterValues;
        for (Keyed<E, K> row : page) {
            if (previous != null && KeyOrder.INSTANCE.compare(previous, row.keyValues()) >= 0) {
                throw new IllegalStateException(backend + " table " + table + " listed key "
                        + Keys.describe(mapping(), row.keyValues()) + " after key " + Keys.describe(mapping(), previous)
                        + ": its scan does not follow the order of the key's values, so rows cannot be matched by key"
                        + " order; text keys need a binary (\"C\") collation on both sides");
            }
            previous = row.keyValues();
        }
    }

    /**
     * Whether a read failed for a value of one row (a value that does not fit its column, SQLState class 22 "data
     * exception") rather than for the database or the session (connection, permission, timeout).
     */
    static boolean isRowProblem(Throwable failure) {
        if (invalidValue(failure) != null) {
            return true;
        }
        for (Throwable e = failure; e != null; e = e.getCause()) {
            if (e instanceof SQLException sql && sql.getSQLState() != null && sql.getSQLState().startsWith("22")) {
                return true;
            }
        }
        return false;
    }

    private Unreadable unreadable(RuntimeException failure) {
        InvalidValueException invalid = invalidValue(failure);
        if (invalid != null) {
            return new Unreadable(backend, invalid.column(), invalid.getMessage());
        }
        return new Unreadable(backend, null, failure.getMessage() == null ? failure.toString() : failure.getMessage());
    }

    /** The value that did not fit its column, in the cause chain of a failed read, or {@code null}. */
    private static InvalidValueException invalidValue(Throwable failure) {
        for (Throwable e = failure; e != null; e = e.getCause()) {
            if (e instanceof InvalidValueException invalid) {
                return invalid;
            }
        }
        return null;
    }

    /** The rows with these keys, for a re-check. */
    List<E> find(Collection<K> keys) {
        return store.findByKeys(keys);
    }

    @Override
    public String toString() {
        return backend + " " + table;
    }
}
