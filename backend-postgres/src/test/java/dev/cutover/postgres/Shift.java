package dev.cutover.postgres;

import dev.cutover.mapping.ColumnType;
import dev.cutover.mapping.EntityMapping;
import java.time.Instant;

/** A staff shift, keyed by (company, code): a composite key whose text part needs quoting in arrays. */
public record Shift(Long companyId, String code, String note, Integer hours, Instant updatedAt) {

    /** The composite key: components are the key columns, in key order. */
    public record Key(Long companyId, String code) {
    }

    static final String DDL = """
            CREATE TABLE shifts (
                company_id bigint NOT NULL,
                code text NOT NULL,
                note text,
                hours integer NOT NULL,
                updated_at timestamptz NOT NULL,
                PRIMARY KEY (company_id, code)
            )""";

    static final EntityMapping<Shift, Key> MAPPING = EntityMapping.builder(Shift.class, Key.class)
            .table("shifts")
            .key("company_id", ColumnType.BIGINT, Shift::companyId)
            .key("code", ColumnType.TEXT, Shift::code)
            .nullableColumn("note", ColumnType.TEXT, Shift::note)
            .column("hours", ColumnType.INTEGER, Shift::hours)
            .column("updated_at", ColumnType.TIMESTAMPTZ, Shift::updatedAt)
            .reader(row -> new Shift(row.getLong("company_id"), row.getString("code"), row.getString("note"),
                    row.getInteger("hours"), row.getInstant("updated_at")))
            .build();

    /** Shift number {@code n}; codes carry the characters PostgreSQL array literals must escape. */
    static Shift number(long n) {
        return new Shift(n % 4 + 1, "shift " + n + " \"night\", {a,b} \\ ёж NULL", n % 2 == 0 ? null : "note " + n,
                (int) (n % 12), Instant.parse("2024-05-01T00:00:00Z").plusSeconds(n));
    }

    Key key() {
        return new Key(companyId, code);
    }
}
