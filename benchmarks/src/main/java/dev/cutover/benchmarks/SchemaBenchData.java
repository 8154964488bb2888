package dev.cutover.benchmarks;

import dev.cutover.backfill.BackfillSource;
import dev.cutover.legacy.LegacyAdapter;
import dev.cutover.legacy.LegacyStorage;
import dev.cutover.legacy.LegacyTable;
import dev.cutover.mapping.Column;
import dev.cutover.mapping.ColumnType;
import dev.cutover.mapping.EntityMapping;
import dev.cutover.reference.Mappings;
import dev.cutover.reference.legacy.LegacyTables;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The whole-schema benchmark's data: the reference domain's six tables at a realistic shape (one large, a few mid-size)
 * plus eight small lookup tables with {@code serial}/identity ids, generated in the legacy PostgreSQL database by SQL;
 * foreign keys between them on both sides, so that every tool ends with data, indexes, foreign keys and sequences.
 */
final class SchemaBenchData {
    /** A small lookup table of the benchmark's own. */
    record Ref(long id, String code, String label, Instant createdAt) {
    }

    static final int SMALL_TABLES = 8;

    final int companies;
    final int clients;
    final int staff;
    final int services;
    final int staffServices;
    final int bookings;
    /**
     * Whether the legacy columns are altered to the target's types (jsonb, boolean, timestamptz), so that every table
     * has the same types on both sides and Cutover copies it by pass-through (BackfillConfig.passThrough()).
     */
    final boolean sameTypes;

    SchemaBenchData(double scale, boolean sameTypes) {
        this.sameTypes = sameTypes;
        companies = (int) (2_000 * scale);
        clients = (int) (1_000_000 * scale);
        staff = (int) (40_000 * scale);
        services = (int) (60_000 * scale);
        staffServices = (int) (120_000 * scale);
        bookings = (int) (700_000 * scale);
    }

    static int smallRows(int table) {
        return 2_000 * table; // 2,000 .. 16,000
    }

    /** Legacy table name to its row count, in the order the sources are given (not dependency order). */
    Map<String, Long> legacyCounts() {
        Map<String, Long> counts = new LinkedHashMap<>();
        counts.put("tbl_records", (long) bookings);
        counts.put("tbl_clients", (long) clients);
        counts.put("tbl_staff_services", (long) staffServices);
        counts.put("tbl_staff", (long) staff);
        counts.put("tbl_services", (long) services);
        counts.put("tbl_company", (long) companies);
        for (int t = 1; t <= SMALL_TABLES; t++) {
            counts.put(small("tbl_ref_", t), (long) smallRows(t));
        }
        return counts;
    }

    long totalRows() {
        return legacyCounts().values().stream().mapToLong(Long::longValue).sum();
    }

    static String small(String prefix, int table) {
        return prefix + String.format("%02d", table);
    }

