package dev.cutover.legacy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cutover.Backend;
import dev.cutover.DataAccessException;
import dev.cutover.legacy.Clients.Client;
import dev.cutover.testkit.TestDatabase;
import dev.cutover.testkit.TestPostgres;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.TimeZone;
import java.util.UUID;
import java.util.stream.LongStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** What a store writes is what the legacy schema expects, by name and storage; custom queries; batches; failures. */
class LegacyMappingTest {
    private static final Instant CREATED = Instant.parse("2024-03-31T01:30:00.250001Z");
    private static final Instant UPDATED = Instant.parse("2024-10-27T00:59:59.999999Z");
    private static TestDatabase database;
    private static LegacyAdapter adapter;
    private static LegacyStore<Client, Long> clients;

    @BeforeAll
    static void createLegacyTable() {
        database = TestPostgres.server().createDatabase("legacy");
        Clients.createTable(database);
        adapter = Clients.adapter(database);
        clients = adapter.store(Clients.MAPPING, Clients.TABLE);
    }

    @AfterAll
    static void dropLegacyTable() {
        adapter.close();
        database.close();
    }

    @BeforeEach
    void empty() {
        database.execute("TRUNCATE tbl_clients");
    }

    private static Client sample(long id) {
        return new Client(id, "Анна O'Brien", 777L, 3, new BigDecimal("1234.50"), true, true, CREATED, UPDATED,
                LocalDate.of(1990, 2, 28), UUID.fromString("f0e1d2c3-b4a5-4697-8899-aabbccddeeff"),
                Clients.json("{ \"tone\" : \"warm\", \"tags\" : [ \"a\", \"b\" ], \"ratio\" : 1.25 }"),
                Clients.json("{\"lang\":\"ru\"}"), Clients.json("[1, 2]"), null);
    }

    @Test
    void shouldWriteLegacyNamesAndStoragesThatPlainSqlReadsBack() throws SQLException {
        clients.upsertAll(List.of(sample(1)));

        try (Connection connection = database.connect(); Statement statement = connection.createStatement();
                ResultSet row = statement.executeQuery("SELECT full_name, yc_id, firm_id, balance::text, active, is_vip,"
                        + " created_at::text, updated_at AT TIME ZONE 'UTC', birthday::text, external_id::text,"
                        + " ai_context_json, pg_typeof(ai_context_json)::text, preferences::text, visit_history::text, note"
                        + " FROM tbl_clients WHERE id = 1")) {
            assertThat(row.next()).isTrue();
            assertThat(row.getString(1)).isEqualTo("Анна O'Brien");
            assertThat(row.getLong(2)).isEqualTo(777L);
            assertThat(row.getInt(3)).isEqualTo(3);
            assertThat(row.getString(4)).isEqualTo("1234.50");
            assertThat(row.getBoolean(5)).isTrue();
            assertThat(row.getInt(6)).isEqualTo(1);
            assertThat(row.getString(7)).isEqualTo("2024-03-31 01:30:00.250001");
            assertThat(row.getString(8)).isEqualTo("2024-10-27 00:59:59.999999");
            assertThat(row.getString(9)).isEqualTo("1990-02-28");
            assertThat(row.getString(10)).isEqualTo("f0e1d2c3-b4a5-4697-8899-aabbccddeeff");
            assertThat(row.getString(11)).isEqualTo("{\"tone\":\"warm\",\"tags\":[\"a\",\"b\"],\"ratio\":1.25}");
            assertThat(row.getString(12)).isEqualTo("text");
            assertThat(row.getString(13)).isEqualTo("{\"lang\": \"ru\"}");
            assertThat(row.getString(14)).isEqualTo("[1,2]");
            assertThat(row.getString(15)).isNull();
        }
        assertThat(clients.findByKey(1L)).contains(sample(1));
    }

    @Test
    void shouldWriteFalseAsZero() {
        Client notVip = new Client(2L, "B", 2L, 1, new BigDecimal("1.00"), false, false, CREATED, null, null, UUID.randomUUID(),
                null, null, null, null);
        clients.upsertAll(List.of(notVip));

        assertThat(database.queryLong("SELECT is_vip FROM tbl_clients WHERE id = 2")).isZero();
        assertThat(clients.findByKey(2L)).contains(notVip);
    }

