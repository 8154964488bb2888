package dev.cutover.dual;

import dev.cutover.Backend;
import dev.cutover.status.Backlog;
import dev.cutover.status.ReconcilerStats;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * The background thread that settles the outboxes: for each entry it compares the primary's current row with
 * the secondary's, copies the primary's over when they differ (or deletes the secondary's when the primary
 * has none), and removes the entry once they match. It retries with exponential backoff while a backend
 * fails, and drains what outages and restarts left behind. One daemon thread, stopped by
 * {@link DualWrites#close()} (so by {@code Cutover.close()} once installed).
 *
 * <p>Thread-safe.
 */
public interface Reconciler {

    /** The backlog of each outbox as last measured (at most about a second old while the thread runs). */
    List<Backlog> backlog();

    /** The backlog of each outbox, measured now. */
    List<Backlog> measureBacklog();

    ReconcilerStats stats();

    /**
     * The rows the secondary refuses now, oldest entry first. Their entries stay in the outbox (an entry is removed only
     * once the secondary holds its row) and are retried with a backoff per row, not holding up the others.
     */
    List<RefusedRow> refused();

    /**
     * Entries, per table, that the outboxes hold for tables this dual-write configuration does not know (as last
     * scanned): the reconciler leaves them for a process that knows those tables.
     */
    Map<String, Long> unknownTables();

    /** Asks the thread to run a pass now, without waiting for its poll interval or backoff. */
    void wakeUp();

    /**
     * Hands over entries that another component of this process recorded and committed (change data capture), to be
     * settled at once as this process's own writes are, rather than after the grace period. Beyond the queue's capacity
     * they are left to the outbox scan.
     */
    void settleSoon(Backend primary, Collection<OutboxEntry> entries);

    /**
     * Waits until every outbox is empty, waking the thread meanwhile.
     *
     * @return whether they emptied within {@code timeout}
     */
    boolean awaitEmpty(Duration timeout) throws InterruptedException;

    /**
     * Waits until every entry left in the outboxes is one this reconciler cannot settle now: of a {@link #refused()}
     * row (tried at least once), or of one of the {@link #unknownTables()}. Waking the thread meanwhile.
     *
     * @return whether that happened within {@code timeout}; then the outboxes are empty if nothing was refused or unknown
     */
    boolean awaitSettled(Duration timeout) throws InterruptedException;
}