    /** Rows for the legacy tables (the reference legacy schema must exist), then the legacy foreign keys. */
    String[] legacySql() {
        String ts = "timestamp '2024-01-01' + g * interval '1 second'";
        List<String> sql = new ArrayList<>(List.of(
                "INSERT INTO tbl_company SELECT g, 'Company ' || g, 'Europe/Moscow', " + ts + " FROM generate_series(1, "
                        + companies + ") g",
                "INSERT INTO tbl_clients SELECT g, 100000 + g, 1 + (g - 1) % " + companies + ", 'Client ' || g, "
                        + "'+7900' || lpad(g::text, 7, '0'), 'client' || g || '@example.com', "
                        + "'{\"tone\": \"warm\", \"summary\": \"client ' || g || ' prefers mornings and short visits\", "
                        + "\"tags\": [\"regular\", \"sms\"], \"score\": ' || (g % 100) || '}', "
                        + "'[{\"at\": \"2024-01-01T10:00:00Z\", \"service\": ' || (g % 50) || ', \"paid\": true}]', "
                        + "(g % 10 = 0)::int, (g % 100000) / 100.0, " + ts + ", " + ts + " FROM generate_series(1, " + clients
                        + ") g",
                "INSERT INTO tbl_staff SELECT g, 200000 + g, 1 + (g - 1) % " + companies + ", 'Staff ' || g, 'barber', "
                        + "'{\"shift\": \"day\"}', 1, " + ts + " FROM generate_series(1, " + staff + ") g",
                "INSERT INTO tbl_services SELECT g, 300000 + g, 1 + (g - 1) % " + companies + ", 'Service ' || g, "
                        + "1000 + g % 500, 30 + g % 90, " + ts + " FROM generate_series(1, " + services + ") g",
                "INSERT INTO tbl_staff_services SELECT 1 + (g - 1) % " + staff + ", 1 + (g - 1) / " + staff
                        + ", CASE WHEN g % 3 = 0 THEN 999.50 END FROM generate_series(1, " + staffServices + ") g",
                "INSERT INTO tbl_records SELECT g, 400000 + g, 1 + (g - 1) % " + companies + ", 1 + (g - 1) % " + clients
                        + ", CASE WHEN g % 5 = 0 THEN NULL ELSE 1 + (g - 1) % " + staff + " END, 1 + (g - 1) % " + services
                        + ", " + ts + ", " + ts + " + interval '1 hour', 'done', 1500, CASE WHEN g % 4 = 0 THEN 'note ' || g END, "
                        + ts + " FROM generate_series(1, " + bookings + ") g"));
        for (int t = 1; t <= SMALL_TABLES; t++) {
            String table = small("tbl_ref_", t);
            sql.add("CREATE TABLE " + table + " (ref_id bigserial PRIMARY KEY, code text NOT NULL UNIQUE, label text, "
                    + "created timestamp NOT NULL)");
            sql.add("INSERT INTO " + table + " (code, label, created) SELECT 'C' || g, 'Label ' || g, " + ts
                    + " FROM generate_series(1, " + smallRows(t) + ") g");
        }
        sql.addAll(foreignKeys("tbl_company", "company_id", "tbl_clients", "tbl_staff", "tbl_services", "tbl_records",
                "client_id", "tbl_staff_services", "staff_id", "service_id"));
        if (sameTypes) {
            sql.addAll(targetTypes());
        }
        sql.add("VACUUM ANALYZE"); // a legacy database in service is vacuumed: its visibility map is set
        return sql.toArray(String[]::new);
    }

    /** The legacy columns altered to the target's types, their values converted as Cutover's bindings convert them. */
    private static List<String> targetTypes() {
        String utc = " TYPE timestamptz USING %s AT TIME ZONE 'UTC'";
        List<String> sql = new ArrayList<>(List.of(
                "ALTER TABLE tbl_company ALTER created" + utc.formatted("created"),
                "ALTER TABLE tbl_clients ALTER ai_ctx TYPE jsonb USING ai_ctx::jsonb, ALTER visits_json TYPE jsonb USING "
                        + "visits_json::jsonb, ALTER is_vip DROP DEFAULT, ALTER is_vip TYPE boolean USING is_vip <> 0, "
                        + "ALTER is_vip SET DEFAULT false, ALTER created" + utc.formatted("created") + ", ALTER updated"
                        + utc.formatted("updated"),
                "ALTER TABLE tbl_staff ALTER prefs_json TYPE jsonb USING prefs_json::jsonb, ALTER is_active DROP DEFAULT, "
                        + "ALTER is_active TYPE boolean USING is_active <> 0, ALTER is_active SET DEFAULT true, ALTER "
                        + "updated" + utc.formatted("updated"),
                "ALTER TABLE tbl_services ALTER updated" + utc.formatted("updated"),
                "ALTER TABLE tbl_records ALTER dt_start" + utc.formatted("dt_start") + ", ALTER dt_end"
                        + utc.formatted("dt_end") + ", ALTER updated" + utc.formatted("updated")));
        for (int t = 1; t <= SMALL_TABLES; t++) {
            sql.add("ALTER TABLE " + small("tbl_ref_", t) + " ALTER created" + utc.formatted("created"));
        }
        return sql;
    }

