package dev.cutover.legacy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cutover.schema.SchemaMismatchException;
import dev.cutover.legacy.Clients.Client;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Startup checks on PostgreSQL as a legacy database: the binding against the mapping, the legacy table against both. */
class LegacySchemaCheckTest extends LegacySchemaCheckContract {

    @Override
    protected LegacyServer server() {
        return LegacyServer.POSTGRES;
    }

    @Test
    void shouldRefuseAConflictTargetWithoutAUniqueConstraint() {
        LegacyTable table = clientsLike("tbl_no_unique", ",\n  CONSTRAINT tbl_no_unique_yc_firm UNIQUE (yc_id, firm_id)", "");

        assertThatThrownBy(() -> adapter.store(Clients.MAPPING, table))
                .isInstanceOfSatisfying(SchemaMismatchException.class, e -> assertThat(e.problems()).hasSize(1))
                .hasMessage("Schema of legacy table tbl_no_unique (for clients) does not fit its mapping: upsert conflict "
                        + "target (yc_id, firm_id) (mapping columns yclients_id, company_id) matches no PRIMARY KEY, UNIQUE "
                        + "constraint or unique index on exactly these columns that PostgreSQL can use for an upsert; "
                        + "existing: PRIMARY KEY tbl_no_unique_pkey (id); add one: ALTER TABLE \"tbl_no_unique\" ADD UNIQUE "
                        + "(\"yc_id\", \"firm_id\")");
    }

    @Test
    void shouldRefuseUniqueIndexesThatAnUpsertCannotUse() {
        LegacyTable table = clientsLike("tbl_odd_unique", ",\n  CONSTRAINT tbl_odd_unique_yc_firm UNIQUE (yc_id, firm_id)",
                ",\n  CONSTRAINT tbl_odd_unique_deferred UNIQUE (firm_id, yc_id) DEFERRABLE INITIALLY DEFERRED");
        database.execute("CREATE UNIQUE INDEX tbl_odd_unique_active ON tbl_odd_unique (yc_id, firm_id) WHERE active",
                "CREATE UNIQUE INDEX tbl_odd_unique_lower ON tbl_odd_unique (lower(full_name), firm_id)",
                "CREATE UNIQUE INDEX tbl_odd_unique_wide ON tbl_odd_unique (yc_id, firm_id, id)",
                "CREATE UNIQUE INDEX tbl_odd_unique_including ON tbl_odd_unique (yc_id) INCLUDE (firm_id)");

        assertThatThrownBy(() -> adapter.store(Clients.MAPPING, table))
                .isInstanceOf(SchemaMismatchException.class)
                .hasMessage("Schema of legacy table tbl_odd_unique (for clients) does not fit its mapping: upsert conflict "
                        + "target (yc_id, firm_id) (mapping columns yclients_id, company_id) matches no PRIMARY KEY, UNIQUE "
                        + "constraint or unique index on exactly these columns that PostgreSQL can use for an upsert; "
                        + "existing: PRIMARY KEY tbl_odd_unique_pkey (id), "
                        + "UNIQUE INDEX tbl_odd_unique_active (yc_id, firm_id) [partial], "
                        + "UNIQUE tbl_odd_unique_deferred (firm_id, yc_id) [deferrable], "
                        + "UNIQUE INDEX tbl_odd_unique_including (yc_id), "
                        + "UNIQUE INDEX tbl_odd_unique_lower (lower(full_name::text), firm_id) [on expressions], "
                        + "UNIQUE INDEX tbl_odd_unique_wide (yc_id, firm_id, id); "
                        + "add one: ALTER TABLE \"tbl_odd_unique\" ADD UNIQUE (\"yc_id\", \"firm_id\")");
    }

    @Test
    void shouldRefuseAMissingTable() {
        assertThatThrownBy(() -> adapter.store(Clients.MAPPING, LegacyTable.named("tbl_clientz")))
                .isInstanceOf(SchemaMismatchException.class)
                .hasMessage("Schema of legacy table tbl_clientz (for clients) does not fit its mapping: table tbl_clientz "
                        + "does not exist in schema public; create it, or bind the mapping to the right table with "
                        + "LegacyTable.named(...)");
        assertThatThrownBy(() -> adapter.store(Clients.MAPPING, Clients.TABLE.inSchema("crm")))
                .isInstanceOf(SchemaMismatchException.class)
                .hasMessage("Schema of legacy table crm.tbl_clients (for clients) does not fit its mapping: table "
                        + "tbl_clients does not exist in schema crm; create it, or bind the mapping to the right table "
                        + "with LegacyTable.named(...)");
    }

