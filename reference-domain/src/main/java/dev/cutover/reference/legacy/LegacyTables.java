package dev.cutover.reference.legacy;

import static dev.cutover.legacy.LegacyStorage.JSON_TEXT;
import static dev.cutover.legacy.LegacyStorage.SMALLINT_BOOLEAN;
import static dev.cutover.legacy.LegacyStorage.TIMESTAMP_UTC;

import dev.cutover.legacy.LegacyTable;

/** How the reference mappings are stored in the legacy schema: its table and column names, its storage types. */
public final class LegacyTables {

    public static final LegacyTable COMPANIES = LegacyTable.named("tbl_company")
            .column("id", "company_id")
            .column("name", "company_name")
            .column("timezone", "tz")
            .column("created_at", "created").stored("created_at", TIMESTAMP_UTC);

    public static final LegacyTable CLIENTS = LegacyTable.named("tbl_clients")
            .column("id", "client_id")
            .column("yclients_id", "yc_id")
            .column("name", "full_name")
            .column("ai_context", "ai_ctx").stored("ai_context", JSON_TEXT)
            .column("visit_history", "visits_json").stored("visit_history", JSON_TEXT)
            .column("vip", "is_vip").stored("vip", SMALLINT_BOOLEAN)
            .column("created_at", "created").stored("created_at", TIMESTAMP_UTC)
            .column("updated_at", "updated").stored("updated_at", TIMESTAMP_UTC);

    public static final LegacyTable STAFF = LegacyTable.named("tbl_staff")
            .column("id", "staff_id")
            .column("yclients_id", "yc_id")
            .column("name", "staff_name")
            .column("specialization", "spec")
            .column("preferences", "prefs_json").stored("preferences", JSON_TEXT)
            .column("active", "is_active").stored("active", SMALLINT_BOOLEAN)
            .column("updated_at", "updated").stored("updated_at", TIMESTAMP_UTC);

    public static final LegacyTable SERVICES = LegacyTable.named("tbl_services")
            .column("id", "service_id")
            .column("yclients_id", "yc_id")
            .column("duration_minutes", "duration_min")
            .column("updated_at", "updated").stored("updated_at", TIMESTAMP_UTC);

    public static final LegacyTable BOOKINGS = LegacyTable.named("tbl_records")
            .column("id", "record_id")
            .column("yclients_id", "yc_id")
            .column("starts_at", "dt_start").stored("starts_at", TIMESTAMP_UTC)
            .column("ends_at", "dt_end").stored("ends_at", TIMESTAMP_UTC)
            .column("status", "state")
            .column("notes", "comment")
            .column("updated_at", "updated").stored("updated_at", TIMESTAMP_UTC);

    public static final LegacyTable STAFF_SERVICES = LegacyTable.named("tbl_staff_services")
            .column("price_override", "custom_price");

    private LegacyTables() {
    }
}
