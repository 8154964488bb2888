package dev.cutover.cdc.debezium;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cutover.cdc.ChangeFeed;
import dev.cutover.cdc.PositionLostException;
import dev.cutover.cdc.RowChange;
import dev.cutover.testkit.TestDatabase;
import dev.cutover.testkit.TestMariaDb;
import dev.cutover.testsupport.Await;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The feed on a MariaDB started with its binlog on (one server for the class), positions in the test PostgreSQL. */
class MariaDbFeedTest {
    private static final String PASSWORD = "legacy-secret-4k";
    private static final Duration WAIT = Duration.ofSeconds(60);

    private static dev.cutover.testkit.OwnServer<TestMariaDb> server;
    private static TestDatabase legacy;
    private static Positions positions;

    @BeforeAll
    static void start() {
        server = TestMariaDb.startOwn("--log-bin", "--binlog-format=ROW", "--server-id=1");
        legacy = server.server().createDatabase("cdc_feed");
        server.server().execute("CREATE USER 'cdc'@'127.0.0.1' IDENTIFIED BY '" + PASSWORD + "'");
        server.server().execute("GRANT SELECT, REPLICATION SLAVE, BINLOG MONITOR ON *.* TO 'cdc'@'127.0.0.1'");
        legacy.execute("CREATE TABLE clients (id BIGINT UNSIGNED PRIMARY KEY, name VARCHAR(40))",
                "CREATE TABLE events (id INT PRIMARY KEY)",
                "CREATE TABLE notes (id INT PRIMARY KEY)",
                "CREATE TABLE codes (code VARCHAR(10) NOT NULL, UNIQUE KEY by_code (code))",
                "CREATE TABLE cutover_outbox (id BIGINT PRIMARY KEY AUTO_INCREMENT, entry VARCHAR(20))");
        positions = Positions.create();
    }

    @AfterAll
    static void stop() {
        if (positions != null) {
            positions.close();
        }
        if (server != null) {
            server.close();
        }
    }

    private static DebeziumFeedConfig.Builder config(String name) {
        return DebeziumFeedConfig.mariaDb().name(name).legacy(legacy.jdbcUrl(), "cdc", PASSWORD)
                .positions(positions.database.jdbcUrl(), positions.role, Positions.PASSWORD);
    }

    @Test
    void shouldDeliverTheKeysOfInsertsUpdatesKeyChangesAndDeletesMadeWithPlainSql() {
        Collected sink = new Collected();
        try (ChangeFeed feed = DebeziumFeed.of(config("keys").build())) {
            feed.start(sink);
            legacy.execute("INSERT INTO clients VALUES (1, 'Ada'), (18446744073709551615, 'Max')",
                    "UPDATE clients SET name = 'Ada L.' WHERE id = 1",
                    "UPDATE clients SET id = 2 WHERE id = 1",
                    "INSERT INTO cutover_outbox (entry) VALUES ('not captured')",
                    "DELETE FROM clients WHERE id = 2");
            List<List<List<Object>>> expected = List.of(
                    List.of(List.of(), List.of(new BigDecimal(1))),
                    List.of(List.of(), List.of(new BigDecimal("18446744073709551615"))),
                    List.of(List.of(new BigDecimal(1)), List.of(new BigDecimal(1))),
                    List.of(List.of(new BigDecimal(1)), List.of(new BigDecimal(2))),
                    List.of(List.of(new BigDecimal(2)), List.of()));
            Await.until("the five changes to clients", WAIT, () -> sink.keys("clients").size() >= expected.size());
            assertThat(sink.keys("clients")).containsSubsequence(expected);
            assertThat(sink.changes).allSatisfy(change -> {
                assertThat(change.schema()).isEqualTo(legacy.name());
                assertThat(change.keyColumns()).containsExactly(change.table().equals("codes") ? "code" : "id");
                assertThat(change.position()).matches(".+-bin\\.\\d{6}:\\d+ gtid=\\d+-\\d+-\\d+");
            });
            assertThat(sink.changes).noneMatch(change -> change.table().startsWith("cutover_"));
            assertThat(feed.failure()).isEmpty();

            legacy.execute("INSERT INTO codes VALUES ('A')", "UPDATE codes SET code = 'B'");
            Await.until("the changes to codes, keyed by their unique key", WAIT, () -> sink.keys("codes").size() >= 2);
            assertThat(sink.keys("codes")).containsExactly(List.of(List.of(), List.of("A")), List.of(List.of("A"), List.of("B")));

            legacy.execute("ALTER TABLE clients ADD COLUMN note INT", "TRUNCATE TABLE clients");
            Await.until("the DDL and the TRUNCATE", WAIT, () -> sink.changes.stream().anyMatch(c -> c.kind() == RowChange.Kind.TRUNCATE
                    || (c.kind() == RowChange.Kind.SCHEMA_CHANGE && c.ddl().toUpperCase().startsWith("TRUNCATE"))));
            assertThat(sink.changes).anySatisfy(change -> {
                assertThat(change.kind()).isEqualTo(RowChange.Kind.SCHEMA_CHANGE);
                assertThat(change.table()).isEqualTo("clients");
                assertThat(change.ddl()).isEqualTo("ALTER TABLE clients ADD COLUMN note INT");
            });
        }
    }

