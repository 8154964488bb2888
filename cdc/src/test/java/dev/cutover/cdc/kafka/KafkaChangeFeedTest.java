package dev.cutover.cdc.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cutover.cdc.ChangeFeedException;
import dev.cutover.cdc.RowChange;
import dev.cutover.testsupport.Await;
import java.io.IOException;
import java.io.InputStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.test.KafkaClusterTestKit;
import org.apache.kafka.common.test.TestKitNodes;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The Kafka adapter against a real KRaft broker (Kafka's own test kit, in this JVM), fed the envelopes Debezium's MariaDB
 * connector wrote through Connect's JsonConverter ({@link DebeziumEnvelopeRecorder} recorded them from a real MariaDB
 * binlog): what arrives at the sink, and that offsets are committed only after the sink returned.
 */
@Tag("soak") // the broker takes 5 s to start on a quiet machine, up to 30 s under load; CI's second pass runs it
class KafkaChangeFeedTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static KafkaClusterTestKit cluster;
    private static Admin admin;

    @BeforeAll
    static void startBroker() throws Exception {
        cluster = new KafkaClusterTestKit.Builder(new TestKitNodes.Builder()
                .setCombined(true).setNumBrokerNodes(1).setNumControllerNodes(1).build())
                // one broker: the internal topics cannot have the default three replicas
                .setConfigProp("offsets.topic.replication.factor", "1")
                .setConfigProp("offsets.topic.num.partitions", "1")
                .setConfigProp("transaction.state.log.replication.factor", "1")
                .setConfigProp("transaction.state.log.min.isr", "1")
                .setConfigProp("group.initial.rebalance.delay.ms", "0")
                .build();
        cluster.format();
        cluster.startup();
        cluster.waitForReadyBrokers();
        admin = Admin.create(cluster.clientProperties());
    }

    @AfterAll
    static void stopBroker() throws Exception {
        if (admin != null) {
            admin.close();
        }
        if (cluster != null) {
            cluster.close();
        }
    }

    @Test
    void shouldDeliverEveryKeyDebeziumWroteWithSchemasAndCommitOnlyAfterTheSinkReturned() throws Exception {
        String prefix = replay("mariadb-schemas.jsonl", "withschemas");

        // a sink that fails: the feed stops, says why, and commits nothing
        try (KafkaChangeFeed failing = feed(prefix, "g1")) {
            failing.start(batch -> {
                throw new IllegalStateException("outbox unavailable");
            });
            Await.until("the feed stops", Duration.ofSeconds(60), () -> failing.failure().isPresent());
            assertThat(failing.failure().orElseThrow()).isInstanceOf(ChangeFeedException.class)
                    .hasMessageContaining("the sink refused a batch of ")
                    .hasMessageContaining("outbox unavailable. Nothing was committed for it; it is read again when the "
                            + "feed starts again");
        }

        // the same group again: everything comes, the refused batch too, and the group's offsets reach the end
        List<RowChange> received = Collections.synchronizedList(new ArrayList<>());
        try (KafkaChangeFeed feed = feed(prefix, "g1")) {
            feed.start(received::addAll);
            Await.until("every change arrives", Duration.ofSeconds(60), () -> received.size() >= 10);
            Await.until("offsets committed to the end", Duration.ofSeconds(30), () -> committedToEnd("g1", prefix));
            assertThat(feed.failure()).isEmpty();
            Await.until("progress measured", Duration.ofSeconds(10), () -> feed.progress().eventsBehind() == 0);
            assertThat(feed.progress().delivered()).isEqualTo(10);
            assertThat(feed.progress().position()).matches("[\\w-]+-bin\\.000001:\\d+( \\(GTID 0-1-\\d+\\))?");
        }
        assertThat(summaries(received)).containsExactlyInAnyOrderElementsOf(expected());
        RowChange booking = received.stream().filter(c -> c.table().equals("bookings") && c.kind() == RowChange.Kind.ROW)
                .findFirst().orElseThrow();
        assertThat(booking.keyColumns()).containsExactly("company_id", "booking_id");
        assertThat(booking.keyAfter()).containsExactly(7, new BigDecimal("18446744073709551615"));
    }

    @Test
    void shouldReadSchemalessEnvelopesAlike() throws Exception {
        String prefix = replay("mariadb-schemaless.jsonl", "schemaless");
        List<RowChange> received = Collections.synchronizedList(new ArrayList<>());
        try (KafkaChangeFeed feed = feed(prefix, "g2")) {
            feed.start(received::addAll);
            Await.until("every change arrives", Duration.ofSeconds(60), () -> received.size() >= 10);
            Await.until("offsets committed to the end", Duration.ofSeconds(30), () -> committedToEnd("g2", prefix));
        }
        assertThat(summaries(received)).containsExactlyInAnyOrderElementsOf(expected());
    }

    /** The snapshot's DDL events (Debezium recording the schema) give nothing; the ALTER streamed later does. */
    private static List<String> expected() {
        return List.of(
                "ROW shop.clients [] -> [1]", // op r, from the snapshot
                "ROW shop.clients [] -> [2]",
                "ROW shop.clients [2] -> [2]",
                "ROW shop.clients [1] -> []",
                "ROW shop.clients [2] -> []", // the key change: the delete under the old key ...
                "ROW shop.clients [] -> [3]", // ... and the create under the new one
                "ROW shop.bookings [] -> [7, 18446744073709551615]",
                "TRUNCATE shop.bookings [] -> []",
                "SCHEMA_CHANGE shop.clients [] -> [] ALTER TABLE shop.clients ADD COLUMN email VARCHAR(80)",
                "ROW shop.clients [] -> [4]");
    }

    private static List<String> summaries(List<RowChange> changes) {
        return changes.stream().map(c -> c.kind() + " " + c.qualifiedTable() + " " + c.keyBefore() + " -> " + c.keyAfter()
                + (c.ddl().isEmpty() ? "" : " " + c.ddl())).collect(Collectors.toList());
    }

    private static KafkaChangeFeed feed(String prefix, String group) {
        return KafkaChangeFeed.builder(cluster.bootstrapServers(), group)
                .topicPattern(prefix.replace(".", "\\.") + "legacy.*")
                .pollTimeout(Duration.ofMillis(200))
                .build();
    }

    /** Creates the recording's topics under {@code prefix} (two partitions each) and produces its records into them. */
    private static String replay(String recording, String name) throws Exception {
        String prefix = name + ".";
        List<JsonNode> lines = new ArrayList<>();
        try (InputStream in = KafkaChangeFeedTest.class.getResourceAsStream("/debezium/" + recording)) {
            if (in == null) {
                throw new IOException("no recording /debezium/" + recording + " on the class path");
            }
            for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
                lines.add(JSON.readTree(line));
            }
        }
        Set<String> topics = lines.stream().map(l -> prefix + l.get("topic").asText()).collect(Collectors.toSet());
        admin.createTopics(topics.stream().map(t -> new NewTopic(t, 2, (short) 1)).toList()).all().get();
        Map<String, Object> config = Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, cluster.bootstrapServers(),
                ProducerConfig.ACKS_CONFIG, "all");
        try (KafkaProducer<byte[], byte[]> producer =
                new KafkaProducer<>(config, new ByteArraySerializer(), new ByteArraySerializer())) {
            for (JsonNode line : lines) {
                ProducerRecord<byte[], byte[]> record = new ProducerRecord<>(prefix + line.get("topic").asText(),
                        bytes(line.get("key")), bytes(line.get("value")));
                line.get("headers").properties().forEach(h -> record.headers().add(h.getKey(), bytes(h.getValue())));
                producer.send(record).get();
            }
        }
        return prefix;
    }

    private static byte[] bytes(JsonNode text) {
        return text == null || text.isNull() ? null : text.asText().getBytes(StandardCharsets.UTF_8);
    }

    private static boolean committedToEnd(String group, String prefix) {
        try {
            Map<TopicPartition, OffsetAndMetadata> committed =
                    admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata().get();
            Set<String> topics = admin.listTopics().names().get().stream().filter(t -> t.startsWith(prefix))
                    .collect(Collectors.toSet());
            Map<TopicPartition, OffsetSpec> latest = admin.describeTopics(topics).allTopicNames().get().values().stream()
                    .flatMap(d -> d.partitions().stream().map(p -> new TopicPartition(d.name(), p.partition())))
                    .collect(Collectors.toMap(tp -> tp, tp -> OffsetSpec.latest()));
            return admin.listOffsets(latest).all().get().entrySet().stream().allMatch(e -> e.getValue().offset() == 0
                    || (committed.get(e.getKey()) != null && committed.get(e.getKey()).offset() == e.getValue().offset()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        } catch (ExecutionException e) {
            return false;
        }
    }
}
