package dev.cutover.verify.internal;

/**
 * A row read from one side, with its key and the key's column values: its entity, or ({@code entity} null) why
 * the side cannot read it.
 */
record Keyed<E, K>(E entity, K key, Object[] keyValues, Unreadable unreadable) {

    Keyed(E entity, K key, Object[] keyValues) {
        this(entity, key, keyValues, null);
    }
}
