package dev.cutover.dual;

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
}
