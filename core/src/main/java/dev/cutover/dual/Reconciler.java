package dev.cutover.dual;

import java.time.Duration;
import java.util.List;

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

    /** Asks the thread to run a pass now, without waiting for its poll interval or backoff. */
    void wakeUp();

    /**
     * Waits until every outbox is empty, waking the thread meanwhile.
     *
     * @return whether they emptied within {@code timeout}
     */
    boolean awaitEmpty(Duration timeout) throws InterruptedException;
}
