package dev.cutover.legacy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cutover.legacy.Clients.Client;
import dev.cutover.legacy.Visits.Visit;
import dev.cutover.legacy.Visits.VisitKey;
import dev.cutover.mapping.ColumnType;
import dev.cutover.mapping.EntityMapping;
import dev.cutover.mapping.InvalidValueException;
import dev.cutover.testkit.TestDatabase;
import dev.cutover.testkit.TestPostgres;
import java.sql.SQLException;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Values that do not fit: read from a legacy table written by someone else, or given to a store to write. */
class LegacyBadDataTest {
    /** JSON given as text by the application, which may not be JSON at all. */
    public record Note(Long id, String payload) {
    }

    private static final EntityMapping<Note, Long> NOTES = EntityMapping.builder(Note.class, Long.class)
            .table("notes")
            .key("id", ColumnType.BIGINT, Note::id)
            .nullableColumn("payload", ColumnType.JSONB, Note::payload)
            .reader(row -> {
                JsonNode payload = row.getJson("payload");
                return new Note(row.getLong("id"), payload == null ? null : payload.toString());
            })
            .build();

    private static TestDatabase database;
    private static LegacyAdapter adapter;
    private static LegacyStore<Client, Long> clients;
    private static LegacyStore<Visit, VisitKey> visits;
    private static LegacyStore<Note, Long> notes;

    @BeforeAll
    static void createLegacyTables() {
        database = TestPostgres.server().createDatabase("legacy");
        Clients.createTable(database);
        database.execute(Visits.DDL, "CREATE TABLE tbl_notes (id bigint PRIMARY KEY, payload_text text)");
        adapter = Clients.adapter(database);
        clients = adapter.store(Clients.MAPPING, Clients.TABLE);
        visits = adapter.store(Visits.MAPPING, Visits.TABLE);
        notes = adapter.store(NOTES, LegacyTable.named("tbl_notes").column("payload", "payload_text")
                .stored("payload", LegacyStorage.JSON_TEXT));
    }

    @AfterAll
    static void dropLegacyTables() {
        adapter.close();
        database.close();
    }

    @BeforeEach
    void empty() {
        database.execute("TRUNCATE tbl_clients", "TRUNCATE tbl_visits", "TRUNCATE tbl_notes");
    }

    @Test
    void shouldFailToReadLegacyTextThatIsNotJsonNamingTableColumnKeyAndValue() throws SQLException {
        LegacyMappingTest.insertRaw(database, 41, "not json {\"tone\": 1}", 0);

        assertThatThrownBy(() -> clients.findByKey(41L))
                .isInstanceOfSatisfying(InvalidValueException.class, e -> {
                    assertThat(e.table()).isEqualTo("tbl_clients");
                    assertThat(e.column()).isEqualTo("ai_context_json");
                })
                .hasMessage("Legacy tbl_clients.ai_context_json (key 41) is not valid JSON: Unrecognized token 'not': was "
                        + "expecting (JSON String, Number, Array, Object or token 'null', 'true' or 'false'); value starts "
                        + "with 'not json {\"tone\": 1}'");
        assertThatThrownBy(() -> clients.scan(null, 10)).isInstanceOf(InvalidValueException.class)
                .hasMessageStartingWith("Legacy tbl_clients.ai_context_json (key 41) is not valid JSON");
    }

    @Test
    void shouldShowOnlyTheStartOfALongValueThatIsNotJson() throws SQLException {
        LegacyMappingTest.insertRaw(database, 42, "{\"tone\": \"warm\", \"history\": [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11]} trailing", 1);

        assertThatThrownBy(() -> clients.findByKey(42L)).isInstanceOf(InvalidValueException.class)
                .hasMessage("Legacy tbl_clients.ai_context_json (key 42) is not valid JSON: Unrecognized token 'trailing': "
                        + "was expecting (JSON String, Number, Array, Object or token 'null', 'true' or 'false'); value "
                        + "starts with '{\"tone\": \"warm\", \"history\": [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, ...'");
    }

    @Test
    void shouldFailToReadEmptyLegacyTextAsJson() throws SQLException {
        LegacyMappingTest.insertRaw(database, 43, "  ", 1);

        assertThatThrownBy(() -> clients.findByKey(43L)).isInstanceOf(InvalidValueException.class)
                .hasMessage("Legacy tbl_clients.ai_context_json (key 43) is empty text, which is not JSON: value is '  '");
    }

    @Test
    void shouldFailToReadASmallintBooleanOtherThanZeroOrOne() throws SQLException {
        LegacyMappingTest.insertRaw(database, 44, null, 2);

        assertThatThrownBy(() -> clients.findByKey(44L))
                .isInstanceOfSatisfying(InvalidValueException.class, e -> assertThat(e.column()).isEqualTo("is_vip"))
                .hasMessage("Legacy tbl_clients.is_vip (key 44) holds 2, but a SMALLINT_BOOLEAN column holds only "
                        + "0 (false) or 1 (true)");
    }

    @Test
    void shouldNameACompositeKeyWhenAStoredValueDoesNotFit() {
        database.execute("INSERT INTO tbl_visits (firm_id, visit_nr, service, starts_at, paid) "
                + "VALUES (1, 2, 'cut', '2024-01-01 10:00', -1)");

        assertThatThrownBy(() -> visits.findByKey(new VisitKey(1, 2))).isInstanceOf(InvalidValueException.class)
                .hasMessage("Legacy tbl_visits.paid (key (firm_id=1, visit_nr=2)) holds -1, but a SMALLINT_BOOLEAN "
                        + "column holds only 0 (false) or 1 (true)");
    }

    @Test
    void shouldRefuseTextWithANulCharacterBeforeWritingAnything() {
        List<Client> batch = List.of(Clients.client(1), Clients.client(2).withName("Ann\0a"), Clients.client(3));

        assertThatThrownBy(() -> clients.upsertAll(batch))
                .isInstanceOf(InvalidValueException.class)
                .hasMessage("clients.name (key 2) contains a NUL character (U+0000) at index 3, which PostgreSQL text "
                        + "cannot store; remove or replace it before writing");
        assertThat(clients.count()).isZero();
    }

    @Test
    void shouldRefuseAStringThatIsNotJsonForAJsonColumnBeforeWritingTheBatch() {
        List<Note> batch = List.of(new Note(1L, "{\"a\": 1}"), new Note(2L, "{'a': 1}"), new Note(3L, "[]"));

        assertThatThrownBy(() -> notes.upsertAll(batch))
                .isInstanceOf(InvalidValueException.class)
                .hasMessage("notes.payload (key 2) is not valid JSON: Unexpected character (''' (code 39)): was "
                        + "expecting double-quote to start field name; value starts with '{'a': 1}'");
        assertThat(notes.count()).isZero();
        assertThat(database.queryLong("SELECT count(*) FROM tbl_notes")).isZero();
    }

    @Test
    void shouldWriteJsonGivenAsTextAsCompactJsonText() {
        notes.upsertAll(List.of(new Note(1L, " { \"a\" : [1, 2.5, \"x\"] } ")));

        assertThat(database.queryLong("SELECT count(*) FROM tbl_notes WHERE payload_text = '{\"a\":[1,2.5,\"x\"]}'"))
                .isEqualTo(1);
        assertThat(notes.findByKey(1L)).contains(new Note(1L, "{\"a\":[1,2.5,\"x\"]}"));
    }
}
