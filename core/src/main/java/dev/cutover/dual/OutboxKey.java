package dev.cutover.dual;

import dev.cutover.dual.internal.KeyText;
import dev.cutover.mapping.EntityMapping;
import java.util.Objects;

/**
 * One written row, as the outbox stores it.
 *
 * @param table the mapping's table, in the target schema's names
 * @param key   the key's column values as a JSON array, in key order: {@code [42]}, {@code [7,"2026-01-01"]}
 */
public record OutboxKey(String table, String key) {
    public OutboxKey {
        Objects.requireNonNull(table, "table");
        Objects.requireNonNull(key, "key");
    }

    /**
     * The entry of one row of {@code mapping}, its key encoded exactly as dual-write encodes the keys it records and as the
     * reconciler decodes them: for a tool that queues rows for the reconciler itself (verify's repair), so that equal
     * keys give equal text whoever recorded them.
     *
     * @throws IllegalArgumentException if {@code key} does not fit the mapping's key columns
     */
    public static <K> OutboxKey of(EntityMapping<?, K> mapping, K key) {
        Objects.requireNonNull(mapping, "mapping");
        Objects.requireNonNull(key, "key");
        return new OutboxKey(mapping.table(), KeyText.encode(mapping, key));
    }
}
