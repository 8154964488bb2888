package dev.cutover.store;

import dev.cutover.mapping.EntityMapping;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

/**
 * The generic store each backend gives for an {@link EntityMapping}: the operations that backfill,
 * verify, dual-write repair and simple repositories need. Calls join the current unit of work when
 * there is one; otherwise each call is its own transaction.
 *
 * <p>Implementations are thread-safe.
 *
 * @param <E> the entity type
 * @param <K> the key type
 */
public interface EntityStore<E, K> {

    EntityMapping<E, K> mapping();

    Optional<E> findByKey(K key);

    /** The entities with these keys, in key order; keys with no row are left out. */
    List<E> findByKeys(Collection<K> keys);

    /**
     * Keyset pagination: up to {@code limit} entities whose key is greater than {@code afterKey}
     * ({@code null}: from the first), in key order. Never uses OFFSET.
     */
    List<E> scan(K afterKey, int limit);

    /**
     * Inserts or updates each entity, matching on the mapping's conflict target, in one transaction.
     *
     * @return how many entities were written
     * @throws dev.cutover.mapping.InvalidValueException before anything is written, if any value is bad
     */
    int upsertAll(Collection<? extends E> entities);

    /** Deletes the rows with these keys; returns how many existed. */
    int deleteByKeys(Collection<K> keys);

    long count();

    /**
     * Waits, up to {@code timeout}, until no other transaction is writing this table, and holds other transactions'
     * writes of it back until the current unit of work ends. Dual-write's repair takes it before it inserts rows this
     * side lacks: on PostgreSQL an application's {@code DELETE} or {@code UPDATE} of such a row neither sees nor waits
     * for the uncommitted insert, so without it a write made meanwhile could miss the row and the older copy would
     * stand. Reads are not held back, nor are inserts of other tables checking a foreign key to this one.
     *
     * <p>By default it does nothing: right for a database whose writes of a key already wait on an uncommitted insert
     * of that key (InnoDB, whose {@code DELETE} and {@code UPDATE} are locking reads).
     *
     * @throws IllegalStateException from a store that locks, outside a unit of work, where the lock would end with its
     *         statement
     * @throws dev.cutover.DataAccessException if another transaction still writes the table after {@code timeout}
     *         (SQLState 55P03, which dual-write's reconciler treats as a reason to retry later)
     */
    default void lockAgainstWriters(Duration timeout) {
    }
}
