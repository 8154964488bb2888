package dev.cutover.legacy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cutover.DataAccessException;
import dev.cutover.mapping.ColumnType;
import dev.cutover.mapping.EntityMapping;
import dev.cutover.mapping.InvalidValueException;
import dev.cutover.testkit.TestDatabase;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.TimeZone;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * MariaDB's pitfalls, each handled by an explicit rule and never silently: zero dates, {@code tinyint(1)}
 * booleans, unsigned BIGINT, JSON in TEXT and in MariaDB's JSON, utf8mb4, NUL characters, DATETIME holding UTC,
 * TIMESTAMP and the session time zone, fractional seconds a column cannot keep.
 */
class MariaDbPitfallsTest {

    public record Event(Long id, LocalDate day, Instant at, Instant seen, String note, Boolean flag, Long big,
            BigDecimal amount, JsonNode doc, JsonNode docText) {

        static Event of(long id) {
            return new Event(id, null, null, null, null, null, null, null, null, null);
        }
    }

    private static final EntityMapping<Event, Long> EVENTS = EntityMapping.builder(Event.class, Long.class)
            .table("events")
            .key("id", ColumnType.BIGINT, Event::id)
            .nullableColumn("day", ColumnType.DATE, Event::day)
            .nullableColumn("at", ColumnType.TIMESTAMPTZ, Event::at)
            .nullableColumn("seen", ColumnType.TIMESTAMPTZ, Event::seen)
            .nullableColumn("note", ColumnType.TEXT, Event::note)
            .nullableColumn("flag", ColumnType.BOOLEAN, Event::flag)
            .nullableColumn("big", ColumnType.BIGINT, Event::big)
            .nullableColumn("amount", ColumnType.NUMERIC, Event::amount)
            .nullableColumn("doc", ColumnType.JSONB, Event::doc)
            .nullableColumn("doc_text", ColumnType.JSON, Event::docText)
            .reader(row -> new Event(row.getLong("id"), row.getLocalDate("day"), row.getInstant("at"),
                    row.getInstant("seen"), row.getString("note"), row.getBoolean("flag"), row.getLong("big"),
                    row.getBigDecimal("amount"), row.getJson("doc"), row.getJson("doc_text")))
            .build();

    private static final LegacyTable TABLE = LegacyTable.named("tbl_events")
            .stored("at", LegacyStorage.TIMESTAMP_UTC)
            .stored("doc_text", LegacyStorage.JSON_TEXT)
            .convert("big", Conversion.CHECKED_INTEGER);

    private static final String DDL = """
            CREATE TABLE tbl_events (
              id bigint PRIMARY KEY,
              day date NULL,
              at datetime(6) NULL,
              seen timestamp(6) NULL,
              note text NULL,
              flag tinyint(1) NULL,
              big bigint unsigned NULL,
              amount bigint unsigned NULL,
              doc json NULL,
              doc_text longtext NULL
            )""";

    private static TestDatabase database;
    private static LegacyAdapter adapter;
    private static LegacyStore<Event, Long> events;

    @BeforeAll
    static void createLegacyTable() {
        database = MariaDbClients.createDatabase();
        database.execute(DDL);
        adapter = MariaDbClients.adapter(database);
        events = adapter.store(EVENTS, TABLE);
    }

    @AfterAll
    static void dropLegacyTable() {
        adapter.close();
        assertThat(database.openConnectionsAfterClose()).isZero();
        database.close();
    }

    @BeforeEach
    void empty() {
        database.execute("TRUNCATE tbl_events");
    }

    /** Writes as the legacy application did: a non-strict session, which takes zero dates and anything else. */
    private static void legacyInsert(String columns, String values) {
        database.execute("SET SESSION sql_mode = ''", "INSERT INTO tbl_events (" + columns + ") VALUES (" + values + ")");
    }

