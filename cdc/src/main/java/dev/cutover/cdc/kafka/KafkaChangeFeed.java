package dev.cutover.cdc.kafka;

import dev.cutover.cdc.ChangeFeed;
import dev.cutover.cdc.kafka.internal.KafkaFeedLoop;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;
import org.apache.kafka.clients.consumer.ConsumerConfig;

/**
 * A {@link ChangeFeed} that reads the topics Debezium on Kafka Connect writes, for teams that already run Kafka Connect:
 * the same sink as the embedded engine, fed by a Kafka consumer instead. Keys and values must be written with Connect's
 * {@code JsonConverter} (schemas on or off). Kafka offsets are committed only after {@link Sink#accept} returned, so
 * delivery is at least once; the consumer group's committed offsets are the feed's position (auto commit is refused).
 *
 * <pre>{@code
 * ChangeFeed feed = KafkaChangeFeed.builder("broker-1:9092", "cutover-cdc")
 *         .topicPattern("legacy\\.shop\\..*")   // Debezium's topic.prefix "legacy", database "shop"
 *         .build();
 * }</pre>
 *
 * Thread-safe: {@link #start}, {@link #close}, {@link #failure} and {@link #progress} may be called from any thread;
 * the consumer itself only ever runs on the feed's thread.
 */
public interface KafkaChangeFeed extends ChangeFeed {

    /** Where the feed is, as of its last poll. Never blocks. */
    KafkaFeedProgress progress();

    /**
     * A builder for a feed reading from {@code bootstrapServers} in consumer group {@code groupId}: the group's committed
     * offsets are where the feed resumes.
     */
    static Builder builder(String bootstrapServers, String groupId) {
        return new Builder(bootstrapServers, groupId);
    }

    /** Immutable once built; validated as it goes, each refusal quoting the value. */
    final class Builder {
        private final Map<String, Object> consumer = new LinkedHashMap<>();
        private List<String> topics = List.of();
        private Pattern topicPattern;
        private Duration pollTimeout = Duration.ofMillis(500);

        private Builder(String bootstrapServers, String groupId) {
            require(bootstrapServers, "bootstrapServers");
            require(groupId, "groupId");
            consumer.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
            consumer.put(ConsumerConfig.GROUP_ID_CONFIG, groupId);
            // a group new to the topics reads them from the start: more keys copied again, none missed
            consumer.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
            // Connect's exactly-once source tasks write in transactions: never read what they aborted
            consumer.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        }

        /** The topics to read: Debezium's table topics ({@code prefix.database.table}) and its schema change topic. */
        public Builder topics(List<String> topics) {
            if (topics.isEmpty() || topics.stream().anyMatch(t -> t == null || t.isBlank())) {
                throw new IllegalArgumentException("topics must name at least one topic, none blank: " + topics);
            }
            this.topics = List.copyOf(topics);
            this.topicPattern = null;
            return this;
        }

        /** The topics to read, by regular expression (topics created later join the subscription). */
        public Builder topicPattern(String regex) {
            require(regex, "topicPattern");
            this.topicPattern = Pattern.compile(regex);
            this.topics = List.of();
            return this;
        }

        /** How long one poll waits for records; also how soon {@link #close} is seen. Default 500 ms. */
        public Builder pollTimeout(Duration timeout) {
            if (timeout.isNegative() || timeout.isZero() || timeout.compareTo(Duration.ofMinutes(1)) > 0) {
                throw new IllegalArgumentException("pollTimeout must be above zero and at most 1 minute: " + timeout);
            }
            this.pollTimeout = timeout;
            return this;
        }

        /**
         * A Kafka consumer property (security, {@code max.poll.records}, {@code auto.offset.reset}, ...). The feed sets
         * its own deserializers and commits by itself: {@code enable.auto.commit=true} and other deserializers are
         * refused.
         */
        public Builder consumerProperty(String name, Object value) {
            require(name, "a consumer property's name");
            Objects.requireNonNull(value, () -> "the value of consumer property " + name);
            if (name.equals(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG) && !"false".equals(String.valueOf(value))) {
                throw new IllegalArgumentException("enable.auto.commit=" + value + " would commit offsets before the "
                        + "changes are in the outbox; the feed commits them itself after each batch (leave it unset)");
            }
            if (name.equals(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG)
                    || name.equals(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG)) {
                throw new IllegalArgumentException(name + "=" + value + " is not needed: the feed reads Debezium's JSON "
                        + "itself (leave it unset)");
            }
            consumer.put(name, value);
            return this;
        }

        public KafkaChangeFeed build() {
            if (topics.isEmpty() && topicPattern == null) {
                throw new IllegalStateException("the feed needs topics(...) or topicPattern(...): Debezium's table topics "
                        + "(prefix.database.table) and its schema change topic");
            }
            return new KafkaFeedLoop(Map.copyOf(consumer), topics, Optional.ofNullable(topicPattern), pollTimeout);
        }

        private static void require(String value, String what) {
            if (value == null || value.isBlank()) {
                throw new IllegalArgumentException(what + " must not be blank: " + (value == null ? "null" : "'" + value + "'"));
            }
        }
    }
}
