package dev.cutover.legacy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cutover.mapping.ColumnType;
import dev.cutover.mapping.EntityMapping;
import dev.cutover.mapping.InvalidValueException;
import dev.cutover.schema.SchemaMismatchException;
import dev.cutover.schema.SchemaProblem;
import dev.cutover.testkit.TestDatabase;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Each {@link Conversion} on both legacy servers, declared alike: values that fit read and write back exactly, values
 * that do not fail naming table, column, key and value, and the schema check accepts declared conversions and names
 * the declaration an undeclared one needs.
 */
class LegacyConversionsTest {

    public record Thing(UUID id, Integer counter, Boolean flag, Boolean yes, String mood, Instant at, BigDecimal price,
            UUID ref) {
    }

    static final EntityMapping<Thing, UUID> THINGS = EntityMapping.builder(Thing.class, UUID.class)
            .table("things")
            .key("id", ColumnType.UUID, Thing::id)
            .nullableColumn("counter", ColumnType.INTEGER, Thing::counter)
            .nullableColumn("flag", ColumnType.BOOLEAN, Thing::flag)
            .nullableColumn("yes", ColumnType.BOOLEAN, Thing::yes)
            .nullableColumn("mood", ColumnType.TEXT, Thing::mood)
            .nullableColumn("at", ColumnType.TIMESTAMPTZ, Thing::at)
            .nullableColumn("price", ColumnType.NUMERIC, Thing::price)
            .nullableColumn("ref", ColumnType.UUID, Thing::ref)
            .reader(row -> new Thing(row.getUuid("id"), row.getInteger("counter"), row.getBoolean("flag"),
                    row.getBoolean("yes"), row.getString("mood"), row.getInstant("at"), row.getBigDecimal("price"),
                    row.getUuid("ref")))
            .build();

    static final ZoneId PARIS = ZoneId.of("Europe/Paris");

    static final LegacyTable TABLE = table(Conversion.decimal(2));

    static LegacyTable table(Conversion price) {
        return LegacyTable.named("legacyThings")
            .column("counter", "viewCount")
            .convert("id", Conversion.UUID_TEXT)
            .convert("counter", Conversion.CHECKED_INTEGER)
            .convert("flag", Conversion.NONZERO_IS_TRUE)
            .convert("yes", Conversion.textFlag("Y", "N"))
            .convert("mood", Conversion.ENUM_TEXT)
            .convert("at", Conversion.naiveAt(PARIS))
            .convert("price", price)
            .convert("ref", Conversion.UUID_BINARY)
            .exclude("legacyHash", "recomputed by the new application");
    }

    private static final String POSTGRES_DDL = """
            CREATE TYPE "thingMood" AS ENUM ('happy', 'sad');
            CREATE TABLE "legacyThings" (
              id varchar(36) PRIMARY KEY,
              "viewCount" bigint,
              flag smallint,
              yes char(1),
              mood "thingMood",
              at timestamp,
              price numeric(12, 4),
              ref bytea,
              "legacyHash" text
            )""";

    private static final String MARIADB_DDL = """
            CREATE TABLE legacyThings (
              id char(36) PRIMARY KEY,
              viewCount bigint unsigned,
              flag tinyint(1),
              yes char(1),
              mood enum('happy', 'sad'),
              at datetime(6),
              price decimal(12, 4),
              ref varbinary(16),
              legacyHash text
            )""";

    private static final UUID ONE = UUID.fromString("a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11");

    private static TestDatabase postgres;
    private static TestDatabase mariadb;

    @BeforeAll
    static void createTables() {
        postgres = LegacyServer.POSTGRES.createDatabase();
        postgres.execute(POSTGRES_DDL.split(";"));
        mariadb = LegacyServer.MARIADB.createDatabase();
        mariadb.execute(MARIADB_DDL);
    }

    @AfterAll
    static void dropDatabases() {
        postgres.close();
        mariadb.close();
    }

    private static TestDatabase database(LegacyServer server) {
        return server == LegacyServer.POSTGRES ? postgres : mariadb;
    }

    private static String q(LegacyServer server, String name) {
        return server == LegacyServer.POSTGRES ? "\"" + name + "\"" : "`" + name + "`";
    }

    private static void insert(LegacyServer server, String id, String column, String value) {
        database(server).execute("DELETE FROM " + q(server, "legacyThings") + " WHERE id = '" + id + "'",
                "INSERT INTO " + q(server, "legacyThings") + " (id, " + q(server, column) + ") VALUES ('" + id + "', "
                        + value + ")");
    }

