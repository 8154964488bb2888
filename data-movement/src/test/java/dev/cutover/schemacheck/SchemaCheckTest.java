package dev.cutover.schemacheck;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cutover.Backend;
import dev.cutover.schema.SchemaMismatchException;
import dev.cutover.schema.SchemaProblem.Kind;
import dev.cutover.legacy.LegacyStorage;
import dev.cutover.legacy.LegacyTable;
import dev.cutover.mapping.ColumnType;
import dev.cutover.mapping.EntityMapping;
import dev.cutover.reference.Mappings;
import dev.cutover.reference.legacy.LegacyTables;
import dev.cutover.verify.ReferencePair;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Legacy schema, target schema and mappings checked against each other: every problem listed, at once. */
class SchemaCheckTest {
    private ReferencePair pair;

    @BeforeEach
    void create() {
        pair = ReferencePair.create("schema_check");
    }

    @AfterEach
    void close() {
        pair.close();
    }

    private SchemaCheck everyReferenceEntity() {
        return SchemaCheck.of(pair.legacy, pair.postgres)
                .entity(Mappings.COMPANIES, LegacyTables.COMPANIES)
                .entity(Mappings.CLIENTS, LegacyTables.CLIENTS)
                .entity(Mappings.STAFF, LegacyTables.STAFF)
                .entity(Mappings.SERVICES, LegacyTables.SERVICES)
                .entity(Mappings.BOOKINGS, LegacyTables.BOOKINGS)
                .entity(Mappings.STAFF_SERVICES, LegacyTables.STAFF_SERVICES);
    }

    @Test
    void shouldFindNothingWrongWithTheReferenceSchemas() {
        SchemaReport report = everyReferenceEntity().report();

        assertThat(report.fits()).isTrue();
        assertThat(report.exitCode()).isZero();
        assertThat(report.toText()).isEqualTo("Schema check of companies, clients, staff, services, bookings, "
                + "staff_services: every table fits its mapping");
        assertThatCode(() -> everyReferenceEntity().enforce()).doesNotThrowAnyException();
    }

    @Test
    void shouldListFourProblemsOfBothSidesAtOnce() {
        pair.targetDatabase.execute("ALTER TABLE clients DROP COLUMN email",
                "ALTER TABLE clients DROP CONSTRAINT clients_yclients_id_company_id_key");
        pair.legacyDatabase.execute("ALTER TABLE tbl_clients ALTER COLUMN balance TYPE text",
                "ALTER TABLE tbl_clients ALTER COLUMN full_name DROP NOT NULL");

        SchemaReport report = everyReferenceEntity().report();

        assertThat(report.exitCode()).isEqualTo(1);
        assertThat(report.problems()).extracting(SchemaFinding::side, SchemaFinding::table, SchemaFinding::kind,
                SchemaFinding::column).containsExactly(
                        org.assertj.core.groups.Tuple.tuple(Backend.LEGACY, "tbl_clients", Kind.INCOMPATIBLE_TYPE, "balance"),
                        org.assertj.core.groups.Tuple.tuple(Backend.LEGACY, "tbl_clients", Kind.NULLABILITY, "full_name"),
                        org.assertj.core.groups.Tuple.tuple(Backend.POSTGRES, "public.clients", Kind.MISSING_COLUMN, "email"),
                        org.assertj.core.groups.Tuple.tuple(Backend.POSTGRES, "public.clients", Kind.CONFLICT_TARGET, null));
        assertThatThrownBy(() -> everyReferenceEntity().enforce())
                .isInstanceOfSatisfying(SchemaMismatchException.class, e -> assertThat(e.problems()).hasSize(4))
                .hasMessage("""
                        Schema of legacy and postgres tables of companies, clients, staff, services, bookings, \
                        staff_services does not fit its mapping (4 problems):
                          - legacy table tbl_clients (for clients): column balance (NUMERIC) has type text; allowed as \
                        declared: numeric; no declaration reads a text column as NUMERIC; a text column can be mapped as \
                        TEXT, BOOLEAN, UUID, JSON, JSONB (docs/conversions.md says how)
                          - legacy table tbl_clients (for clients): column full_name (mapping column name) is nullable, \
                        but the mapping says NOT NULL: a NULL there fails the reads and the copy of its row; add NOT NULL \
                        to it, or map it with nullableColumn(...) and drop NOT NULL from postgres column name
                          - postgres table public.clients: column email (TEXT) is missing; the table's columns: id, \
                        yclients_id, company_id, name, phone, ai_context, visit_history, vip, balance, created_at, updated_at
                          - postgres table public.clients: ON CONFLICT (yclients_id, company_id) on public.clients \
                        matches no UNIQUE constraint; existing: clients_pkey (id)""");
    }