    @Test
    void shouldFailToReadZeroDatesNamingTableColumnKeyAndValue() {
        legacyInsert("id, day", "1, '0000-00-00'");
        legacyInsert("id, at", "2, '0000-00-00 00:00:00'");
        legacyInsert("id, seen", "3, '0000-00-00 00:00:00'");

        assertThatThrownBy(() -> events.findByKey(1L))
                .isInstanceOfSatisfying(InvalidValueException.class, e -> {
                    assertThat(e.table()).isEqualTo("tbl_events");
                    assertThat(e.column()).isEqualTo("day");
                })
                .hasMessage("Legacy tbl_events.day (key 1) holds the zero date '0000-00-00', which no PostgreSQL date "
                        + "can hold; if it means \"no value\", declare LegacyTable.zeroDateAsNull(\"day\") on a nullable "
                        + "mapping column, else correct the legacy row");
        assertThatThrownBy(() -> events.findByKey(2L)).isInstanceOf(InvalidValueException.class)
                .hasMessage("Legacy tbl_events.at (key 2) holds the zero date '0000-00-00 00:00:00.000000', which no "
                        + "PostgreSQL timestamp can hold; if it means \"no value\", declare "
                        + "LegacyTable.zeroDateAsNull(\"at\") on a nullable mapping column, else correct the legacy row");
        assertThatThrownBy(() -> events.findByKey(3L)).isInstanceOf(InvalidValueException.class)
                .hasMessageStartingWith("Legacy tbl_events.seen (key 3) holds the zero date '0000-00-00 00:00:00.000000'");
        assertThatThrownBy(() -> events.scan(null, 10)).isInstanceOf(InvalidValueException.class)
                .hasMessageStartingWith("Legacy tbl_events.day (key 1) holds the zero date");
    }

    @Test
    void shouldReadZeroDatesAsNullWhereARuleSaysSo() {
        legacyInsert("id, day, at, seen", "1, '0000-00-00', '0000-00-00 00:00:00', '0000-00-00 00:00:00'");
        legacyInsert("id, day, at", "2, '2024-02-29', '2024-02-29 23:59:59.5'");
        LegacyStore<Event, Long> lenient = adapter.store(EVENTS, TABLE.zeroDateAsNull("day").zeroDateAsNull("at")
                .zeroDateAsNull("seen"));

        assertThat(lenient.findByKeys(List.of(1L, 2L))).containsExactly(Event.of(1),
                new Event(2L, LocalDate.of(2024, 2, 29), Instant.parse("2024-02-29T23:59:59.500Z"), null, null, null,
                        null, null, null, null));
        assertThat(database.queryLong("SELECT count(*) FROM tbl_events WHERE day = '0000-00-00'")).isEqualTo(1);
    }

    @Test
    void shouldFailToReadADateWithAZeroMonthOrDayEvenWithTheZeroDateRule() {
        legacyInsert("id, day", "1, '2024-00-15'");
        legacyInsert("id, at", "2, '2024-02-00 10:00:00'");
        LegacyStore<Event, Long> lenient = adapter.store(EVENTS, TABLE.zeroDateAsNull("day").zeroDateAsNull("at"));

        assertThatThrownBy(() -> lenient.findByKey(1L)).isInstanceOf(InvalidValueException.class)
                .hasMessage("Legacy tbl_events.day (key 1) holds '2024-00-15', which is not a valid date (a zero month "
                        + "or day); correct the legacy row");
        assertThatThrownBy(() -> lenient.findByKey(2L)).isInstanceOf(InvalidValueException.class)
                .hasMessage("Legacy tbl_events.at (key 2) holds '2024-02-00 10:00:00.000000', which is not a valid date "
                        + "(a zero month or day); correct the legacy row");
    }