    private static String text(LegacyServer server, String sql) throws SQLException {
        try (Connection connection = database(server).connect(); Statement statement = connection.createStatement();
                ResultSet result = statement.executeQuery(sql)) {
            result.next();
            return result.getString(1);
        }
    }

    @ParameterizedTest
    @EnumSource(LegacyServer.class)
    void shouldReadEachDeclaredConversionAndWriteItBackInTheLegacyForm(LegacyServer server) throws SQLException {
        TestDatabase database = database(server);
        String table = q(server, "legacyThings");
        database.execute("DELETE FROM " + table, "INSERT INTO " + table + " (id, " + q(server, "viewCount")
                + ", flag, yes, mood, at, price, ref) VALUES ('A0EEBC99-9C0B-4EF8-BB6D-6BB9BD380A11', 2147483647, 2, 'Y', "
                + "'sad', '2024-07-01 12:00:00', 1.5000, "
                + (server == LegacyServer.POSTGRES ? "'\\x000102030405060708090a0b0c0d0e0f'"
                        : "X'000102030405060708090a0b0c0d0e0f'") + ")");
        try (LegacyAdapter adapter = server.adapter(database)) {
            LegacyStore<Thing, UUID> store = adapter.store(THINGS, TABLE);

            Thing read = store.findByKey(ONE).orElseThrow();

            assertThat(read).isEqualTo(new Thing(ONE, Integer.MAX_VALUE, true, true, "sad",
                    Instant.parse("2024-07-01T10:00:00Z"), new BigDecimal("1.50"),
                    UUID.fromString("00010203-0405-0607-0809-0a0b0c0d0e0f")));

            UUID two = UUID.fromString("b0eebc99-9c0b-4ef8-bb6d-6bb9bd380a12");
            store.upsertAll(List.of(new Thing(two, 5, false, false, "happy", Instant.parse("2024-01-15T08:30:00Z"),
                    new BigDecimal("2.25"), two)));
            assertThat(store.findByKey(two)).contains(new Thing(two, 5, false, false, "happy",
                    Instant.parse("2024-01-15T08:30:00Z"), new BigDecimal("2.25"), two));
            String where = " FROM " + table + " WHERE id = '" + two + "'";
            assertThat(text(server, "SELECT id" + where)).isEqualTo("b0eebc99-9c0b-4ef8-bb6d-6bb9bd380a12");
            assertThat(text(server, "SELECT flag" + where)).isEqualTo("0");
            assertThat(text(server, "SELECT yes" + where)).isEqualTo("N");
            assertThat(text(server, "SELECT at" + where)).startsWith("2024-01-15 09:30:00");
        }
    }

    @ParameterizedTest
    @EnumSource(LegacyServer.class)
    void shouldFailEachValueThatDoesNotFitNamingColumnKeyAndValue(LegacyServer server) {
        String id = "c0eebc99-9c0b-4ef8-bb6d-6bb9bd380a13";
        UUID key = UUID.fromString(id);
        try (LegacyAdapter adapter = server.adapter(database(server))) {
            LegacyStore<Thing, UUID> store = adapter.store(THINGS, TABLE);

            insert(server, id, "viewCount", "3000000000");
            assertThatThrownBy(() -> store.findByKey(key))
                    .isInstanceOfSatisfying(InvalidValueException.class, e -> assertThat(e.column()).isEqualTo("viewCount"))
                    .hasMessage("Legacy legacyThings.viewCount (key " + id + ") holds 3000000000, which is outside "
                            + "INTEGER's range (-2147483648 to 2147483647); it is never wrapped: correct the legacy row, "
                            + "or widen the target column and its mapping");

            insert(server, id, "yes", "'x'");
            assertThatThrownBy(() -> store.findByKey(key)).isInstanceOf(InvalidValueException.class)
                    .hasMessage("Legacy legacyThings.yes (key " + id + ") holds 'x', but the flag is declared as 'Y' "
                            + "(true) or 'N' (false)");

            insert(server, id, "at", "'2024-03-31 02:30:00'");
            assertThatThrownBy(() -> store.findByKey(key)).isInstanceOf(InvalidValueException.class)
                    .hasMessage("Legacy legacyThings.at (key " + id + ") holds 2024-03-31T02:30, a time that does not "
                            + "exist in Europe/Paris (skipped by a daylight-saving change), so it names no instant; "
                            + "correct the legacy row");

            insert(server, id, "price", "1.2345");
            assertThatThrownBy(() -> store.findByKey(key)).isInstanceOf(InvalidValueException.class)
                    .hasMessage("Legacy legacyThings.price (key " + id + ") holds 1.2345, which has more than the declared "
                            + "2 fractional digits, so the target would round it to 1.23; it is never rounded silently: "
                            + "correct the legacy row, or declare Conversion.decimal(2, Conversion.OnRounding.REPORT) to "
                            + "copy it rounded and have verify list it");
            LegacyStore<Thing, UUID> reporting = adapter.store(THINGS,
                    table(Conversion.decimal(2, Conversion.OnRounding.REPORT)));
            assertThat(reporting.findByKey(key).orElseThrow().price()).isEqualByComparingTo("1.2345");

            insert(server, id, "ref", server == LegacyServer.POSTGRES ? "'\\x0001'" : "X'0001'");
            assertThatThrownBy(() -> store.findByKey(key)).isInstanceOf(InvalidValueException.class)
                    .hasMessage("Legacy legacyThings.ref (key " + id + ") holds 2 bytes, but a UUID is 16");

            insert(server, id, "flag", "0");
            assertThat(store.findByKey(key).orElseThrow().flag()).isFalse();
        }
    }

