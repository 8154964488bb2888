package dev.cutover.verify.internal;

import dev.cutover.Backend;
import dev.cutover.DataAccessException;
import dev.cutover.legacy.LegacyStore;
import dev.cutover.mapping.EntityMapping;
import dev.cutover.store.EntityStore;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The PostgreSQL side's rows for verification, read by a plain-JDBC store over the PostgreSQL table; failures are
 * reported as the PostgreSQL side's, under the application's store's name. Read-only: verification never writes.
 * Thread-safe.
 */
final class PostgresRows<E, K> implements EntityStore<E, K> {
    private final LegacyStore<E, K> reader;
    private final EntityStore<E, K> store;

    PostgresRows(LegacyStore<E, K> reader, EntityStore<E, K> store) {
        this.reader = reader;
        this.store = store;
    }

    /** The plain-JDBC store that reads the rows. */
    LegacyStore<E, K> reader() {
        return reader;
    }

    @Override
    public EntityMapping<E, K> mapping() {
        return store.mapping();
    }

    @Override
    public Optional<E> findByKey(K key) {
        return read("findByKey", () -> reader.findByKey(key));
    }

    @Override
    public List<E> findByKeys(Collection<K> keys) {
        return read("findByKeys", () -> reader.findByKeys(keys));
    }

    @Override
    public List<E> scan(K afterKey, int limit) {
        return read("scan", () -> reader.scan(afterKey, limit));
    }

    @Override
    public int upsertAll(Collection<? extends E> entities) {
        throw new UnsupportedOperationException("Verification reads PostgreSQL, it never writes to it");
    }

    @Override
    public int deleteByKeys(Collection<K> keys) {
        throw new UnsupportedOperationException("Verification reads PostgreSQL, it never writes to it");
    }

    @Override
    public long count() {
        return store.count();
    }

    private <T> T read(String operation, Supplier<T> work) {
        try {
            return work.get();
        } catch (DataAccessException e) {
            Throwable cause = e.getCause() != null ? e.getCause() : e;
            throw new DataAccessException(Backend.POSTGRES, operation + " on " + store + " failed: " + cause.getMessage(),
                    cause);
        }
    }

    @Override
    public String toString() {
        return store.toString();
    }
}
