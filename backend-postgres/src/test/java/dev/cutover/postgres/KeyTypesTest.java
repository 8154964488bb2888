package dev.cutover.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cutover.mapping.ColumnType;
import dev.cutover.mapping.EntityMapping;
import dev.cutover.testkit.TestDatabase;
import dev.cutover.testkit.TestPostgres;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Every key column type survives the array parameters of findByKeys and deleteByKeys and the row comparison of scan. */
class KeyTypesTest {
    public record Slot(UUID venue, LocalDate day, Instant startsAt, BigDecimal price, Integer seat, Boolean vip, String label) {
        Key key() {
            return new Key(venue, day, startsAt, price, seat, vip);
        }
    }

    public record Key(UUID venue, LocalDate day, Instant startsAt, BigDecimal price, Integer seat, Boolean vip) {
    }

    public record Tag(String name, Integer uses) {
    }

    static final EntityMapping<Slot, Key> SLOTS = EntityMapping.builder(Slot.class, Key.class)
            .table("slots")
            .key("venue", ColumnType.UUID, Slot::venue)
            .key("day", ColumnType.DATE, Slot::day)
            .key("starts_at", ColumnType.TIMESTAMPTZ, Slot::startsAt)
            .key("price", ColumnType.NUMERIC, Slot::price)
            .key("seat", ColumnType.INTEGER, Slot::seat)
            .key("vip", ColumnType.BOOLEAN, Slot::vip)
            .column("label", ColumnType.TEXT, Slot::label)
            .reader(row -> new Slot(row.getUuid("venue"), row.getLocalDate("day"), row.getInstant("starts_at"),
                    row.getBigDecimal("price"), row.getInteger("seat"), row.getBoolean("vip"), row.getString("label")))
            .build();

    static final EntityMapping<Tag, String> TAGS = EntityMapping.builder(Tag.class, String.class)
            .table("tags")
            .key("name", ColumnType.TEXT, Tag::name)
            .column("uses", ColumnType.INTEGER, Tag::uses)
            .reader(row -> new Tag(row.getString("name"), row.getInteger("uses")))
            .build();

    private static TestDatabase database;
    private static PostgresAdapter adapter;

    @BeforeAll
    static void createTables() {
        database = TestPostgres.server().createDatabase("pg_key_types");
        database.execute("CREATE TABLE slots (venue uuid, day date, starts_at timestamptz, price numeric, seat integer,"
                        + " vip boolean, label text NOT NULL, PRIMARY KEY (venue, day, starts_at, price, seat, vip))",
                "CREATE TABLE tags (name varchar(100) PRIMARY KEY, uses integer NOT NULL)");
        adapter = Adapters.create(database);
    }

    @AfterAll
    static void dropDatabase() {
        adapter.close();
        database.close();
    }

    @Test
    void shouldFindScanAndDeleteByKeysOfEveryKeyType() {
        PostgresStore<Slot, Key> slots = adapter.store(SLOTS);
        List<Slot> stored = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            stored.add(new Slot(new UUID(i % 3 - 1, i), LocalDate.of(2024, 2, 28).plusDays(i % 2),
                    Instant.parse("2024-02-28T23:59:59.999999Z").plusSeconds(i % 4), new BigDecimal(i % 2 == 0 ? "10.50" : "-0.001"),
                    i % 5, i % 2 == 0, "slot " + i));
        }
        slots.upsertAll(stored);

        List<Slot> scanned = new ArrayList<>(slots.scan(null, 5));
        scanned.addAll(slots.scan(scanned.get(4).key(), 100));
        assertThat(scanned).containsExactlyInAnyOrderElementsOf(stored);
        assertThat(slots.findByKeys(stored.stream().map(Slot::key).toList())).containsExactlyElementsOf(scanned);
        assertThat(slots.findByKey(stored.get(7).key())).contains(stored.get(7));
        assertThat(slots.deleteByKeys(List.of(stored.get(0).key(), stored.get(11).key()))).isEqualTo(2);
        assertThat(slots.count()).isEqualTo(10);
    }

    @Test
    void shouldFindTextKeysInTheDatabasesCollationOrder() {
        PostgresStore<Tag, String> tags = adapter.store(TAGS);
        List<Tag> stored = List.of(new Tag("b", 1), new Tag("A", 2), new Tag("a,\"}{", 3), new Tag("ä", 4),
                new Tag("NULL", 5), new Tag("", 6), new Tag(" ", 7));
        tags.upsertAll(stored);

        List<Tag> scanned = tags.scan(null, 100);

        assertThat(scanned).containsExactlyInAnyOrderElementsOf(stored);
        assertThat(tags.findByKeys(List.of("ä", "NULL", "", "b", "A", "a,\"}{", " ", "missing"))).containsExactlyElementsOf(scanned);
        assertThat(tags.findByKey("NULL")).contains(new Tag("NULL", 5));
        assertThat(tags.deleteByKeys(List.of("", "NULL"))).isEqualTo(2);
    }
}