    @ParameterizedTest
    @EnumSource(LegacyServer.class)
    void shouldNameTheDeclarationAnUndeclaredConversionNeedsAndEveryColumnLeftBehind(LegacyServer server) {
        LegacyTable undeclared = LegacyTable.named("legacyThings").column("counter", "viewCount")
                .convert("yes", Conversion.textFlag("Y", "N"))
                .convert("mood", Conversion.ENUM_TEXT)
                .convert("ref", Conversion.UUID_BINARY)
                .convert("price", Conversion.decimal(2));
        try (LegacyAdapter adapter = server.adapter(database(server))) {
            List<SchemaProblem> problems = LegacySchemaCheck.problems(adapter, THINGS, undeclared);

            // MariaDB reads a char(36) as a UUID and a tinyint as a 0-or-1 BOOLEAN natively.
            assertThat(problems).extracting(SchemaProblem::column).containsExactlyInAnyOrderElementsOf(
                    server == LegacyServer.POSTGRES ? List.of("id", "viewCount", "flag", "at", "legacyHash")
                            : List.of("viewCount", "at", "legacyHash"));
            if (server == LegacyServer.POSTGRES) {
                assertThat(problems).filteredOn(p -> "id".equals(p.column())).singleElement()
                        .extracting(SchemaProblem::message).asString()
                        .endsWith("declare it on the LegacyTable with .convert(\"id\", Conversion.UUID_TEXT)");
            }
            assertThat(problems).filteredOn(p -> "viewCount".equals(p.column())).singleElement()
                    .extracting(SchemaProblem::message).asString()
                    .endsWith(".convert(\"counter\", Conversion.CHECKED_INTEGER)");
            assertThat(problems).filteredOn(p -> "at".equals(p.column())).singleElement()
                    .extracting(SchemaProblem::message).asString()
                    .contains(".convert(\"at\", Conversion.naiveAt(ZoneId.of(\"<zone the legacy values were written in>\")))");
            assertThat(problems).filteredOn(p -> "legacyHash".equals(p.column())).singleElement()
                    .satisfies(p -> assertThat(p.kind()).isEqualTo(SchemaProblem.Kind.UNMAPPED_COLUMN))
                    .extracting(SchemaProblem::message).asString()
                    .startsWith("column legacyHash (text) is read by no mapping column of Thing, so its values would be "
                            + "left behind: map it (as TEXT")
                    .endsWith("or leave it out on purpose with .exclude(\"legacyHash\", \"<reason>\")");
            assertThatThrownBy(() -> adapter.store(THINGS, undeclared)).isInstanceOf(SchemaMismatchException.class);
            assertThatThrownBy(() -> adapter.store(THINGS, TABLE.convert("price", Conversion.CHECKED_INTEGER)))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("Column 'price' of legacy table legacyThings is already converted with "
                            + "Conversion.decimal(2, Conversion.OnRounding.QUARANTINE); give each column's conversion once");
            assertThatThrownBy(() -> adapter.store(THINGS, LegacyTable.named("legacyThings")
                    .convert("mood", Conversion.CHECKED_INTEGER)))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("LegacyTable legacyThings converts column 'mood' (TEXT) with Conversion.CHECKED_INTEGER, "
                            + "which applies only to SMALLINT, INTEGER, BIGINT columns");
        }
    }
}
