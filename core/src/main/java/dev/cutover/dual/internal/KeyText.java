package dev.cutover.dual.internal;

import dev.cutover.mapping.EntityMapping;
import dev.cutover.mapping.spi.KeyJson;

/**
 * Keys as outbox text: {@link KeyJson} of the key columns' canonical values. Equal keys give equal text.
 * Thread-safe (stateless).
 */
public final class KeyText {
    private KeyText() {
    }

    public static <K> String encode(EntityMapping<?, K> mapping, K key) {
        return KeyJson.encode(mapping.keyValues(key));
    }

    static <K> K decode(EntityMapping<?, K> mapping, String text) {
        try {
            return mapping.key(KeyJson.decode(text, mapping.keyColumns()));
        } catch (IllegalStateException e) {
            throw new IllegalArgumentException("Outbox key of " + mapping.table() + ": " + e.getMessage(), e);
        }
    }
}
