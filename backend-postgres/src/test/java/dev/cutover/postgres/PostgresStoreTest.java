package dev.cutover.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.cutover.Backend;
import dev.cutover.DataAccessException;
import dev.cutover.testkit.TestDatabase;
import dev.cutover.testkit.TestPostgres;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import java.util.stream.LongStream;
import org.jooq.Field;
import org.jooq.Record;
import org.jooq.impl.DSL;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** What the PostgreSQL store adds to the contract: upsert semantics, exact types, jOOQ access, failures. */
class PostgresStoreTest {
    private static TestDatabase database;
    private static PostgresAdapter adapter;
    private static PostgresStore<Client, Long> clients;
    private static PostgresStore<Shift, Shift.Key> shifts;

    @BeforeAll
    static void createTables() {
        database = TestPostgres.server().createDatabase("pg_store");
        database.execute(Client.DDL, Shift.DDL);
        adapter = Adapters.create(database);
        clients = adapter.store(Client.MAPPING);
        shifts = adapter.store(Shift.MAPPING);
    }

    @AfterAll
    static void dropDatabase() {
        adapter.close();
        database.close();
    }

    @BeforeEach
    void emptyTables() {
        database.execute("TRUNCATE clients, shifts");
    }

    @Test
    void shouldLetTheLastEntityWinWhenABatchRepeatsAConflictKey() {
        Client first = Client.number(1);
        Client second = first.withName("second");
        Client otherKeySameTarget = Client.number(2).withTarget(first.yclientsId(), first.companyId()).withName("third");
        Client unrelated = Client.number(4);

        int written = clients.upsertAll(List.of(first, unrelated, second, otherKeySameTarget));

        assertThat(written).isEqualTo(2);
        assertThat(clients.scan(null, 10)).containsExactly(otherKeySameTarget, unrelated);
    }

    @Test
    void shouldMatchExistingRowsOnTheConflictTargetAndUpdateEveryOtherColumn() {
        Client stored = Client.number(10);
        clients.upsertAll(List.of(stored));
        Client sameTarget = new Client(11L, stored.yclientsId(), stored.companyId(), "renumbered", null, null, true,
                stored.createdAt(), null, null, null, null);

        assertThat(clients.upsertAll(List.of(sameTarget))).isEqualTo(1);

        assertThat(clients.count()).isEqualTo(1);
        assertThat(clients.findByKey(10L)).isEmpty();
        assertThat(clients.findByKey(11L)).contains(sameTarget);
    }

    @Test
    void shouldUpsertALargeBatchThroughItsStageAsExactlyAsASmallOne() {
        Client extreme = extreme("ʻOkina 🚀 \\ ' \"\t\n",
                Client.json("{\"big\": 12345678901234567890.123456789, \"u\": \"\\u00e9\\t\"}"),
                TextNode.valueOf("{\"not\": \"an object\"}"));
        List<Client> first = new ArrayList<>(LongStream.rangeClosed(1, 300).mapToObj(Client::number).toList());
        first.add(extreme);
        first.add(Client.number(7).withName("repeated: the last one wins"));
        List<Client> second = LongStream.rangeClosed(201, 400).mapToObj(n -> Client.number(n).withName("v2 " + n)).toList();

        assertThat(clients.upsertAll(first)).isEqualTo(301);
        // Twice in one transaction: the second upsert must not meet the first one's staged rows.
        assertThat(dev.cutover.tx.spi.UnitOfWork.run(() -> clients.upsertAll(second) == 200
                && clients.upsertAll(second) == 200)).isTrue();

        assertThat(clients.count()).isEqualTo(401);
        assertThat(clients.findByKey(Long.MAX_VALUE)).contains(extreme);
        assertThat(clients.findByKey(7L)).contains(Client.number(7).withName("repeated: the last one wins"));
        assertThat(clients.findByKey(200L)).contains(Client.number(200));
        assertThat(clients.findByKey(400L)).contains(second.get(199));
        assertThat(database.queryLong("SELECT count(*) FROM clients WHERE json_typeof(visit_history) = 'string'"))
                .isEqualTo(1);
    }