    /** The clients table mapped with its AI context as plain text. */
    private static final EntityMapping<Object[], Long> CLIENTS_WITH_TEXT_CONTEXT = EntityMapping.builder(Object[].class,
                    Long.class)
            .table("clients")
            .key("id", ColumnType.BIGINT, v -> v[0])
            .column("yclients_id", ColumnType.BIGINT, v -> v[1])
            .column("company_id", ColumnType.BIGINT, v -> v[2])
            .column("name", ColumnType.TEXT, v -> v[3])
            .nullableColumn("ai_context", ColumnType.TEXT, v -> v[4])
            .column("created_at", ColumnType.TIMESTAMPTZ, v -> v[5])
            .column("updated_at", ColumnType.TIMESTAMPTZ, v -> v[6])
            .conflictTarget("yclients_id", "company_id")
            .exclude("phone", "not in this partial mapping").exclude("email", "not in this partial mapping")
            .exclude("visit_history", "not in this partial mapping")
            .reader(row -> row.values())
            .build();

    @Test
    void shouldNameJsonColumnsNotDeclaredAsJson() {
        LegacyTable contextAsText = LegacyTable.named("tbl_clients").column("id", "client_id").column("yclients_id", "yc_id")
                .column("name", "full_name").column("ai_context", "ai_ctx")
                .column("created_at", "created").stored("created_at", LegacyStorage.TIMESTAMP_UTC)
                .column("updated_at", "updated").stored("updated_at", LegacyStorage.TIMESTAMP_UTC)
                .exclude("phone", "not in this partial mapping").exclude("email", "not in this partial mapping")
                .exclude("visits_json", "not in this partial mapping").exclude("is_vip", "not in this partial mapping")
                .exclude("balance", "not in this partial mapping");
        LegacyTable contextNotAsJsonText = LegacyTable.named("tbl_staff").column("id", "staff_id").column("yclients_id", "yc_id")
                .column("name", "staff_name").column("specialization", "spec")
                .column("preferences", "prefs_json")
                .column("active", "is_active").stored("active", LegacyStorage.SMALLINT_BOOLEAN)
                .column("updated_at", "updated").stored("updated_at", LegacyStorage.TIMESTAMP_UTC);

        SchemaReport report = SchemaCheck.of(pair.legacy, pair.postgres)
                .entity(CLIENTS_WITH_TEXT_CONTEXT, contextAsText)
                .entity(Mappings.STAFF, contextNotAsJsonText)
                .report();

        assertThat(report.problems()).extracting(SchemaFinding::toString).containsExactly(
                "postgres table public.clients: column ai_context is jsonb, but the mapping says TEXT: declare it as "
                        + "ColumnType.JSONB so that values are bound and compared as JSON",
                "legacy table tbl_staff (for staff): column prefs_json (mapping column preferences, JSONB) has type text, "
                        + "which holds JSON as text: bind it with .stored(\"preferences\", LegacyStorage.JSON_TEXT)");
        assertThat(report.problems()).extracting(SchemaFinding::kind).containsOnly(Kind.UNDECLARED_JSON);
    }

    @Test
    void shouldListBindingMissingTableAndTargetProblemsTogether() {
        pair.targetDatabase.execute("ALTER TABLE staff ALTER COLUMN specialization SET NOT NULL");
        SchemaReport report = SchemaCheck.of(pair.legacy, pair.postgres)
                .entity(Mappings.COMPANIES, LegacyTable.named("tbl_companies"))
                .entity(Mappings.STAFF, LegacyTables.STAFF.column("nickname", "nick"))
                .report();

        assertThat(report.toText()).isEqualTo("""
                Schema check of companies, staff: 3 problems
                  - legacy table tbl_companies (for companies): table tbl_companies does not exist in schema public; \
                create it, or bind the mapping to the right table with LegacyTable.named(...)
                  - legacy table tbl_staff (for staff): LegacyTable tbl_staff names column [nickname] that the mapping \
                of Staff (table staff) does not have; its columns: [id, yclients_id, company_id, name, specialization, \
                preferences, active, updated_at]
                  - postgres table public.staff: column specialization is NOT NULL, but legacy column spec (mapping \
                column specialization) and the mapping allow NULL: a legacy NULL cannot be copied; drop NOT NULL, or \
                add NOT NULL on both the legacy column and the mapping""");
    }

    @Test
    void shouldWriteTheReportAsJson() throws Exception {
        pair.targetDatabase.execute("ALTER TABLE clients DROP COLUMN email");

        JsonNode json = new ObjectMapper().readTree(SchemaCheck.of(pair.legacy, pair.postgres)
                .entity(Mappings.CLIENTS, LegacyTables.CLIENTS).report().toJson());

        assertThat(json.get("exitCode").asInt()).isEqualTo(1);
        assertThat(json.get("entities").toString()).isEqualTo("[\"clients\"]");
        assertThat(json.get("problems").toString()).isEqualTo("[{\"entity\":\"clients\",\"side\":\"POSTGRES\","
                + "\"table\":\"public.clients\",\"kind\":\"MISSING_COLUMN\",\"column\":\"email\",\"message\":\"column "
                + "email (TEXT) is missing; the table's columns: id, yclients_id, company_id, name, phone, ai_context, "
                + "visit_history, vip, balance, created_at, updated_at\"}]");
    }
}