    @Test
    void shouldResumeFromTheStoredPositionAfterStoppingMidStreamWithNothingMissing() {
        Set<Object> delivered = java.util.concurrent.ConcurrentHashMap.newKeySet();
        AtomicInteger batches = new AtomicInteger();
        ChangeFeed.Sink failingSecond = batch -> {
            if (batches.incrementAndGet() == 2) {
                throw new IllegalStateException("the process died here");
            }
            batch.stream().filter(c -> c.kind() == RowChange.Kind.ROW && c.table().equals("events")).forEach(c -> delivered.add(c.keyAfter().get(0)));
        };
        try (ChangeFeed first = DebeziumFeed.of(config("resume").tables("events").build())) {
            first.start(failingSecond);
            for (int id = 1; id <= 40; id++) {
                legacy.execute("INSERT INTO events VALUES (" + id + ")");
            }
            Await.until("the first feed stopped by its sink", WAIT, () -> first.failure().isPresent());
            assertThat(first.failure().get()).hasMessageContaining("the sink refused a batch")
                    .hasMessageContaining("comes again when the feed starts next");
        }
        assertThat(positions.storedOffsets("resume")).isPositive();
        legacy.execute("INSERT INTO events VALUES (41)", "INSERT INTO events VALUES (42)");
        Collected sink = new Collected();
        try (ChangeFeed second = DebeziumFeed.of(config("resume").tables("events").build())) {
            second.start(sink);
            Set<Object> expected = new HashSet<>(IntStream.rangeClosed(1, 42).boxed().toList());
            Await.until("every key, from either feed", WAIT, () -> {
                Set<Object> all = new HashSet<>(delivered);
                sink.keys("events").forEach(k -> all.add(k.get(1).get(0)));
                return all.containsAll(expected);
            });
            assertThat(delivered).as("the first feed delivered a batch before it stopped").isNotEmpty();
        }
    }

    @Test
    void shouldStopNamingTheFixWhenItsBinlogPositionWasPurged() throws Exception {
        Collected sink = new Collected();
        DebeziumFeedConfig config = config("purged").tables("notes").build();
        try (ChangeFeed feed = DebeziumFeed.of(config)) {
            feed.start(sink);
            legacy.execute("INSERT INTO notes VALUES (1)");
            Await.until("the first note", WAIT, () -> !sink.keys("notes").isEmpty());
        }
        server.server().execute("FLUSH BINARY LOGS");
        legacy.execute("INSERT INTO notes VALUES (2)");
        server.server().execute("FLUSH BINARY LOGS");
        server.server().execute("PURGE BINARY LOGS TO '" + currentBinlog() + "'");

        try (ChangeFeed feed = DebeziumFeed.of(config)) {
            assertThatThrownBy(() -> feed.start(new Collected()))
                    .isInstanceOf(PositionLostException.class)
                    .hasMessageMatching("(?s)feed 'purged': its stored position .+-bin\\.000001:\\d+ is no longer in the"
                            + " legacy binlog \\(the oldest file is .+-bin\\.\\d{6}: purged.*")
                    .hasMessageContaining("`cutover verify --repair`")
                    .hasMessageNotContaining(PASSWORD).hasMessageNotContaining(Positions.PASSWORD);
        }

        assertThat(DebeziumFeed.forgetPosition(config)).isPositive();
        Collected fresh = new Collected();
        try (ChangeFeed feed = DebeziumFeed.of(config)) {
            feed.start(fresh);
            legacy.execute("INSERT INTO notes VALUES (3)");
            Await.until("a note made after the fresh start", WAIT, () -> !fresh.keys("notes").isEmpty());
            assertThat(fresh.keys("notes")).containsExactly(List.of(List.of(), List.of(3)));
        }
    }

    private static String currentBinlog() throws Exception {
        try (Connection connection = legacy.connect(); Statement statement = connection.createStatement();
                ResultSet row = statement.executeQuery("SHOW MASTER STATUS")) {
            row.next();
            return row.getString(1);
        }
    }
}
