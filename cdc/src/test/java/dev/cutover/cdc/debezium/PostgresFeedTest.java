package dev.cutover.cdc.debezium;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cutover.cdc.ChangeFeed;
import dev.cutover.cdc.PositionLostException;
import dev.cutover.cdc.RowChange;
import dev.cutover.testkit.OwnServer;
import dev.cutover.testkit.TestDatabase;
import dev.cutover.testkit.TestPostgres;
import dev.cutover.testsupport.Await;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The feed on a PostgreSQL legacy database (wal_level=logical, one server for the class), positions in another. */
class PostgresFeedTest {
    private static final String PASSWORD = "legacy-secret-9x";
    private static final Duration WAIT = Duration.ofSeconds(60);

    private static OwnServer<TestPostgres> server;
    private static TestDatabase legacy;
    private static Positions positions;

    @BeforeAll
    static void start() {
        server = TestPostgres.startOwn(Map.of("wal_level", "logical"));
        legacy = server.server().createDatabase("cdc_legacy");
        server.server().execute("CREATE ROLE cdc LOGIN REPLICATION PASSWORD '" + PASSWORD + "'");
        legacy.execute("CREATE TABLE clients (id bigint PRIMARY KEY, name text)",
                "CREATE TABLE notes (id int PRIMARY KEY)", "CREATE TABLE events (id int PRIMARY KEY)",
                "ALTER TABLE events OWNER TO cdc",
                "CREATE TABLE codes (code text NOT NULL, n int)", "CREATE UNIQUE INDEX by_code ON codes (code)",
                "ALTER TABLE codes REPLICA IDENTITY USING INDEX by_code", "ALTER TABLE codes OWNER TO cdc",
                "CREATE TABLE cutover_outbox (id bigserial PRIMARY KEY, entry text)",
                "ALTER TABLE clients OWNER TO cdc", "ALTER TABLE notes OWNER TO cdc", "ALTER TABLE cutover_outbox OWNER TO cdc",
                "GRANT CREATE ON DATABASE " + legacy.name() + " TO cdc");
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
        return DebeziumFeedConfig.postgres().name(name).legacy(legacy.jdbcUrl(), "cdc", PASSWORD)
                .positions(positions.database.jdbcUrl(), positions.role, Positions.PASSWORD);
    }

    @Test
    void shouldDeliverTheKeysOfInsertsUpdatesKeyChangesDeletesAndTruncatesMadeWithPlainSql() {
        Collected sink = new Collected();
        try (ChangeFeed feed = DebeziumFeed.of(config("keys").build())) {
            feed.start(sink);
            legacy.execute("INSERT INTO clients VALUES (1, 'Ada'), (9223372036854775807, 'Max')",
                    "UPDATE clients SET name = 'Ada L.' WHERE id = 1",
                    "UPDATE clients SET id = 2 WHERE id = 1",
                    "INSERT INTO cutover_outbox (entry) VALUES ('not captured')",
                    "DELETE FROM clients WHERE id = 2",
                    "INSERT INTO codes VALUES ('A', 1)", "UPDATE codes SET n = 2",
                    "TRUNCATE clients");
            Await.until("the TRUNCATE", WAIT, () -> sink.changes.stream().anyMatch(c -> c.kind() == RowChange.Kind.TRUNCATE));
            assertThat(sink.keys("clients")).containsSubsequence(
                    List.of(List.of(), List.of(1L)),
                    List.of(List.of(), List.of(9223372036854775807L)),
                    List.of(List.of(1L), List.of(1L)),
                    List.of(List.of(1L), List.of(2L)),
                    List.of(List.of(2L), List.of()));
            assertThat(sink.keys("codes")).as("keyed by the replica identity's unique index")
                    .containsExactly(List.of(List.of(), List.of("A")), List.of(List.of("A"), List.of("A")));
            assertThat(sink.changes).allSatisfy(change -> {
                assertThat(change.schema()).isEqualTo("public");
                assertThat(change.table()).isIn("clients", "codes");
                assertThat(change.position()).matches("lsn=[0-9A-F]+/[0-9A-F]+");
            });
            assertThat(legacy.queryLong("SELECT count(*) FROM pg_publication_tables WHERE pubname = 'cutover_keys'"
                    + " AND tablename = 'cutover_outbox'")).as("Cutover's own tables are not published").isZero();
        }
    }

    @Test
    void shouldResumeFromTheStoredPositionAfterStoppingMidStreamWithNothingMissing() {
        Set<Object> delivered = ConcurrentHashMap.newKeySet();
        AtomicInteger batches = new AtomicInteger();
        ChangeFeed.Sink failingSecond = batch -> {
            if (batches.incrementAndGet() == 2) {
                throw new IllegalStateException("the process died here");
            }
            batch.forEach(c -> delivered.add(c.keyAfter().get(0)));
        };
        try (ChangeFeed first = DebeziumFeed.of(config("resume").tables("events").build())) {
            first.start(failingSecond);
            for (int id = 1; id <= 30; id++) {
                legacy.execute("INSERT INTO events VALUES (" + id + ")");
            }
            Await.until("the first feed stopped by its sink", WAIT, () -> first.failure().isPresent());
        }
        legacy.execute("INSERT INTO events VALUES (31)");
        Collected sink = new Collected();
        try (ChangeFeed second = DebeziumFeed.of(config("resume").tables("events").build())) {
            second.start(sink);
            Set<Object> expected = IntStream.rangeClosed(1, 31).boxed().collect(Collectors.toSet());
            Await.until("every key, from either feed", WAIT, () -> {
                Set<Object> all = new HashSet<>(delivered);
                sink.keys("events").forEach(k -> all.add(k.get(1).get(0)));
                return all.containsAll(expected);
            });
            assertThat(delivered).as("the first feed delivered a batch before it stopped").isNotEmpty();
        }
    }

    @Test
    void shouldStopNamingTheFixWhenItsSlotWasDropped() {
        DebeziumFeedConfig config = config("dropped").tables("notes").build();
        Collected sink = new Collected();
        try (ChangeFeed feed = DebeziumFeed.of(config)) {
            feed.start(sink);
            legacy.execute("INSERT INTO notes VALUES (1)");
            Await.until("the first note", WAIT, () -> !sink.keys("notes").isEmpty());
        }
        assertThat(positions.storedOffsets("dropped")).isPositive();
        legacy.queryLong("SELECT count(*) FROM (SELECT pg_drop_replication_slot('cutover_dropped')) dropped");
        legacy.execute("INSERT INTO notes VALUES (2)");

        try (ChangeFeed feed = DebeziumFeed.of(config)) {
            assertThatThrownBy(() -> feed.start(new Collected()))
                    .isInstanceOf(PositionLostException.class)
                    .hasMessageMatching("(?s)feed 'dropped': its stored position lsn=[0-9A-F]+/[0-9A-F]+ is lost: its"
                            + " replication slot cutover_dropped no longer exists \\(dropped\\).*")
                    .hasMessageContaining("`cutover verify --repair`")
                    .hasMessageNotContaining(PASSWORD).hasMessageNotContaining(Positions.PASSWORD);
        }
    }
}
