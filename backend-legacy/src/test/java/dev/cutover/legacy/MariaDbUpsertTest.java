package dev.cutover.legacy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cutover.DataAccessException;
import dev.cutover.schema.SchemaMismatchException;
import dev.cutover.legacy.Clients.Client;
import dev.cutover.mapping.ColumnType;
import dev.cutover.mapping.EntityMapping;
import dev.cutover.testkit.TestDatabase;
import java.util.List;
import java.util.stream.LongStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@code INSERT ... ON DUPLICATE KEY UPDATE} matches any unique key, PostgreSQL's {@code ON CONFLICT (target)} only
 * its target: stores guard the upsert so that a row matching another row on another unique key fails, as on
 * PostgreSQL, instead of overwriting that row.
 */
class MariaDbUpsertTest {
    /** A contact whose key is the conflict target, with another unique key (email). */
    public record Contact(Long id, String email, String name) {
    }

    private static final EntityMapping<Contact, Long> CONTACTS = EntityMapping.builder(Contact.class, Long.class)
            .table("contacts")
            .key("id", ColumnType.BIGINT, Contact::id)
            .column("email", ColumnType.TEXT, Contact::email)
            .column("name", ColumnType.TEXT, Contact::name)
            .reader(row -> new Contact(row.getLong("id"), row.getString("email"), row.getString("name")))
            .build();

    private static TestDatabase database;
    private static LegacyAdapter adapter;
    private static LegacyStore<Client, Long> clients;
    private static LegacyStore<Contact, Long> contacts;

    @BeforeAll
    static void createLegacyTables() {
        database = MariaDbClients.createDatabase();
        database.execute(MariaDbClients.DDL, "CREATE TABLE contacts (id bigint PRIMARY KEY, "
                + "email varchar(100) NOT NULL UNIQUE, name varchar(100) NOT NULL)");
        adapter = MariaDbClients.adapter(database);
        clients = adapter.store(Clients.MAPPING, Clients.TABLE);
        contacts = adapter.store(CONTACTS);
    }

    @AfterAll
    static void dropLegacyTables() {
        adapter.close();
        assertThat(database.openConnectionsAfterClose()).isZero();
        database.close();
    }

    @BeforeEach
    void empty() {
        database.execute("TRUNCATE tbl_clients", "TRUNCATE contacts");
    }

    @Test
    void shouldUpdateTheRowMatchingTheConflictTargetEvenWhenTheKeyDiffers() {
        clients.upsertAll(List.of(Clients.client(20)));

        clients.upsertAll(List.of(Clients.client(20).withId(21L).withName("moved")));

        assertThat(clients.count()).isEqualTo(1);
        assertThat(clients.findByKey(20L)).isEmpty();
        assertThat(clients.findByKey(21L)).contains(Clients.client(20).withId(21L).withName("moved"));
    }

    @Test
    void shouldRefuseARowWhoseKeyBelongsToARowWithAnotherConflictKeyAndWriteNothing() {
        clients.upsertAll(List.of(Clients.client(30)));
        Client intruder = Clients.client(7).withId(30L); // conflict key (100007, 2), key of client 30

        assertThatThrownBy(() -> clients.upsertAll(List.of(Clients.client(31), intruder)))
                .isInstanceOfSatisfying(DataAccessException.class, e -> assertThat(e.sqlState()).isEqualTo("23000"))
                .hasMessage("upsertAll on legacy table tbl_clients refused a row that matches an existing row on a unique "
                        + "key other than the conflict target (yc_id, firm_id): PRIMARY KEY PRIMARY (id); MariaDB's ON "
                        + "DUPLICATE KEY UPDATE would have overwritten that other row, so the statement failed instead, as "
                        + "PostgreSQL's ON CONFLICT does");

        assertThat(clients.findByKey(30L)).contains(Clients.client(30));
        assertThat(clients.findByKey(31L)).isEmpty();
        assertThat(clients.count()).isEqualTo(1);
    }

    @Test
    void shouldFailWhenTheKeyAndTheConflictTargetMatchTwoDifferentRows() {
        clients.upsertAll(List.of(Clients.client(1), Clients.client(2)));

        assertThatThrownBy(() -> clients.upsertAll(List.of(Clients.client(1).withId(2L))))
                .isInstanceOf(DataAccessException.class)
                .hasMessageStartingWith("upsertAll on legacy table tbl_clients refused a row that matches an existing row "
                        + "on a unique key other than the conflict target");
        assertThat(clients.findByKeys(List.of(1L, 2L))).containsExactly(Clients.client(1), Clients.client(2));
    }

