package dev.cutover.verify.internal;

/** An entity read from one side, with its key and the key's column values. */
record Keyed<E, K>(E entity, K key, Object[] keyValues) {
}
