package dev.cutover.legacy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cutover.mapping.ColumnType;
import dev.cutover.mapping.EntityMapping;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

/** Visits: a composite key (a record of two components), renamed key columns, storages on an integer column. */
public final class Visits {

    public record VisitKey(long companyId, int visitNo) {
    }

    public record Visit(Long companyId, Integer visitNo, String service, Instant startsAt, JsonNode details, Boolean paid) {
    }

    public static final EntityMapping<Visit, VisitKey> MAPPING = EntityMapping.builder(Visit.class, VisitKey.class)
            .table("visits")
            .key("company_id", ColumnType.BIGINT, Visit::companyId)
            .key("visit_no", ColumnType.INTEGER, Visit::visitNo)
            .column("service", ColumnType.TEXT, Visit::service)
            .column("starts_at", ColumnType.TIMESTAMPTZ, Visit::startsAt)
            .nullableColumn("details", ColumnType.JSON, Visit::details)
            .nullableColumn("paid", ColumnType.BOOLEAN, Visit::paid)
            .reader(row -> new Visit(row.getLong("company_id"), row.getInteger("visit_no"), row.getString("service"),
                    row.getInstant("starts_at"), row.getJson("details"), row.getBoolean("paid")))
            .build();

    public static final LegacyTable TABLE = LegacyTable.named("tbl_visits")
            .column("company_id", "firm_id")
            .column("visit_no", "visit_nr")
            .stored("starts_at", LegacyStorage.TIMESTAMP_UTC)
            .stored("details", LegacyStorage.JSON_TEXT)
            .stored("paid", LegacyStorage.SMALLINT_BOOLEAN);

    public static final String DDL = """
            CREATE TABLE tbl_visits (
              firm_id bigint NOT NULL,
              visit_nr integer NOT NULL,
              service text NOT NULL,
              starts_at timestamp without time zone NOT NULL,
              details varchar(4000),
              paid integer,
              PRIMARY KEY (firm_id, visit_nr)
            )""";

    private static final Instant EPOCH = Instant.parse("2023-10-29T00:30:00Z");

    private Visits() {
    }

    /** Visit {@code n}: keys spread over three companies, so that pages cross company boundaries. */
    public static Visit visit(long n) {
        return new Visit(n % 3 + 1, (int) (n / 3), "service " + n, EPOCH.plus(n * 1_800_000_001L, ChronoUnit.MICROS),
                n % 4 == 0 ? null : Clients.json("{\"room\":" + n + ",\"staff\":[\"anna\"]}"),
                n % 5 == 0 ? null : n % 2 == 0);
    }
}
