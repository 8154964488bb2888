package dev.cutover.verify.internal;

import dev.cutover.Backend;
import dev.cutover.mapping.EntityMapping;
import dev.cutover.store.EntityStore;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One side of a verification: its store, its checksums if it can compute them, and how many rows were read
 * from it. Reads are counted here so that the report says what the checksums saved. Thread-safe.
 */
final class Side<E, K> {
    final Backend backend;
    final String table;
    final EntityStore<E, K> store;
    final AtomicLong rowsRead = new AtomicLong();

    Side(Backend backend, String table, EntityStore<E, K> store) {
        this.backend = backend;
        this.table = table;
        this.store = store;
    }

    EntityMapping<E, K> mapping() {
        return store.mapping();
    }

    /** Up to {@code limit} rows after {@code after}, in key order, each with its key; checked to be in key order. */
    List<Keyed<E, K>> page(K after, Object[] afterValues, int limit) {
        List<E> entities = store.scan(after, limit);
        rowsRead.addAndGet(entities.size());
        List<Keyed<E, K>> page = new ArrayList<>(entities.size());
        Object[] previous = afterValues;
        EntityMapping<E, K> mapping = mapping();
        for (E entity : entities) {
            K key = mapping.keyOf(entity);
            Object[] values = mapping.keyValues(key);
            if (previous != null && KeyOrder.INSTANCE.compare(previous, values) >= 0) {
                throw new IllegalStateException(backend + " table " + table + " listed key " + Keys.describe(mapping, values)
                        + " after key " + Keys.describe(mapping, previous) + ": its scan does not follow the order of the"
                        + " key's values, so rows cannot be matched by key order; text keys need a binary (\"C\") "
                        + "collation on both sides");
            }
            page.add(new Keyed<>(entity, key, values));
            previous = values;
        }
        return page;
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