    @Test
    void shouldKeepUtcInTimestampColumnsWhateverTheJvmAndSessionTimeZones() throws SQLException {
        TimeZone original = TimeZone.getDefault();
        try {
            // PgJDBC sets each session's TimeZone from the JVM's at connect: both are far from UTC here.
            TimeZone.setDefault(TimeZone.getTimeZone("Pacific/Kiritimati"));
            try (LegacyAdapter kiritimati = Clients.adapter(database)) {
                String sessionZone = kiritimati.connections().withConnection(connection -> {
                    try (Statement statement = connection.createStatement();
                            ResultSet result = statement.executeQuery("SHOW TimeZone")) {
                        result.next();
                        return result.getString(1);
                    }
                });
                assertThat(sessionZone).isEqualTo("Pacific/Kiritimati");
                kiritimati.store(Clients.MAPPING, Clients.TABLE).upsertAll(List.of(sample(3)));
            }
            TimeZone.setDefault(TimeZone.getTimeZone("America/Los_Angeles"));
            try (Connection connection = database.connect(); Statement statement = connection.createStatement()) {
                statement.execute("SET TIME ZONE 'Asia/Kathmandu'");
                try (ResultSet row = statement.executeQuery(
                        "SELECT created_at::text, (updated_at AT TIME ZONE 'UTC')::text FROM tbl_clients WHERE id = 3")) {
                    row.next();
                    assertThat(row.getString(1)).isEqualTo("2024-03-31 01:30:00.250001");
                    assertThat(row.getString(2)).isEqualTo("2024-10-27 00:59:59.999999");
                }
            }
            try (LegacyAdapter losAngeles = Clients.adapter(database)) {
                Client read = losAngeles.store(Clients.MAPPING, Clients.TABLE).findByKey(3L).orElseThrow();
                assertThat(read.createdAt()).isEqualTo(CREATED);
                assertThat(read.updatedAt()).isEqualTo(UPDATED);
            }
        } finally {
            TimeZone.setDefault(original);
        }
    }

    @Test
    void shouldReadJsonTextThatTheLegacyApplicationWrote() throws SQLException {
        insertRaw(5, "{\n  \"tone\": \"cold\",\n  \"n\": [1, 2.50]\n}", 1);

        Client read = clients.findByKey(5L).orElseThrow();

        assertThat(read.aiContext()).isEqualTo(Clients.json("{\"tone\":\"cold\",\"n\":[1,2.50]}"));
        assertThat(read.vip()).isTrue();
        assertThat(read.createdAt()).isEqualTo(Instant.parse("2024-01-01T00:00:00Z"));
    }

    @Test
    void shouldKeepTheLastDuplicateOfAConflictKeyInOneBatch() {
        Client first = sample(10).withName("first");
        Client other = sample(11).withNote("other");
        Client last = sample(10).withName("last");
        Client otherConflictKey = new Client(11L, "other", 778L, 3, new BigDecimal("10.00"), true, false, CREATED, null, null,
                UUID.randomUUID(), null, null, null, null);

        int written = clients.upsertAll(List.of(first, otherConflictKey, last));

        assertThat(written).isEqualTo(2);
        assertThat(other.id()).isEqualTo(11L);
        assertThat(clients.findByKeys(List.of(10L, 11L))).containsExactly(last, otherConflictKey);
    }

    @Test
    void shouldKeepTheLastDuplicateWhenTheDriverRewritesBatchesIntoMultiRowInserts() {
        String url = database.jdbcUrl() + (database.jdbcUrl().contains("?") ? "&" : "?") + "reWriteBatchedInserts=true";
        try (LegacyAdapter rewriting = LegacyAdapter.create(Clients.config(database).jdbcUrl(url).build())) {
            LegacyStore<Client, Long> store = rewriting.store(Clients.MAPPING, Clients.TABLE);
            List<Client> batch = new ArrayList<>(LongStream.rangeClosed(1, 40).mapToObj(Clients::client).toList());
            batch.add(Clients.client(7).withName("seven, last"));

            assertThat(store.upsertAll(batch)).isEqualTo(40);

            assertThat(store.findByKey(7L)).contains(Clients.client(7).withName("seven, last"));
            assertThat(store.count()).isEqualTo(40);
        }
    }

    @Test
    void shouldUpdateTheRowMatchingTheConflictTargetEvenWhenTheKeyDiffers() {
        clients.upsertAll(List.of(sample(20)));

        clients.upsertAll(List.of(sample(20).withId(21L).withName("moved")));

        assertThat(clients.count()).isEqualTo(1);
        assertThat(clients.findByKey(20L)).isEmpty();
        assertThat(clients.findByKey(21L)).contains(sample(20).withId(21L).withName("moved"));
    }

    @Test
    void shouldFindWhereALegacyConditionHoldsInKeyOrder() {
        List<Client> all = LongStream.rangeClosed(1, 12).mapToObj(Clients::client).toList();
        List<Client> shuffled = new ArrayList<>(all);
        Collections.shuffle(shuffled, new Random(3));
        clients.upsertAll(shuffled);

        List<Client> found = clients.findWhere("is_vip = ? AND firm_id = ? AND yc_id > ?", 1, 1, 100_000L);

        assertThat(found).containsExactlyElementsOf(
                all.stream().filter(c -> c.vip() && c.companyId() == 1).toList());
        assertThat(found).extracting(Client::id).containsExactly(3L, 6L, 9L, 12L);
        Instant cut = Clients.client(6).updatedAt();
        assertThat(clients.findWhere("updated_at <= ?", cut)).extracting(Client::id).containsExactly(6L, 7L, 9L, 10L, 11L);
    }

