package dev.cutover.legacy;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.cutover.mapping.ColumnType;
import dev.cutover.mapping.EntityMapping;
import dev.cutover.mapping.spi.Values;
import dev.cutover.testkit.TestDatabase;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.UUID;

/**
 * The reference domain's clients: every logical column type, renamed columns, the three non-native
 * storages, nullable columns and a composite UNIQUE conflict target that is not the key.
 */
public final class Clients {

    public record Client(Long id, String name, Long yclientsId, Integer companyId, BigDecimal balance, Boolean active,
            Boolean vip, Instant createdAt, Instant updatedAt, LocalDate birthday, UUID externalId, JsonNode aiContext,
            JsonNode preferences, JsonNode visitHistory, String note) {

        public Client withName(String newName) {
            return new Client(id, newName, yclientsId, companyId, balance, active, vip, createdAt, updatedAt, birthday,
                    externalId, aiContext, preferences, visitHistory, note);
        }

        public Client withAiContext(JsonNode newAiContext) {
            return new Client(id, name, yclientsId, companyId, balance, active, vip, createdAt, updatedAt, birthday,
                    externalId, newAiContext, preferences, visitHistory, note);
        }

        public Client withId(Long newId) {
            return new Client(newId, name, yclientsId, companyId, balance, active, vip, createdAt, updatedAt, birthday,
                    externalId, aiContext, preferences, visitHistory, note);
        }

        public Client withNote(String newNote) {
            return new Client(id, name, yclientsId, companyId, balance, active, vip, createdAt, updatedAt, birthday,
                    externalId, aiContext, preferences, visitHistory, newNote);
        }
    }

    public static final EntityMapping<Client, Long> MAPPING = EntityMapping.builder(Client.class, Long.class)
            .table("clients")
            .key("id", ColumnType.BIGINT, Client::id)
            .column("name", ColumnType.TEXT, Client::name)
            .column("yclients_id", ColumnType.BIGINT, Client::yclientsId)
            .column("company_id", ColumnType.INTEGER, Client::companyId)
            .column("balance", ColumnType.NUMERIC, Client::balance)
            .column("active", ColumnType.BOOLEAN, Client::active)
            .column("vip", ColumnType.BOOLEAN, Client::vip)
            .column("created_at", ColumnType.TIMESTAMPTZ, Client::createdAt)
            .nullableColumn("updated_at", ColumnType.TIMESTAMPTZ, Client::updatedAt)
            .nullableColumn("birthday", ColumnType.DATE, Client::birthday)
            .column("external_id", ColumnType.UUID, Client::externalId)
            .nullableColumn("ai_context", ColumnType.JSONB, Client::aiContext)
            .nullableColumn("preferences", ColumnType.JSONB, Client::preferences)
            .nullableColumn("visit_history", ColumnType.JSON, Client::visitHistory)
            .nullableColumn("note", ColumnType.TEXT, Client::note)
            .conflictTarget("yclients_id", "company_id")
            .reader(row -> new Client(row.getLong("id"), row.getString("name"), row.getLong("yclients_id"),
                    row.getInteger("company_id"), row.getBigDecimal("balance"), row.getBoolean("active"),
                    row.getBoolean("vip"), row.getInstant("created_at"), row.getInstant("updated_at"),
                    row.getLocalDate("birthday"), row.getUuid("external_id"), row.getJson("ai_context"),
                    row.getJson("preferences"), row.getJson("visit_history"), row.getString("note")))
            .build();

    public static final LegacyTable TABLE = LegacyTable.named("tbl_clients")
            .column("name", "full_name")
            .column("yclients_id", "yc_id")
            .column("company_id", "firm_id")
            .column("ai_context", "ai_context_json").stored("ai_context", LegacyStorage.JSON_TEXT)
            .column("vip", "is_vip").stored("vip", LegacyStorage.SMALLINT_BOOLEAN)
            .stored("created_at", LegacyStorage.TIMESTAMP_UTC);

    public static final String DDL = """
            CREATE TABLE tbl_clients (
              id bigint PRIMARY KEY,
              full_name varchar(200) NOT NULL,
              yc_id bigint NOT NULL,
              firm_id integer NOT NULL,
              balance numeric(12, 2) NOT NULL,
              active boolean NOT NULL,
              is_vip smallint NOT NULL,
              created_at timestamp NOT NULL,
              updated_at timestamptz,
              birthday date,
              external_id uuid NOT NULL,
              ai_context_json text,
              preferences jsonb,
              visit_history json,
              note text,
              CONSTRAINT tbl_clients_yc_firm UNIQUE (yc_id, firm_id)
            )""";

    private static final Instant EPOCH = Instant.parse("2024-03-31T00:59:59.123456Z");

    private Clients() {
    }

    public static void createTable(TestDatabase database) {
        database.execute(DDL);
    }

    public static LegacyAdapter adapter(TestDatabase database) {
        return LegacyAdapter.create(config(database).build());
    }

    public static LegacyConfig.Builder config(TestDatabase database) {
        return LegacyConfig.custom().jdbcUrl(database.jdbcUrl()).username(database.username())
                .password(database.password()).maximumPoolSize(4);
    }

    /** A client with every value derived from {@code n}; some nullable values are null for some {@code n}. */
    public static Client client(long n) {
        return new Client(n, "Client " + n + " Ünïcode ✓", 100_000 + n, (int) (n % 3) + 1,
                BigDecimal.valueOf(n * 137 + 5, 2), n % 2 == 0, n % 3 == 0,
                EPOCH.plus(n * 3_607_000_123L, ChronoUnit.MICROS),
                n % 4 == 0 ? null : EPOCH.minus(n * 86_400_000_001L, ChronoUnit.MICROS),
                n % 5 == 0 ? null : LocalDate.of(1980, 2, 29).plusDays(n * 37),
                new UUID(n * 0x9E3779B97F4A7C15L, n),
                n % 6 == 0 ? null : json("{\"tone\":\"warm\",\"score\":" + n + ",\"tags\":[\"a\",\"b\"],\"ratio\":1.25}"),
                n % 7 == 0 ? null : json("{\"lang\":\"ru\",\"nested\":{\"x\":[1,2,{\"y\":null}]}}"),
                n % 8 == 0 ? null : json("[{\"day\":\"2024-01-0" + (n % 9 + 1) + "\",\"ok\":true}]"),
                n % 2 == 0 ? null : "note " + n);
    }

    public static JsonNode json(String text) {
        try {
            return Values.json().readTree(text);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(text, e);
        }
    }
}
