package dev.cutover.store;

import dev.cutover.mapping.EntityMapping;
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
}
