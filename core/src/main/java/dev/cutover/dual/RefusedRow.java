package dev.cutover.dual;

import dev.cutover.Backend;
import java.time.Instant;
import java.util.Objects;

/**
 * A row the secondary refuses to take from the primary (a constraint it violates, a value it cannot store): its outbox
 * entries stay, and the reconciler retries it with a backoff of its own while the other rows go on.
 *
 * @param primary     the backend whose outbox holds the entries
 * @param key         the row
 * @param entries     how many of its entries wait
 * @param oldestEntry when the oldest of them was recorded
 * @param reason      why the secondary refused the last attempt: its SQLState and message
 * @param attempts    the attempts refused so far
 * @param nextAttempt when the reconciler tries again (sooner if the row is written again)
 */
public record RefusedRow(Backend primary, OutboxKey key, int entries, Instant oldestEntry, String reason, int attempts,
        Instant nextAttempt) {
    public RefusedRow {
        Objects.requireNonNull(primary, "primary");
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(oldestEntry, "oldestEntry");
        Objects.requireNonNull(reason, "reason");
        Objects.requireNonNull(nextAttempt, "nextAttempt");
    }
}
