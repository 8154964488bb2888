package dev.cutover.postgres;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.cutover.mapping.ColumnType;
import dev.cutover.mapping.EntityMapping;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.util.UUID;

/**
 * The reference domain's client: every column type, nullable columns, and an upsert conflict target
 * ({@code yclients_id, company_id}) that is not the key.
 */
public record Client(Long id, Long yclientsId, Integer companyId, String name, String phone, BigDecimal balance,
        Boolean vip, Instant createdAt, LocalDate birthday, UUID externalRef, JsonNode aiContext, JsonNode visitHistory) {

    /** Like Cutover's own mapper: decimals stay exact, so values compare equal after a round trip. */
    static final JsonMapper JSON = JsonMapper.builder().enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS).build();

    static final String DDL = """
            CREATE TABLE clients (
                id bigint PRIMARY KEY,
                yclients_id bigint NOT NULL,
                company_id integer NOT NULL,
                name text NOT NULL,
                phone varchar(32),
                balance numeric(14, 2),
                vip boolean NOT NULL DEFAULT false,
                created_at timestamptz NOT NULL,
                birthday date,
                external_ref uuid,
                ai_context jsonb,
                visit_history json,
                CONSTRAINT clients_yclients_id_company_id_key UNIQUE (yclients_id, company_id)
            )""";

    static final EntityMapping<Client, Long> MAPPING = EntityMapping.builder(Client.class, Long.class)
            .table("clients")
            .key("id", ColumnType.BIGINT, Client::id)
            .column("yclients_id", ColumnType.BIGINT, Client::yclientsId)
            .column("company_id", ColumnType.INTEGER, Client::companyId)
            .column("name", ColumnType.TEXT, Client::name)
            .nullableColumn("phone", ColumnType.TEXT, Client::phone)
            .nullableColumn("balance", ColumnType.NUMERIC, Client::balance)
            .column("vip", ColumnType.BOOLEAN, Client::vip)
            .column("created_at", ColumnType.TIMESTAMPTZ, Client::createdAt)
            .nullableColumn("birthday", ColumnType.DATE, Client::birthday)
            .nullableColumn("external_ref", ColumnType.UUID, Client::externalRef)
            .nullableColumn("ai_context", ColumnType.JSONB, Client::aiContext)
            .nullableColumn("visit_history", ColumnType.JSON, Client::visitHistory)
            .conflictTarget("yclients_id", "company_id")
            .reader(row -> new Client(row.getLong("id"), row.getLong("yclients_id"), row.getInteger("company_id"),
                    row.getString("name"), row.getString("phone"), row.getBigDecimal("balance"), row.getBoolean("vip"),
                    row.getInstant("created_at"), row.getLocalDate("birthday"), row.getUuid("external_ref"),
                    row.getJson("ai_context"), row.getJson("visit_history")))
            .build();

    /** Client number {@code n}, its nullable columns NULL for some {@code n}. */
    static Client number(long n) {
        return new Client(n, 100_000 + n, (int) (n % 3) + 1, "Client " + n + " «Ünïcode» 'quoted'",
                n % 2 == 0 ? null : "+7 900 " + n,
                n % 5 == 0 ? null : new BigDecimal(n + ".25"),
                n % 2 == 0,
                Instant.parse("2024-03-01T10:15:30.123456Z").plusSeconds(n * 3_600),
                n % 4 == 0 ? null : LocalDate.of(1990, 1, 1).plusDays(n),
                n % 3 == 0 ? null : UUID.nameUUIDFromBytes(("client-" + n).getBytes(StandardCharsets.UTF_8)),
                n % 6 == 0 ? null : json("{\"n\": " + n + ", \"tags\": [\"vip\", \"ёлка\"], \"score\": 1.50, \"nested\": {\"k\": null}}"),
                n % 7 == 0 ? null : json("[{\"at\": \"2024-01-0" + (n % 9 + 1) + "\", \"price\": 10.00}]"));
    }

    Client withName(String newName) {
        return new Client(id, yclientsId, companyId, newName, phone, balance, vip, createdAt, birthday, externalRef,
                aiContext, visitHistory);
    }

    Client withId(long newId) {
        return new Client(newId, yclientsId, companyId, name, phone, balance, vip, createdAt, birthday, externalRef,
                aiContext, visitHistory);
    }

    Client withTarget(long newYclientsId, int newCompanyId) {
        return new Client(id, newYclientsId, newCompanyId, name, phone, balance, vip, createdAt, birthday, externalRef,
                aiContext, visitHistory);
    }

    Client withYclientsId(long newYclientsId) {
        return new Client(id, newYclientsId, companyId, name, phone, balance, vip, createdAt, birthday, externalRef,
                aiContext, visitHistory);
    }

    Client withJson(JsonNode newAiContext, JsonNode newVisitHistory) {
        return new Client(id, yclientsId, companyId, name, phone, balance, vip, createdAt, birthday, externalRef,
                newAiContext, newVisitHistory);
    }

    static JsonNode json(String text) {
        try {
            return JSON.readTree(text);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(text, e);
        }
    }
}
