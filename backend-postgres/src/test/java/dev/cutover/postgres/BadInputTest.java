package dev.cutover.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cutover.mapping.ColumnType;
import dev.cutover.mapping.EntityMapping;
import dev.cutover.mapping.InvalidValueException;
import dev.cutover.testkit.TestDatabase;
import dev.cutover.testkit.TestPostgres;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.LongStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Values PostgreSQL would refuse (or store wrongly) fail before anything is written, naming table, column and key. */
class BadInputTest {
    /** Values as an application might hand them over: JSON as text, anything at all. */
    public record Note(Long id, Object body, Object payload) {
    }

    static final EntityMapping<Note, Long> NOTES = EntityMapping.builder(Note.class, Long.class)
            .table("notes")
            .key("id", ColumnType.BIGINT, Note::id)
            .column("body", ColumnType.TEXT, Note::body)
            .nullableColumn("payload", ColumnType.JSONB, Note::payload)
            .reader(row -> new Note(row.getLong("id"), row.getString("body"), row.getJson("payload")))
            .build();

    private static TestDatabase database;
    private static PostgresAdapter adapter;
    private static PostgresStore<Note, Long> notes;

    @BeforeAll
    static void createTable() {
        database = TestPostgres.server().createDatabase("pg_bad_input");
        database.execute("CREATE TABLE notes (id bigint PRIMARY KEY, body text NOT NULL, payload jsonb)");
        adapter = Adapters.create(database);
        notes = adapter.store(NOTES);
    }

    @AfterAll
    static void dropDatabase() {
        adapter.close();
        database.close();
    }

    @BeforeEach
    void startWithOneNote() {
        database.execute("TRUNCATE notes", "INSERT INTO notes VALUES (1, 'kept', '{\"v\": 1}')");
    }

    /** 600 valid notes (two INSERT statements' worth) with {@code bad} among them. */
    private static List<Note> batchWith(Note bad) {
        List<Note> batch = new ArrayList<>(LongStream.range(100, 700)
                .mapToObj(id -> new Note(id, "note " + id, "{\"id\": " + id + "}")).toList());
        batch.add(550, bad);
        batch.add(new Note(1L, "overwritten", null));
        return batch;
    }

    private static void assertNothingWritten() {
        assertThat(notes.count()).isEqualTo(1);
        assertThat(notes.findByKey(1L)).contains(new Note(1L, "kept", Client.json("{\"v\": 1}")));
    }

    @Test
    void shouldRefuseTextThatIsNotJsonForAJsonbColumnWritingNothing() {
        assertThatThrownBy(() -> notes.upsertAll(batchWith(new Note(42L, "fine", "not json {"))))
                .isInstanceOfSatisfying(InvalidValueException.class, e -> {
                    assertThat(e.table()).isEqualTo("notes");
                    assertThat(e.column()).isEqualTo("payload");
                })
                .hasMessage("notes.payload (key 42) is not valid JSON: Unrecognized token 'not': was expecting "
                        + "(JSON String, Number, Array, Object or token 'null', 'true' or 'false'); "
                        + "value starts with 'not json {'");
        assertNothingWritten();
    }

    @Test
    void shouldRefuseANulCharacterInTextWritingNothing() {
        assertThatThrownBy(() -> notes.upsertAll(batchWith(new Note(43L, "bad\u0000text", null))))
                .isInstanceOf(InvalidValueException.class)
                .hasMessage("notes.body (key 43) contains a NUL character (U+0000) at index 3, which PostgreSQL text "
                        + "cannot store; remove or replace it before writing");
        assertNothingWritten();
    }

    @Test
    void shouldRefuseANulCharacterInsideJsonbWritingNothing() {
        JsonNode withNul = Client.json("{\"guest\": {\"names\": [\"ok\", \"Ann\\u0000\"]}}");

        assertThatThrownBy(() -> notes.upsertAll(batchWith(new Note(44L, "fine", withNul))))
                .isInstanceOf(InvalidValueException.class)
                .hasMessage("notes.payload (key 44) holds a NUL character (\\u0000) at $.guest.names[1], which "
                        + "PostgreSQL jsonb rejects; remove or replace it before writing");
        assertThatThrownBy(() -> notes.upsertAll(List.of(new Note(45L, "fine", "{\"a\": \"\\u0000\"}"))))
                .isInstanceOf(InvalidValueException.class)
                .hasMessage("notes.payload (key 45) holds a NUL character (\\u0000) at $.a, which "
                        + "PostgreSQL jsonb rejects; remove or replace it before writing");
        assertNothingWritten();
    }

    @Test
    void shouldRefuseNullInANotNullColumnWritingNothing() {
        assertThatThrownBy(() -> notes.upsertAll(batchWith(new Note(46L, null, "{}"))))
                .isInstanceOf(InvalidValueException.class)
                .hasMessage("notes.body (key 46) is NULL, but the column is NOT NULL");
        assertNothingWritten();
    }

    @Test
    void shouldRefuseAValueOfTheWrongJavaTypeWritingNothing() {
        assertThatThrownBy(() -> notes.upsertAll(batchWith(new Note(47L, 12.5, "{}"))))
                .isInstanceOf(InvalidValueException.class)
                .hasMessage("notes.body (key 47) has a java.lang.Double value; allowed: java.lang.String");
        assertNothingWritten();
    }

    @Test
    void shouldRefuseABadKeyBeforeAskingTheDatabase() {
        assertThatThrownBy(() -> notes.findByKeys(java.util.Arrays.asList(1L, null)))
                .isInstanceOf(NullPointerException.class)
                .hasMessage("a key of notes");
    }

    @Test
    void shouldStoreJsonTextParsedAsJsonb() {
        notes.upsertAll(List.of(new Note(2L, "text", " {\"b\": [1, 2], \"a\": \"x\"} ")));

        assertThat(notes.findByKey(2L)).contains(new Note(2L, "text", Client.json("{\"a\": \"x\", \"b\": [1, 2]}")));
        assertThat(database.queryLong("SELECT count(*) FROM notes WHERE payload->'b' = '[1, 2]'::jsonb")).isEqualTo(1);
    }
}
