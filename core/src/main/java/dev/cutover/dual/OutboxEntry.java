package dev.cutover.dual;

import java.time.Instant;
import java.util.Objects;

/**
 * A recorded write waiting until the secondary backend has its row.
 *
 * @param id        unique within its outbox, increasing in the order entries were recorded
 * @param key       the row
 * @param createdAt when it was recorded, by the dual-write clock
 */
public record OutboxEntry(long id, OutboxKey key, Instant createdAt) {
    public OutboxEntry {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(createdAt, "createdAt");
    }
}
