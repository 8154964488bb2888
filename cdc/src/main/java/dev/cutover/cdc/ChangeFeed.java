package dev.cutover.cdc;

import java.util.List;
import java.util.Optional;

/**
 * A source of row changes from the legacy database's log. Two adapters: Debezium's embedded engine in this process
 * ({@code dev.cutover.cdc.debezium}), and a Kafka consumer of the topics Debezium on Kafka Connect writes. Delivery is
 * at least once: a feed commits its position only after {@link Sink#accept} returned, so a change may come again after
 * a restart, never go missing. Batches arrive one at a time, in log order, on the feed's own thread.
 */
public interface ChangeFeed extends AutoCloseable {

    /** Where the changes go: the outbox, in the end. */
    @FunctionalInterface
    interface Sink {
        /**
         * Makes the batch durable (or throws, and the feed stops without committing its position: the batch comes
         * again on the next start). Never called with an empty batch.
         */
        void accept(List<RowChange> batch);
    }

    /**
     * Checks what it can at once (the legacy database's settings, the stored position), then delivers batches to
     * {@code sink} on the feed's own thread. Returns once the feed follows the log: every change committed after it
     * returned is delivered (a backfill started then misses nothing). A feed starts once.
     *
     * @throws ChangeFeedException if it cannot start (a start-up check failed, the stored position is lost), naming
     *         the fix
     * @throws IllegalStateException if it was started before
     */
    void start(Sink sink);

    /**
     * Why the feed stopped on its own, if it did: the sink threw, the legacy database refused, or the stored position no
     * longer exists in the log ({@link ChangeFeedException} names the fix). Empty while it runs and after
     * {@link #close()} stopped it.
     */
    Optional<ChangeFeedException> failure();

    /** Stops the feed and releases what it holds; what was accepted stays committed. Idempotent. */
    @Override
    void close();
}
