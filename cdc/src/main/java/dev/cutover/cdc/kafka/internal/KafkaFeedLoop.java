package dev.cutover.cdc.kafka.internal;

import dev.cutover.cdc.ChangeFeedException;
import dev.cutover.cdc.RowChange;
import dev.cutover.cdc.kafka.KafkaChangeFeed;
import dev.cutover.cdc.kafka.KafkaFeedProgress;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Pattern;
import org.apache.kafka.clients.consumer.CloseOptions;
import org.apache.kafka.clients.consumer.CommitFailedException;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Kafka feed's thread: poll, read the records into changes, hand them to the sink, then commit the offsets past
 * them. A failure (an unreadable record, the sink throwing, Kafka refusing) stops the loop with nothing committed for
 * the batch, and {@link #failure()} says why.
 */
public final class KafkaFeedLoop implements KafkaChangeFeed {
    private static final Logger log = LoggerFactory.getLogger(KafkaFeedLoop.class);

    private final Map<String, Object> properties;
    private final List<String> topics;
    private final Optional<Pattern> topicPattern;
    private final Duration pollTimeout;
    private final Clock clock = Clock.systemUTC();
    private final AtomicBoolean started = new AtomicBoolean();
    private volatile boolean closing;
    private volatile Consumer<byte[], byte[]> consumer;
    private volatile Thread thread;
    private volatile ChangeFeedException failure;
    private volatile KafkaFeedProgress progress;

    public KafkaFeedLoop(Map<String, Object> properties, List<String> topics, Optional<Pattern> topicPattern,
            Duration pollTimeout) {
        this.properties = properties;
        this.topics = topics;
        this.topicPattern = topicPattern;
        this.pollTimeout = pollTimeout;
        this.progress = KafkaFeedProgress.notStarted(clock.instant());
    }

    @Override
    public void start(Sink sink) {
        if (!started.compareAndSet(false, true)) {
            throw new IllegalStateException("this Kafka change feed was started before; a feed starts once");
        }
        Map<String, Object> config = new HashMap<>(properties);
        config.put("enable.auto.commit", "false");
        consumer = new KafkaConsumer<>(config, new ByteArrayDeserializer(), new ByteArrayDeserializer());
        Thread t = new Thread(() -> run(sink), "cutover-cdc-kafka");
        t.setDaemon(true);
        thread = t;
        t.start();
    }

    private void run(Sink sink) {
        Consumer<byte[], byte[]> c = consumer;
        DebeziumEnvelopes envelopes = new DebeziumEnvelopes();
        long delivered = 0;
        String position = "";
        Instant lastCommittedAt = null;
        try {
            if (topicPattern.isPresent()) {
                c.subscribe(topicPattern.get());
            } else {
                c.subscribe(topics);
            }
            while (!closing) {
                ConsumerRecords<byte[], byte[]> records = c.poll(pollTimeout);
                List<RowChange> batch = new ArrayList<>(records.count());
                Map<TopicPartition, OffsetAndMetadata> next = new HashMap<>();
                for (ConsumerRecord<byte[], byte[]> record : records) {
                    String where = record.topic() + "-" + record.partition() + "@" + record.offset();
                    batch.addAll(envelopes.read(record.topic(), record.key(), record.value(), where));
                    next.put(new TopicPartition(record.topic(), record.partition()), new OffsetAndMetadata(record.offset() + 1));
                }
                if (!batch.isEmpty()) {
                    try {
                        sink.accept(batch);
                    } catch (RuntimeException e) {
                        throw new ChangeFeedException("the sink refused a batch of " + batch.size() + " changes (from "
                                + batch.get(0).position() + "): " + e.getMessage() + ". Nothing was committed for it; it "
                                + "is read again when the feed starts again", e);
                    }
                    delivered += batch.size();
                    RowChange last = batch.get(batch.size() - 1);
                    position = last.position();
                    lastCommittedAt = last.committedAt();
                }
                if (!next.isEmpty()) {
                    commit(c, next);
                }
                progress = new KafkaFeedProgress(position, lastCommittedAt, eventsBehind(c), c.assignment().size(), delivered,
                        clock.instant());
            }
        } catch (WakeupException e) {
            if (!closing) {
                failure = new ChangeFeedException("the Kafka change feed was woken up while not closing", e);
            }
        } catch (ChangeFeedException e) {
            failure = e;
        } catch (RuntimeException e) {
            failure = new ChangeFeedException("the Kafka change feed stopped: " + e.getMessage(), e);
        } finally {
            if (failure != null) {
                log.error("Kafka change feed stopped: {}", failure.getMessage());
            }
            c.close(CloseOptions.timeout(Duration.ofSeconds(5)));
        }
    }

    /** A rebalance that took the partitions away after the batch was accepted: the new owner reads it again. Harmless. */
    private static void commit(Consumer<byte[], byte[]> c, Map<TopicPartition, OffsetAndMetadata> next) {
        try {
            c.commitSync(next);
        } catch (CommitFailedException e) {
            log.warn("Kafka change feed: offsets not committed after a rebalance ({}); those changes are delivered again",
                    e.getMessage());
        }
    }

    private static long eventsBehind(Consumer<byte[], byte[]> c) {
        Set<TopicPartition> assignment = c.assignment();
        long behind = 0;
        for (TopicPartition partition : assignment) {
            OptionalLong lag = c.currentLag(partition);
            if (lag.isEmpty()) {
                return -1;
            }
            behind += lag.getAsLong();
        }
        return behind;
    }

    @Override
    public KafkaFeedProgress progress() {
        return progress;
    }

    @Override
    public Optional<ChangeFeedException> failure() {
        return Optional.ofNullable(failure);
    }

    @Override
    public void close() {
        closing = true;
        Consumer<byte[], byte[]> c = consumer;
        Thread t = thread;
        if (c == null || t == null) {
            return;
        }
        c.wakeup();
        if (t != Thread.currentThread()) {
            try {
                t.join(Duration.ofSeconds(30).toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