    /** A client at the edges of its columns' types, with these name and JSON values. */
    private static Client extreme(String name, JsonNode aiContext, JsonNode visitHistory) {
        return new Client(Long.MAX_VALUE, Long.MIN_VALUE, Integer.MIN_VALUE, name, "", new BigDecimal("-999999999999.99"),
                false, Instant.parse("1901-12-13T20:45:52.000001Z"), java.time.LocalDate.of(2400, 2, 29),
                new java.util.UUID(-1L, 1L), aiContext, visitHistory);
    }

    @Test
    void shouldFindManyKeysInOneCallInKeyOrder() {
        List<Client> stored = LongStream.rangeClosed(1, 3_000).mapToObj(Client::number).toList();
        clients.upsertAll(stored);
        List<Long> asked = new ArrayList<>(LongStream.rangeClosed(500, 2_999).boxed().toList());
        asked.addAll(LongStream.rangeClosed(10_001, 10_100).boxed().toList());
        Collections.shuffle(asked, new Random(3));

        List<Client> found = clients.findByKeys(asked);

        assertThat(found).hasSize(2_500);
        assertThat(found).isSortedAccordingTo(Comparator.comparing(Client::id));
        assertThat(found.get(0)).isEqualTo(stored.get(499));
        assertThat(clients.deleteByKeys(asked)).isEqualTo(2_500);
        assertThat(clients.count()).isEqualTo(500);
    }

    @Test
    void shouldFindCompositeKeysWhoseTextNeedsQuoting() {
        List<Shift> stored = LongStream.rangeClosed(1, 40).mapToObj(Shift::number).toList();
        shifts.upsertAll(stored);
        List<Shift.Key> asked = List.of(stored.get(7).key(), new Shift.Key(1L, "absent"), stored.get(3).key(),
                new Shift.Key(stored.get(3).companyId(), stored.get(7).code()));

        assertThat(shifts.findByKeys(asked)).containsExactlyInAnyOrder(stored.get(7), stored.get(3));
        assertThat(shifts.findByKey(stored.get(7).key())).contains(stored.get(7));
        assertThat(shifts.deleteByKeys(asked)).isEqualTo(2);
        assertThat(shifts.count()).isEqualTo(38);
    }