    @Test
    void shouldRefuseTheZeroDateRuleOnANotNullOrNonDateColumn() {
        EntityMapping<Event, Long> strictDay = EntityMapping.builder(Event.class, Long.class)
                .table("events")
                .key("id", ColumnType.BIGINT, Event::id)
                .column("day", ColumnType.DATE, Event::day)
                .nullableColumn("note", ColumnType.TEXT, Event::note)
                .reader(row -> Event.of(row.getLong("id")))
                .build();

        assertThatThrownBy(() -> adapter.store(strictDay, LegacyTable.named("tbl_events").zeroDateAsNull("day")
                .zeroDateAsNull("note").stripNul("day")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("LegacyTable tbl_events reads zero dates of column 'day' (DATE, NOT NULL) as NULL, which "
                        + "applies only to nullable DATE and TIMESTAMPTZ columns; LegacyTable tbl_events reads zero dates "
                        + "of column 'note' (TEXT) as NULL, which applies only to nullable DATE and TIMESTAMPTZ columns; "
                        + "LegacyTable tbl_events replaces NUL characters in column 'day' (DATE), which applies only to "
                        + "TEXT columns");
    }

    @Test
    void shouldReadTinyintBooleansAsZeroOrOneOnlyAndWriteThemSo() {
        legacyInsert("id, flag", "1, 2");
        legacyInsert("id, flag", "2, -1");
        events.upsertAll(List.of(new Event(3L, null, null, null, null, true, null, null, null, null),
                new Event(4L, null, null, null, null, false, null, null, null, null)));

        assertThatThrownBy(() -> events.findByKey(1L))
                .isInstanceOfSatisfying(InvalidValueException.class, e -> assertThat(e.column()).isEqualTo("flag"))
                .hasMessage("Legacy tbl_events.flag (key 1) holds 2, but a BOOLEAN column of type tinyint holds only "
                        + "0 (false) or 1 (true)");
        assertThatThrownBy(() -> events.findByKey(2L)).isInstanceOf(InvalidValueException.class)
                .hasMessage("Legacy tbl_events.flag (key 2) holds -1, but a BOOLEAN column of type tinyint holds only "
                        + "0 (false) or 1 (true)");
        assertThat(database.queryLong("SELECT flag FROM tbl_events WHERE id = 3")).isEqualTo(1);
        assertThat(database.queryLong("SELECT flag FROM tbl_events WHERE id = 4")).isZero();
        assertThat(events.findByKeys(List.of(3L, 4L))).extracting(Event::flag).containsExactly(true, false);
    }

    @Test
    void shouldReadUnsignedBigintBeyondLongOnlyAsNumericOrCheckedValueByValue() {
        legacyInsert("id, big, amount", "1, 18446744073709551615, 18446744073709551615");
        legacyInsert("id, big, amount", "2, 9223372036854775807, 9223372036854775808");

        assertThatThrownBy(() -> events.findByKey(1L))
                .isInstanceOfSatisfying(InvalidValueException.class, e -> assertThat(e.column()).isEqualTo("big"))
                .hasMessage("Legacy tbl_events.big (key 1) holds 18446744073709551615, which is outside BIGINT's range "
                        + "(-9223372036854775808 to 9223372036854775807); it is never wrapped: correct the legacy row, "
                        + "or widen the target column and its mapping");
        Event two = events.findByKey(2L).orElseThrow();
        assertThat(two.big()).isEqualTo(Long.MAX_VALUE);
        assertThat(two.amount()).isEqualTo(new BigDecimal("9223372036854775808"));

        events.upsertAll(List.of(new Event(3L, null, null, null, null, null, 7L, new BigDecimal("18446744073709551615"),
                null, null)));
        assertThat(events.findByKey(3L).orElseThrow().amount()).isEqualTo(new BigDecimal("18446744073709551615"));
        assertThatThrownBy(() -> events.upsertAll(List.of(new Event(4L, null, null, null, null, null, -1L, null, null,
                null))))
                .isInstanceOfSatisfying(DataAccessException.class, e -> assertThat(e.sqlState()).isEqualTo("22003"))
                .hasMessage("upsertAll on legacy table tbl_events failed: Out of range value for column 'big' at row 1");
        assertThat(events.findByKey(4L)).isEmpty();
    }

    @Test
    void shouldKeepJsonInMariaDbsJsonTypeAndInText() throws SQLException {
        Event written = new Event(1L, null, null, null, null, null, null, null,
                Clients.json("{\"tone\":\"warm\",\"n\":[1,2.50],\"nested\":{\"ok\":true}}"),
                Clients.json("[{\"day\":\"2024-01-01\",\"ok\":null}]"));
        events.upsertAll(List.of(written));
        legacyInsert("id, doc, doc_text", "2, '{ \"b\" : 1 ,  \"a\" : [ ] }', '\n{\"x\": \"y\"}\n'");

        assertThat(events.findByKey(1L)).contains(written);
        assertThat(events.findByKey(2L).orElseThrow().doc()).isEqualTo(Clients.json("{\"a\":[],\"b\":1}"));
        assertThat(events.findByKey(2L).orElseThrow().docText()).isEqualTo(Clients.json("{\"x\":\"y\"}"));
        try (Connection connection = database.connect(); Statement statement = connection.createStatement();
                ResultSet row = statement.executeQuery("SELECT doc, JSON_VALUE(doc, '$.n[1]'), doc_text, "
                        + "JSON_VALID(doc_text) FROM tbl_events WHERE id = 1")) {
            row.next();
            assertThat(row.getString(1)).isEqualTo("{\"tone\":\"warm\",\"n\":[1,2.50],\"nested\":{\"ok\":true}}");
            assertThat(row.getString(2)).isEqualTo("2.50");
            assertThat(row.getString(3)).isEqualTo("[{\"day\":\"2024-01-01\",\"ok\":null}]");
            assertThat(row.getInt(4)).isEqualTo(1);
        }
    }

    @Test
    void shouldRoundTripFourByteCharactersThroughUtf8mb4() throws SQLException {
        String text = "emoji 😀, clef 𝄞, Ünïcode ✓, 中文";
        events.upsertAll(List.of(new Event(1L, null, null, null, text, null, null, null, Clients.json("{\"e\":\"😀\"}"),
                null)));

        assertThat(events.findByKey(1L).orElseThrow().note()).isEqualTo(text);
        assertThat(events.findByKey(1L).orElseThrow().doc()).isEqualTo(Clients.json("{\"e\":\"😀\"}"));
        assertThat(database.queryLong("SELECT CHAR_LENGTH(note) FROM tbl_events WHERE id = 1"))
                .isEqualTo(text.codePointCount(0, text.length()));
        assertThat(database.queryLong("SELECT count(*) FROM tbl_events WHERE note LIKE '%😀%'")).isEqualTo(1);
        String session = adapter.connections().withConnection(connection -> {
            try (Statement statement = connection.createStatement(); ResultSet result = statement.executeQuery(
                    "SELECT CONCAT_WS(',', @@character_set_client, @@character_set_connection, @@character_set_results)")) {
                result.next();
                return result.getString(1);
            }
        });
        assertThat(session).isEqualTo("utf8mb4,utf8mb4,utf8mb4");
    }

    @Test
    void shouldFailToWriteAFourByteCharacterIntoAThreeByteColumnLoudly() {
        database.execute("CREATE TABLE tbl_events_mb3 (id bigint PRIMARY KEY, day date NULL, at datetime(6) NULL, "
                + "seen timestamp(6) NULL, note text CHARACTER SET utf8mb3 NULL, flag tinyint(1) NULL, "
                + "big bigint unsigned NULL, amount decimal(30, 0) NULL, doc json NULL, doc_text text NULL)");
        LegacyStore<Event, Long> mb3 = adapter.store(EVENTS, LegacyTable.named("tbl_events_mb3")
                .stored("at", LegacyStorage.TIMESTAMP_UTC).stored("doc_text", LegacyStorage.JSON_TEXT)
                .convert("big", Conversion.CHECKED_INTEGER));

        assertThatThrownBy(() -> mb3.upsertAll(List.of(new Event(1L, null, null, null, "smile 😀", null, null, null,
                null, null))))
                .isInstanceOf(DataAccessException.class)
                .hasMessage("upsertAll on legacy table tbl_events_mb3 failed: Incorrect string value: '\\xF0\\x9F\\x98"
                        + "\\x80' for column `" + database.name() + "`.`tbl_events_mb3`.`note` at row 1");
        assertThat(mb3.count()).isZero();
    }

    @Test
    void shouldFailToReadTextWithANulCharacterUnlessARuleCleansIt() {
        legacyInsert("id, note", "1, CONCAT('Ann', CHAR(0), 'a', CHAR(0))");

        assertThatThrownBy(() -> events.findByKey(1L))
                .isInstanceOfSatisfying(InvalidValueException.class, e -> assertThat(e.column()).isEqualTo("note"))
                .hasMessage("Legacy tbl_events.note (key 1) contains a NUL character (U+0000) at index 3, which "
                        + "PostgreSQL text cannot store: value starts with 'Ann\\0a\\0'; remove it from the legacy row, "
                        + "or declare LegacyTable.stripNul(\"note\") or replaceNul(\"note\", ...) to clean it when read");
        assertThat(adapter.store(EVENTS, TABLE.stripNul("note")).findByKey(1L).orElseThrow().note()).isEqualTo("Anna");
        assertThat(adapter.store(EVENTS, TABLE.replaceNul("note", "\uFFFD")).findByKey(1L).orElseThrow().note())
                .isEqualTo("Ann\uFFFDa\uFFFD");
        assertThatThrownBy(() -> events.upsertAll(List.of(new Event(2L, null, null, null, "B\0b", null, null, null, null,
                null))))
                .isInstanceOf(InvalidValueException.class)
                .hasMessage("events.note (key 2) contains a NUL character (U+0000) at index 1, which PostgreSQL text "
                        + "cannot store; remove or replace it before writing");
    }

    @Test
    void shouldKeepUtcInDatetimeAndTrueInstantsInTimestampWhateverTheJvmAndSessionZones() throws SQLException {
        Instant at = Instant.parse("2024-03-31T01:30:00.250001Z");
        Instant seen = Instant.parse("2024-10-27T00:59:59.999999Z");
        TimeZone original = TimeZone.getDefault();
        try {
            TimeZone.setDefault(TimeZone.getTimeZone("Pacific/Kiritimati"));
            try (LegacyAdapter kiritimati = MariaDbClients.adapter(database)) {
                kiritimati.store(EVENTS, TABLE).upsertAll(List.of(new Event(1L, LocalDate.of(2024, 3, 31), at, seen, null,
                        null, null, null, null, null)));
            }
            TimeZone.setDefault(TimeZone.getTimeZone("America/Los_Angeles"));
            try (Connection connection = database.connect(); Statement statement = connection.createStatement()) {
                statement.execute("SET time_zone = '+05:45'");
                try (ResultSet row = statement.executeQuery("SELECT CAST(at AS CHAR), CAST(seen AS CHAR), "
                        + "UNIX_TIMESTAMP(seen) FROM tbl_events WHERE id = 1")) {
                    row.next();
                    assertThat(row.getString(1)).isEqualTo("2024-03-31 01:30:00.250001");
                    assertThat(row.getString(2)).isEqualTo("2024-10-27 06:44:59.999999");
                    assertThat(row.getBigDecimal(3)).isEqualByComparingTo("1729990799.999999");
                }
            }
            try (LegacyAdapter losAngeles = MariaDbClients.adapter(database)) {
                LegacyStore<Event, Long> store = losAngeles.store(EVENTS, TABLE);
                Event read = store.findByKey(1L).orElseThrow();
                assertThat(read.at()).isEqualTo(at);
                assertThat(read.seen()).isEqualTo(seen);
                assertThat(store.findWhere("at = ? AND seen = ?", at, seen)).containsExactly(read);
                assertThat(store.findWhere("seen > ?", seen)).isEmpty();
                String zone = losAngeles.connections().withConnection(connection -> {
                    try (Statement statement = connection.createStatement();
                            ResultSet result = statement.executeQuery("SELECT @@session.time_zone")) {
                        result.next();
                        return result.getString(1);
                    }
                });
                assertThat(zone).isEqualTo("+00:00");
            }
        } finally {
            TimeZone.setDefault(original);
        }
    }

    @Test
    void shouldRefuseAnInstantMorePreciseThanTheLegacyColumnKeeps() {
        database.execute("CREATE TABLE tbl_coarse (id bigint PRIMARY KEY, day date NULL, at datetime NULL, "
                + "seen timestamp(3) NULL, note text NULL, flag tinyint(1) NULL, big bigint NULL, amount decimal(30, 0) "
                + "NULL, doc json NULL, doc_text text NULL)");
        LegacyStore<Event, Long> coarse = adapter.store(EVENTS, LegacyTable.named("tbl_coarse")
                .stored("at", LegacyStorage.TIMESTAMP_UTC).stored("doc_text", LegacyStorage.JSON_TEXT)
                .convert("big", Conversion.CHECKED_INTEGER));
        Event whole = new Event(1L, null, Instant.parse("2024-01-01T10:00:00Z"), Instant.parse("2024-01-01T10:00:00.123Z"),
                null, null, null, null, null, null);
        Event fine = new Event(2L, null, Instant.parse("2024-01-01T10:00:00.250Z"), null, null, null, null, null, null,
                null);

        assertThatThrownBy(() -> coarse.upsertAll(List.of(whole, fine)))
                .isInstanceOfSatisfying(InvalidValueException.class, e -> assertThat(e.column()).isEqualTo("at"))
                .hasMessage("Legacy tbl_coarse.at (key 2) cannot keep 2024-01-01T10:00:00.250Z: the legacy column keeps 0 "
                        + "fractional digits of a second (datetime(0)) and would drop the rest silently; truncate the "
                        + "value first or widen the column");
        assertThat(coarse.count()).isZero();
        assertThatThrownBy(() -> coarse.upsertAll(List.of(new Event(3L, null, null,
                Instant.parse("2024-01-01T10:00:00.123400Z"), null, null, null, null, null, null))))
                .isInstanceOf(InvalidValueException.class)
                .hasMessageStartingWith("Legacy tbl_coarse.seen (key 3) cannot keep 2024-01-01T10:00:00.123400Z: the "
                        + "legacy column keeps 3 fractional digits of a second (timestamp(3))");
        coarse.upsertAll(List.of(whole));
        assertThat(coarse.findByKey(1L)).contains(whole);
    }
}
