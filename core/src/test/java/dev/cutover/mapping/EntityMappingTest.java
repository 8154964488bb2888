package dev.cutover.mapping;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.math.BigDecimal;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class EntityMappingTest {

    record Client(Long id, Long yclientsId, Long companyId, String name, JsonNode aiContext, BigDecimal balance,
            Instant createdAt) {
    }

    record StaffServiceKey(long staffId, long serviceId) {
    }

    record StaffService(long staffId, long serviceId, BigDecimal price) {
    }

    static final EntityMapping<Client, Long> CLIENTS = EntityMapping.builder(Client.class, Long.class)
            .table("clients")
            .key("id", ColumnType.BIGINT, Client::id)
            .column("yclients_id", ColumnType.BIGINT, Client::yclientsId)
            .column("company_id", ColumnType.BIGINT, Client::companyId)
            .column("name", ColumnType.TEXT, Client::name)
            .nullableColumn("ai_context", ColumnType.JSONB, Client::aiContext)
            .nullableColumn("balance", ColumnType.NUMERIC, Client::balance)
            .column("created_at", ColumnType.TIMESTAMPTZ, Client::createdAt)
            .conflictTarget("yclients_id", "company_id")
            .reader(r -> new Client(r.getLong("id"), r.getLong("yclients_id"), r.getLong("company_id"), r.getString("name"),
                    r.getJson("ai_context"), r.getBigDecimal("balance"), r.getInstant("created_at")))
            .build();

    static final EntityMapping<StaffService, StaffServiceKey> STAFF_SERVICES =
            EntityMapping.builder(StaffService.class, StaffServiceKey.class)
                    .table("staff_services")
                    .key("staff_id", ColumnType.BIGINT, StaffService::staffId)
                    .key("service_id", ColumnType.BIGINT, StaffService::serviceId)
                    .nullableColumn("price", ColumnType.NUMERIC, StaffService::price)
                    .reader(r -> new StaffService(r.getLong("staff_id"), r.getLong("service_id"), r.getBigDecimal("price")))
                    .build();

    private static final Instant CREATED = Instant.parse("2026-01-02T03:04:05.123456Z");

    private static Client client(String name, JsonNode context) {
        return new Client(42L, 7L, 1L, name, context, new BigDecimal("10.50"), CREATED);
    }

    @Test
    void shouldRoundTripAnEntityThroughARow() {
        Client client = client("Ann", JsonNodeFactory.instance.objectNode().put("tone", "warm"));

        Object[] values = CLIENTS.values(client);

        assertThat(CLIENTS.read(CLIENTS.row(values))).isEqualTo(client);
        assertThat(CLIENTS.keyOf(client)).isEqualTo(42L);
        assertThat(CLIENTS.conflictTarget()).containsExactly("yclients_id", "company_id");
    }

    @Test
    void shouldParseJsonGivenAsText() {
        Client client = new Client(1L, 1L, 1L, "A", null, null, CREATED);
        Object[] values = CLIENTS.values(client);
        assertThat(values[4]).isNull();

        record Loose(Long id, Long yclientsId, Long companyId, String name, Object aiContext) {
        }
        EntityMapping<Loose, Long> loose = EntityMapping.builder(Loose.class, Long.class).table("clients")
                .key("id", ColumnType.BIGINT, Loose::id)
                .nullableColumn("ai_context", ColumnType.JSONB, Loose::aiContext)
                .reader(r -> new Loose(r.getLong("id"), null, null, null, r.getJson("ai_context")))
                .build();
        assertThat(loose.values(new Loose(1L, null, null, null, "{\"a\": [1, 2.50]}"))[1])
                .hasToString("{\"a\":[1,2.50]}");
        assertThatThrownBy(() -> loose.values(new Loose(9L, null, null, null, "{not json")))
                .isInstanceOf(InvalidValueException.class)
                .hasMessageStartingWith("clients.ai_context (key 9) is not valid JSON: ")
                .hasMessageEndingWith("; value starts with '{not json'");
        assertThatThrownBy(() -> loose.values(new Loose(9L, null, null, null, "{} trailing")))
                .hasMessageStartingWith("clients.ai_context (key 9) is not valid JSON: ");
        assertThatThrownBy(() -> loose.values(new Loose(9L, null, null, null, 3.5)))
                .hasMessage("clients.ai_context (key 9) has a java.lang.Double value; allowed: "
                        + "com.fasterxml.jackson.databind.JsonNode (or a String holding JSON)");
    }

    @Test
    void shouldRefuseNulCharactersThatPostgresCannotStore() {
        assertThatThrownBy(() -> CLIENTS.values(client("An\0n", null)))
                .isInstanceOf(InvalidValueException.class)
                .hasMessage("clients.name (key 42) contains a NUL character (U+0000) at index 2, which PostgreSQL text "
                        + "cannot store; remove or replace it before writing")
                .satisfies(e -> {
                    InvalidValueException invalid = (InvalidValueException) e;
                    assertThat(invalid.table()).isEqualTo("clients");
                    assertThat(invalid.column()).isEqualTo("name");
                });
        JsonNode withNul = JsonNodeFactory.instance.objectNode().set("notes",
                JsonNodeFactory.instance.arrayNode().add("ok").add("bad\0"));
        assertThatThrownBy(() -> CLIENTS.values(client("Ann", withNul)))
                .hasMessage("clients.ai_context (key 42) holds a NUL character (\\u0000) at $.notes[1], which PostgreSQL "
                        + "jsonb rejects; remove or replace it before writing");
    }

    @Test
    void shouldRefuseValuesThatWouldLoseInformation() {
        assertThatThrownBy(() -> CLIENTS.values(new Client(42L, 7L, 1L, null, null, null, CREATED)))
                .hasMessage("clients.name (key 42) is NULL, but the column is NOT NULL");
        assertThatThrownBy(() -> CLIENTS.values(new Client(42L, 7L, 1L, "A", null, null, Instant.parse("2026-01-01T00:00:00.123456789Z"))))
                .hasMessage("clients.created_at (key 42) has nanosecond precision (2026-01-01T00:00:00.123456789Z); "
                        + "PostgreSQL stores microseconds, so it would be silently rounded: truncate it with "
                        + "truncatedTo(ChronoUnit.MICROS)");
    }

    @Test
    void shouldBuildCompositeKeysFromARecord() {
        StaffService link = new StaffService(3, 9, null);

        assertThat(STAFF_SERVICES.keyOf(link)).isEqualTo(new StaffServiceKey(3, 9));
        assertThat(STAFF_SERVICES.keyValues(new StaffServiceKey(3, 9))).containsExactly(3L, 9L);
        assertThat(STAFF_SERVICES.key(new Object[] {4L, 5L})).isEqualTo(new StaffServiceKey(4, 5));
        assertThat(STAFF_SERVICES.keyOf(STAFF_SERVICES.row(STAFF_SERVICES.values(link)))).isEqualTo(new StaffServiceKey(3, 9));
    }

    @Test
    void shouldExplainMappingMistakes() {
        assertThatThrownBy(() -> EntityMapping.builder(StaffService.class, String.class).table("staff_services")
                .key("staff_id", ColumnType.BIGINT, StaffService::staffId)
                .key("service_id", ColumnType.BIGINT, StaffService::serviceId)
                .reader(r -> null).build())
                .hasMessage("Composite key of staff_services needs a record type with components [Long staff_id, Long "
                        + "service_id], or an explicit keyCodec; got java.lang.String");
        assertThatThrownBy(() -> EntityMapping.builder(Client.class, Integer.class).table("clients")
                .key("id", ColumnType.BIGINT, Client::id).reader(r -> null).build())
                .hasMessage("Key type java.lang.Integer of clients does not match its key column id (BIGINT is carried as "
                        + "java.lang.Long)");
        assertThatThrownBy(() -> EntityMapping.builder(Client.class, Long.class).table("clients")
                .key("id", ColumnType.BIGINT, Client::id).conflictTarget("yclients_id").reader(r -> null).build())
                .hasMessage("Conflict target column 'yclients_id' of clients is not a column of the mapping of Client; its "
                        + "columns: [id]");
        assertThatThrownBy(() -> EntityMapping.builder(Client.class, Long.class).table("Clients"))
                .hasMessage("Table name 'Clients' is not a plain lower-case SQL identifier ([a-z_][a-z0-9_]*)");
        assertThatThrownBy(() -> EntityMapping.builder(Client.class, Long.class).table("clients")
                .key("id", ColumnType.BIGINT, Client::id).build())
                .hasMessage("The mapping of Client has no reader: call reader(row -> new Client(...))");
        assertThatThrownBy(() -> CLIENTS.indexOf("nmae"))
                .hasMessage("Table clients has no column 'nmae'; its columns: [id, yclients_id, company_id, name, ai_context, "
                        + "balance, created_at]");
    }

    @Test
    void shouldWidenExactNumbersButNeverBinaryFractions() {
        record Money(Long id, Object amount) {
        }
        EntityMapping<Money, Long> money = EntityMapping.builder(Money.class, Long.class).table("money")
                .key("id", ColumnType.BIGINT, Money::id)
                .column("amount", ColumnType.NUMERIC, Money::amount)
                .reader(r -> new Money(r.getLong("id"), r.getBigDecimal("amount"))).build();

        assertThat(money.values(new Money(1L, 5))[1]).isEqualTo(new BigDecimal("5"));
        assertThatThrownBy(() -> money.values(new Money(1L, 0.1)))
                .hasMessage("money.amount (key 1) has a java.lang.Double value; allowed: java.math.BigDecimal (or "
                        + "BigInteger, Long, Integer; never double or float)");
    }
}