    /** The target's own tables besides the reference target schema, and its foreign keys. */
    static String[] targetSql() {
        List<String> sql = new ArrayList<>();
        for (int t = 1; t <= SMALL_TABLES; t++) {
            sql.add("CREATE TABLE " + small("ref_", t) + " (id bigint GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY, "
                    + "code text NOT NULL UNIQUE, label text, created_at timestamptz NOT NULL)");
        }
        sql.addAll(foreignKeys("companies", "id", "clients", "staff", "services", "bookings", "id", "staff_services", "id",
                "id"));
        return sql.toArray(String[]::new);
    }

    /** The same foreign keys on either side, in that side's names. */
    private static List<String> foreignKeys(String companies, String companyKey, String clients, String staff,
            String services, String bookings, String clientKey, String staffServices, String staffKey, String serviceKey) {
        return List.of(
                "ALTER TABLE " + clients + " ADD FOREIGN KEY (company_id) REFERENCES " + companies + " (" + companyKey + ")",
                "ALTER TABLE " + staff + " ADD FOREIGN KEY (company_id) REFERENCES " + companies + " (" + companyKey + ")",
                "ALTER TABLE " + services + " ADD FOREIGN KEY (company_id) REFERENCES " + companies + " (" + companyKey + ")",
                "ALTER TABLE " + bookings + " ADD FOREIGN KEY (client_id) REFERENCES " + clients + " (" + clientKey + ")",
                "ALTER TABLE " + bookings + " ADD FOREIGN KEY (staff_id) REFERENCES " + staff + " (" + staffKey + ")",
                "ALTER TABLE " + bookings + " ADD FOREIGN KEY (service_id) REFERENCES " + services + " (" + serviceKey + ")",
                "ALTER TABLE " + staffServices + " ADD FOREIGN KEY (staff_id) REFERENCES " + staff + " (" + staffKey + ")",
                "ALTER TABLE " + staffServices + " ADD FOREIGN KEY (service_id) REFERENCES " + services + " (" + serviceKey
                        + ")");
    }

    /** Every table as a backfill source, children before parents (the order a user might list them in). */
    List<BackfillSource<?, ?>> sources(LegacyAdapter legacy) {
        List<BackfillSource<?, ?>> sources = new ArrayList<>(List.of(
                source(legacy, Mappings.BOOKINGS, LegacyTables.BOOKINGS),
                source(legacy, Mappings.CLIENTS, LegacyTables.CLIENTS),
                source(legacy, Mappings.STAFF_SERVICES, LegacyTables.STAFF_SERVICES),
                source(legacy, Mappings.STAFF, LegacyTables.STAFF),
                source(legacy, Mappings.SERVICES, LegacyTables.SERVICES),
                source(legacy, Mappings.COMPANIES, LegacyTables.COMPANIES)));
        for (int t = 1; t <= SMALL_TABLES; t++) {
            EntityMapping<Ref, Long> mapping = EntityMapping.builder(Ref.class, Long.class).table(small("ref_", t))
                    .key("id", ColumnType.BIGINT, Ref::id)
                    .column("code", ColumnType.TEXT, Ref::code)
                    .nullableColumn("label", ColumnType.TEXT, Ref::label)
                    .column("created_at", ColumnType.TIMESTAMPTZ, Ref::createdAt)
                    .reader(r -> new Ref(r.getLong("id"), r.getString("code"), r.getString("label"), r.getInstant("created_at")))
                    .build();
            LegacyTable table = LegacyTable.named(small("tbl_ref_", t)).column("id", "ref_id")
                    .column("created_at", "created").stored("created_at", LegacyStorage.TIMESTAMP_UTC);
            sources.add(source(legacy, mapping, table));
        }
        return sources;
    }

    /** The binding's source, or with {@link #sameTypes} the same names stored natively. */
    private <E, K> BackfillSource<E, K> source(LegacyAdapter legacy, EntityMapping<E, K> mapping, LegacyTable binding) {
        LegacyTable table = binding;
        if (sameTypes) {
            table = LegacyTable.named(binding.name());
            for (Column column : mapping.columns()) {
                String legacyName = binding.legacyName(column.name());
                table = legacyName.equals(column.name()) ? table : table.column(column.name(), legacyName);
            }
        }
        return BackfillSource.legacy(legacy, legacy.store(mapping, table));
    }
}