    @Test
    void shouldReadRowsOfAHandWrittenQuery() {
        clients.upsertAll(LongStream.rangeClosed(1, 5).mapToObj(Clients::client).toList());
        String sql = "SELECT " + clients.selectList("c") + ", v.rank FROM " + clients.qualifiedTable() + " c"
                + " JOIN (VALUES (4, 1), (2, 2)) AS v(id, rank) ON v.id = c.id ORDER BY v.rank";

        List<Client> found = adapter.connections().withConnection(connection -> {
            List<Client> rows = new ArrayList<>();
            try (PreparedStatement statement = connection.prepareStatement(sql); ResultSet result = statement.executeQuery()) {
                while (result.next()) {
                    rows.add(clients.read(result));
                }
            }
            return rows;
        });

        assertThat(clients.qualifiedTable()).isEqualTo("\"tbl_clients\"");
        assertThat(found).containsExactly(Clients.client(4), Clients.client(2));
    }

    @Test
    void shouldRefuseAResultSetThatDoesNotStartWithTheSelectList() {
        clients.upsertAll(List.of(Clients.client(1)));

        assertThatThrownBy(() -> adapter.connections().withConnection(connection -> {
            try (Statement statement = connection.createStatement();
                    ResultSet result = statement.executeQuery("SELECT id, full_name FROM tbl_clients")) {
                result.next();
                return clients.read(result);
            }
        })).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("LegacyStore of tbl_clients reads rows whose first columns are [id, full_name, yc_id, firm_id, "
                        + "balance, active, is_vip, created_at, updated_at, birthday, external_id, ai_context_json, "
                        + "preferences, visit_history, note] (select them with selectList()); this result set has "
                        + "[id, full_name]");
    }

    @Test
    void shouldFindAndDeleteThousandsOfKeysInChunksInKeyOrder() {
        List<Client> many = new ArrayList<>(LongStream.rangeClosed(1, 2_600).mapToObj(Clients::client).toList());
        Collections.shuffle(many, new Random(11));
        clients.upsertAll(many);
        List<Long> asked = new ArrayList<>(many.stream().map(Client::id).toList());
        asked.add(999_999L);
        asked.add(many.get(0).id());

        List<Client> found = clients.findByKeys(asked);

        assertThat(found).hasSize(2_600);
        assertThat(found).extracting(Client::id).isSorted();
        assertThat(found).containsExactlyElementsOf(LongStream.rangeClosed(1, 2_600).mapToObj(Clients::client).toList());
        assertThat(clients.deleteByKeys(asked)).isEqualTo(2_600);
        assertThat(clients.count()).isZero();
    }

    @Test
    void shouldNameTheOperationTableAndSqlStateWhenAnUpsertFailsAndWriteNothing() {
        Client taken = sample(30);
        clients.upsertAll(List.of(taken));
        Client sameKeyOtherConflictKey = new Client(30L, "x", 9L, 1, BigDecimal.ONE, true, false, CREATED, null, null,
                UUID.randomUUID(), null, null, null, null);
        Client fine = Clients.client(31);

        assertThatThrownBy(() -> clients.upsertAll(List.of(fine, sameKeyOtherConflictKey)))
                .isInstanceOfSatisfying(DataAccessException.class, e -> {
                    assertThat(e.sqlState()).isEqualTo("23505");
                    assertThat(e.backend()).isEqualTo(Backend.LEGACY);
                })
                .hasMessage("upsertAll on legacy table tbl_clients failed: ERROR: duplicate key value violates unique "
                        + "constraint \"tbl_clients_pkey\"\n  Detail: Key (id)=(30) already exists.");
        assertThat(clients.findByKey(31L)).isEmpty();
        assertThat(clients.findByKey(30L)).contains(taken);
    }

    @Test
    void shouldNameTheOperationTableAndSqlStateWhenAQueryFails() {
        int position = ("SELECT " + clients.selectList() + " FROM " + clients.qualifiedTable() + " WHERE (").length() + 1;
        assertThatThrownBy(() -> clients.findWhere("no_such_column = ?", 1))
                .isInstanceOfSatisfying(DataAccessException.class, e -> assertThat(e.sqlState()).isEqualTo("42703"))
                .hasMessage("findWhere on legacy table tbl_clients failed: ERROR: column \"no_such_column\" "
                        + "does not exist\n  Position: " + position);
    }

    @Test
    void shouldRefuseANonPositiveScanLimitNamingIt() {
        assertThatThrownBy(() -> clients.scan(5L, -20))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("scan of legacy table tbl_clients needs a positive limit, got -20");
    }

    static void insertRaw(TestDatabase database, long id, String aiContextText, int isVip) throws SQLException {
        try (Connection connection = database.connect(); PreparedStatement statement = connection.prepareStatement(
                "INSERT INTO tbl_clients (id, full_name, yc_id, firm_id, balance, active, is_vip, created_at, external_id,"
                        + " ai_context_json) VALUES (?, 'Raw', ?, 1, 0, true, ?, '2024-01-01 00:00:00', gen_random_uuid(), ?)")) {
            statement.setLong(1, id);
            statement.setLong(2, id);
            statement.setInt(3, isVip);
            statement.setString(4, aiContextText);
            statement.executeUpdate();
        }
    }

    private static void insertRaw(long id, String aiContextText, int isVip) throws SQLException {
        insertRaw(database, id, aiContextText, isVip);
    }
}
