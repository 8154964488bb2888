package dev.cutover.cdc;

import java.util.List;

/**
 * A source of row changes from the legacy database's log. Two adapters: Debezium's embedded engine in this process,
 * and a Kafka consumer of the topics Debezium on Kafka Connect writes. Delivery is at least once: a feed commits its
 * position only after {@link Sink#accept} returned, so a change may come again after a restart, never go missing.
 */
public interface ChangeFeed extends AutoCloseable {

    /** Where the changes go: the outbox, in the end. */
    @FunctionalInterface
    interface Sink {
        /** Makes the batch durable (or throws, and the feed stops without committing its position). */
        void accept(List<RowChange> batch);
    }

    /** Starts delivering batches to {@code sink} on the feed's own thread; returns at once. */
    void start(Sink sink);

    /** Stops the feed and releases what it holds. Idempotent. */
    @Override
    void close();
}