    @Test
    void shouldRefuseANonPositiveLimitNamingIt() {
        assertThatThrownBy(() -> clients.scan(null, -5))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("scan limit must be at least 1, was -5");
        assertThatThrownBy(() -> clients.findWhere(DSL.noCondition(), 0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("findWhere limit must be at least 1, was 0");
    }

    @Test
    void shouldReturnEveryTypeExactlyAsWritten() {
        Client extreme = extreme("ʻOkina 🚀 \\ ' \"",
                Client.json("{\"big\": 12345678901234567890.123456789, \"empty\": {}, \"list\": [], \"u\": \"\\u00e9\"}"),
                Client.json("{\"nul\": \"a\\u0000b\", \"dup\": 1, \"x\": [1, 2.50]}"));

        clients.upsertAll(List.of(extreme));

        assertThat(clients.findByKey(Long.MAX_VALUE)).contains(extreme);
        assertThat(database.queryLong("SELECT count(*) FROM clients WHERE created_at = '1901-12-13 20:45:52.000001+00'"
                + " AND balance = -999999999999.99 AND ai_context @> '{\"u\": \"é\"}'")).isEqualTo(1);
    }

    @Test
    void shouldBindJsonbExplicitlySoThatAJsonStringStaysAString() {
        JsonNode textThatLooksLikeJson = TextNode.valueOf("{\"not\": \"an object\"}");
        Client client = Client.number(5).withJson(textThatLooksLikeJson, TextNode.valueOf("[1]"));

        clients.upsertAll(List.of(client));

        assertThat(clients.findByKey(5L)).contains(client);
        assertThat(database.queryLong("SELECT count(*) FROM clients WHERE jsonb_typeof(ai_context) = 'string'"
                + " AND json_typeof(visit_history) = 'string'")).isEqualTo(1);
    }

    @Test
    void shouldFindWhereAConditionHoldsInKeyOrderUpToTheLimit() {
        clients.upsertAll(LongStream.rangeClosed(1, 20).mapToObj(Client::number).toList());

        List<Client> vips = clients.findWhere(clients.field("vip", Boolean.class).isTrue()
                .and(clients.field("created_at", Instant.class).gt(Instant.parse("2024-03-01T12:00:00Z"))), 3);

        assertThat(vips).extracting(Client::id).containsExactly(2L, 4L, 6L);
    }

    @Test
    void shouldReadEntitiesFromRecordsOfHandWrittenQueries() {
        Client client = Client.number(7);
        clients.upsertAll(List.of(client, Client.number(8)));

        Client typed = adapter.dsl().selectFrom(clients.table()).where(clients.field("id", Long.class).eq(7L))
                .fetchSingle(clients::fromRecord);
        Record plainSql = adapter.dsl().resultQuery("SELECT * FROM clients WHERE id = ?", 7L).fetchSingle();
        List<Field<?>> reversedAndUnqualified = new ArrayList<>();
        for (Field<?> field : clients.table().fields()) {
            reversedAndUnqualified.add(0, DSL.field(DSL.name(field.getName())));
        }
        Client reordered = adapter.dsl().select(reversedAndUnqualified).from(DSL.table(DSL.name("clients")))
                .where(DSL.field(DSL.name("id")).eq(7L))
                .fetchSingle(clients::fromRecord);

        assertThat(typed).isEqualTo(client);
        assertThat(clients.fromRecord(plainSql)).isEqualTo(client);
        assertThat(reordered).isEqualTo(client);
    }

    @Test
    void shouldNameTheColumnsARecordLacks() {
        clients.upsertAll(List.of(Client.number(1)));
        Record partial = adapter.dsl().select(clients.field("id"), clients.field("name")).from(clients.table()).fetchSingle();

        assertThatThrownBy(() -> clients.fromRecord(partial))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("The record lacks column(s) yclients_id, company_id, phone, balance, vip, created_at, birthday, "
                        + "external_ref, ai_context, visit_history of public.clients; select every mapped column: id, "
                        + "yclients_id, company_id, name, phone, balance, vip, created_at, birthday, external_ref, "
                        + "ai_context, visit_history");
    }

    @Test
    void shouldNameUnknownColumnsAndWrongTypesOfFields() {
        assertThat(clients.table().getQualifiedName().toString()).isEqualTo("\"public\".\"clients\"");
        assertThat(clients.field("ai_context").getType()).isEqualTo(JsonNode.class);
        assertThatThrownBy(() -> clients.field("email"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Table public.clients has no mapped column 'email'; mapped columns: id, yclients_id, "
                        + "company_id, name, phone, balance, vip, created_at, birthday, external_ref, ai_context, "
                        + "visit_history");
        assertThatThrownBy(() -> clients.field("created_at", java.time.OffsetDateTime.class))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Column public.clients.created_at is TIMESTAMPTZ, carried as java.time.Instant, "
                        + "not java.time.OffsetDateTime");
    }

    @Test
    void shouldReportAFailedStatementWithOperationTableAndSqlState() {
        clients.upsertAll(List.of(Client.number(1)));
        Client sameKeyOtherTarget = Client.number(1).withYclientsId(999);

        assertThatThrownBy(() -> clients.upsertAll(List.of(sameKeyOtherTarget)))
                .isInstanceOfSatisfying(DataAccessException.class, e -> {
                    assertThat(e.sqlState()).isEqualTo("23505");
                    assertThat(e.backend()).isEqualTo(Backend.POSTGRES);
                })
                .hasMessage("upsertAll on public.clients failed (SQLState 23505): ERROR: duplicate key value violates "
                        + "unique constraint \"clients_pkey\"\n  Detail: Key (id)=(1) already exists.");
    }

    @Test
    void shouldReportFailuresOfHandWrittenQueriesAsDataAccessExceptions() {
        assertThatThrownBy(() -> adapter.dsl().fetch("SELECT * FROM no_such_table"))
                .isInstanceOfSatisfying(DataAccessException.class, e -> assertThat(e.sqlState()).isEqualTo("42P01"))
                .hasMessage("PostgreSQL query failed (SQLState 42P01): ERROR: relation \"no_such_table\" does not exist\n"
                        + "  Position: 15");
    }

    @Test
    void shouldReturnTheSameStoreForTheSameMapping() {
        assertThat(adapter.store(Client.MAPPING)).isSameAs(clients);
        assertThat(clients.mapping()).isSameAs(Client.MAPPING);
        assertThat(clients).hasToString("PostgresStore[public.clients]");
    }
}