    @Test
    void shouldListEveryMissingColumnAndIncompatibleTypeAtOnce() {
        LegacyTable table = clientsLike("tbl_drifted",
                "full_name varchar(200)", "\"Full_Name\" varchar(200)",
                "is_vip smallint", "is_vip boolean",
                "created_at timestamp NOT NULL", "created_at timestamptz NOT NULL",
                "ai_context_json text", "ai_context_json jsonb",
                "external_id uuid NOT NULL", "external_id varchar(36) NOT NULL",
                "  note text,\n", "");

        assertThatThrownBy(() -> adapter.store(Clients.MAPPING, table))
                .isInstanceOfSatisfying(SchemaMismatchException.class, e -> assertThat(e.problems()).hasSize(6))
                .hasMessage("""
                        Schema of legacy table tbl_drifted (for clients) does not fit its mapping (6 problems):
                          - column full_name (mapping column name, TEXT) does not exist (Full_Name differs only in case; \
                        names are exact); the table has columns [id, Full_Name, yc_id, firm_id, balance, active, is_vip, \
                        created_at, updated_at, birthday, external_id, ai_context_json, preferences, visit_history]
                          - column is_vip (mapping column vip, BOOLEAN stored as SMALLINT_BOOLEAN) has type boolean; \
                        allowed as declared: smallint, integer; a boolean column reads as BOOLEAN natively: remove the \
                        column's .stored or .convert declaration
                          - column created_at (TIMESTAMPTZ stored as TIMESTAMP_UTC) has type timestamp with time zone; \
                        allowed as declared: timestamp without time zone; a timestamp with time zone column reads as \
                        TIMESTAMPTZ natively: remove the column's .stored or .convert declaration
                          - column external_id (UUID) has type character varying; allowed as declared: uuid; declare it \
                        on the LegacyTable with .convert("external_id", Conversion.UUID_TEXT)
                          - column ai_context_json (mapping column ai_context, JSONB stored as JSON_TEXT) has type jsonb; \
                        allowed as declared: text, character varying; a jsonb column reads as JSONB natively: remove the \
                        column's .stored or .convert declaration
                          - column note (TEXT) does not exist; the table has columns [id, Full_Name, yc_id, firm_id, \
                        balance, active, is_vip, created_at, updated_at, birthday, external_id, ai_context_json, \
                        preferences, visit_history]""");
    }

    @Test
    void shouldFindATableInAnotherSchemaAndADomainOverItsType() {
        database.execute("CREATE SCHEMA crm_legacy", "CREATE DOMAIN crm_legacy.json_text AS text",
                Clients.DDL.replace("CREATE TABLE tbl_clients", "CREATE TABLE crm_legacy.tbl_clients")
                        .replace("ai_context_json text", "ai_context_json crm_legacy.json_text"));

        LegacyStore<Client, Long> store = adapter.store(Clients.MAPPING, Clients.TABLE.inSchema("crm_legacy"));
        store.upsertAll(List.of(Clients.client(1)));

        assertThat(store.qualifiedTable()).isEqualTo("\"crm_legacy\".\"tbl_clients\"");
        assertThat(store.findByKey(1L)).contains(Clients.client(1));
        assertThat(database.queryLong("SELECT count(*) FROM crm_legacy.tbl_clients")).isEqualTo(1);
    }

    @Test
    void shouldUseTheMappingsOwnNamesAndNativeStorageWithoutABinding() {
        database.execute("CREATE TABLE visits (company_id bigint, visit_no integer, service text NOT NULL, "
                + "starts_at timestamptz NOT NULL, details json, paid boolean, PRIMARY KEY (company_id, visit_no))");
        LegacyStore<Visits.Visit, Visits.VisitKey> store = adapter.store(Visits.MAPPING);
        List<Visits.Visit> visits = List.of(Visits.visit(1), Visits.visit(2), Visits.visit(5));

        store.upsertAll(visits);

        assertThat(store.legacyTable()).isEqualTo(LegacyTable.named("visits"));
        assertThat(store.findByKeys(visits.stream().map(Visits.MAPPING::keyOf).toList()))
                .containsExactly(Visits.visit(1), Visits.visit(2), Visits.visit(5));
        assertThat(database.queryLong("SELECT count(*) FROM visits WHERE paid IS NOT NULL AND details IS NOT NULL"))
                .isEqualTo(2);
    }

    @Test
    void shouldRefuseLogicalColumnsThatTheMappingDoesNotHave() {
        LegacyTable table = Clients.TABLE.column("nmae", "full_name2").stored("vipp", LegacyStorage.SMALLINT_BOOLEAN);

        assertThatThrownBy(() -> adapter.store(Clients.MAPPING, table))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("LegacyTable tbl_clients names columns [nmae, vipp] that the mapping of Client (table clients) "
                        + "does not have; its columns: [id, name, yclients_id, company_id, balance, active, vip, created_at, "
                        + "updated_at, birthday, external_id, ai_context, preferences, visit_history, note]");
    }

    @Test
    void shouldRefuseAStorageThatDoesNotFitTheColumnsType() {
        LegacyTable table = LegacyTable.named("tbl_clients").stored("balance", LegacyStorage.JSON_TEXT)
                .stored("name", LegacyStorage.TIMESTAMP_UTC);

        assertThatThrownBy(() -> adapter.store(Clients.MAPPING, table))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("LegacyTable tbl_clients stores column 'name' (TEXT) as TIMESTAMP_UTC, which applies only to "
                        + "TIMESTAMPTZ columns; LegacyTable tbl_clients stores column 'balance' (NUMERIC) as JSON_TEXT, "
                        + "which applies only to JSON, JSONB columns");
    }

    @Test
    void shouldRefuseTwoColumnsBoundToOneLegacyColumn() {
        LegacyTable table = LegacyTable.named("tbl_clients").column("name", "note");

        assertThatThrownBy(() -> adapter.store(Clients.MAPPING, table))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("LegacyTable tbl_clients maps both 'name' and 'note' to legacy column 'note'");
    }
}