    @Test
    void shouldKeepTheLastDuplicateOfAConflictKeyInOneBatch() {
        List<Client> batch = new java.util.ArrayList<>(LongStream.rangeClosed(1, 40).mapToObj(Clients::client).toList());
        batch.add(Clients.client(7).withName("seven, last"));

        assertThat(clients.upsertAll(batch)).isEqualTo(40);

        assertThat(clients.findByKey(7L)).contains(Clients.client(7).withName("seven, last"));
        assertThat(clients.count()).isEqualTo(40);
    }

    @Test
    void shouldGuardAnUpsertOnTheKeyAgainstAnotherUniqueColumn() {
        contacts.upsertAll(List.of(new Contact(1L, "ann@example.com", "Ann"), new Contact(2L, "bob@example.com", "Bob")));

        contacts.upsertAll(List.of(new Contact(1L, "ann@example.org", "Ann B.")));
        assertThatThrownBy(() -> contacts.upsertAll(List.of(new Contact(3L, "bob@example.com", "Not Bob"))))
                .isInstanceOf(DataAccessException.class)
                .hasMessage("upsertAll on legacy table contacts refused a row that matches an existing row on a unique "
                        + "key other than the conflict target (id): UNIQUE email (email); MariaDB's ON DUPLICATE KEY "
                        + "UPDATE would have overwritten that other row, so the statement failed instead, as PostgreSQL's "
                        + "ON CONFLICT does");

        assertThat(contacts.findByKeys(List.of(1L, 2L, 3L))).containsExactly(
                new Contact(1L, "ann@example.org", "Ann B."), new Contact(2L, "bob@example.com", "Bob"));
    }

    @Test
    void shouldUpsertATableWhoseOnlyColumnsAreTheKeyAsInsertOrNothing() {
        database.execute("CREATE TABLE links (staff_id bigint NOT NULL, service_id bigint NOT NULL, "
                + "PRIMARY KEY (staff_id, service_id))");
        record Link(Long staffId, Long serviceId) {
        }
        record LinkKey(long staffId, long serviceId) {
        }
        EntityMapping<Link, LinkKey> links = EntityMapping.builder(Link.class, LinkKey.class)
                .table("links")
                .key("staff_id", ColumnType.BIGINT, Link::staffId)
                .key("service_id", ColumnType.BIGINT, Link::serviceId)
                .reader(row -> new Link(row.getLong("staff_id"), row.getLong("service_id")))
                .build();
        LegacyStore<Link, LinkKey> store = adapter.store(links);

        store.upsertAll(List.of(new Link(1L, 2L), new Link(1L, 3L)));
        store.upsertAll(List.of(new Link(1L, 2L)));

        assertThat(store.scan(null, 10)).containsExactly(new Link(1L, 2L), new Link(1L, 3L));
    }

    @Test
    void shouldRefuseATableWhoseUpsertCannotBeGuarded() {
        database.execute("CREATE TABLE loose (id bigint NULL UNIQUE, code varchar(20) NULL UNIQUE)");
        record Loose(Long id, String code) {
        }
        EntityMapping<Loose, Long> loose = EntityMapping.builder(Loose.class, Long.class)
                .table("loose")
                .key("id", ColumnType.BIGINT, Loose::id)
                .nullableColumn("code", ColumnType.TEXT, Loose::code)
                .conflictTarget("code")
                .reader(row -> new Loose(row.getLong("id"), row.getString("code")))
                .build();

        assertThatThrownBy(() -> adapter.store(loose))
                .isInstanceOf(SchemaMismatchException.class)
                .hasMessage("Schema of legacy table loose (for loose) does not fit its mapping: upserts cannot be confined "
                        + "to the conflict target (code): MariaDB's INSERT ... ON DUPLICATE KEY UPDATE also matches UNIQUE "
                        + "id (id), and no mapped column is NOT NULL to guard against updating a row found through them; "
                        + "make a mapped column NOT NULL or drop the other unique keys");
    }
}
