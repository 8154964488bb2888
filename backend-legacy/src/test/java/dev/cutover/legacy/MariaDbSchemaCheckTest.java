package dev.cutover.legacy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.cutover.schema.SchemaMismatchException;
import dev.cutover.legacy.Clients.Client;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Startup checks on MariaDB: information_schema columns and unique indexes, and the session's settings. */
class MariaDbSchemaCheckTest extends LegacySchemaCheckContract {

    @Override
    protected LegacyServer server() {
        return LegacyServer.MARIADB;
    }

    @Test
    void shouldRefuseAConflictTargetWithoutAUsableUniqueIndexListingTheOthers() {
        LegacyTable table = clientsLike("tbl_no_unique",
                "CONSTRAINT tbl_no_unique_yc_firm UNIQUE (yc_id, firm_id)",
                "UNIQUE KEY wide (yc_id, firm_id, id), UNIQUE KEY name_prefix (full_name(20), firm_id)");

        assertThatThrownBy(() -> adapter.store(Clients.MAPPING, table))
                .isInstanceOfSatisfying(SchemaMismatchException.class, e -> assertThat(e.problems()).hasSize(1))
                .hasMessage("Schema of legacy table tbl_no_unique (for clients) does not fit its mapping: upsert conflict "
                        + "target (yc_id, firm_id) (mapping columns yclients_id, company_id) matches no PRIMARY KEY, UNIQUE "
                        + "constraint or unique index on exactly these columns that MariaDB can use for an upsert; "
                        + "existing: PRIMARY KEY PRIMARY (id), UNIQUE name_prefix (full_name(20), firm_id) [prefix], "
                        + "UNIQUE wide (yc_id, firm_id, id); add one: ALTER TABLE `tbl_no_unique` ADD UNIQUE (`yc_id`, "
                        + "`firm_id`)");
    }

    @Test
    void shouldRefuseAMissingTableNamingTheDatabase() {
        assertThatThrownBy(() -> adapter.store(Clients.MAPPING, LegacyTable.named("tbl_clientz")))
                .isInstanceOf(SchemaMismatchException.class)
                .hasMessage("Schema of legacy table tbl_clientz (for clients) does not fit its mapping: table tbl_clientz "
                        + "does not exist in schema " + database.name() + "; create it, or bind the mapping to the right "
                        + "table with LegacyTable.named(...)");
        clientsLike("tbl_cased");
        assertThatThrownBy(() -> adapter.store(Clients.MAPPING, LegacyTable.named("TBL_CASED")))
                .isInstanceOf(SchemaMismatchException.class)
                .hasMessageContaining("table TBL_CASED does not exist in schema " + database.name());
    }

    @Test
    void shouldFindATableInAnotherDatabase() {
        String other = database.name() + "_crm";
        database.execute("CREATE DATABASE " + other, MariaDbClients.DDL.replace("CREATE TABLE tbl_clients",
                "CREATE TABLE " + other + ".tbl_clients"));
        try {
            LegacyStore<Client, Long> store = adapter.store(Clients.MAPPING, Clients.TABLE.inSchema(other));
            store.upsertAll(List.of(Clients.client(1)));

            assertThat(store.qualifiedTable()).isEqualTo("`" + other + "`.`tbl_clients`");
            assertThat(store.findByKey(1L)).contains(Clients.client(1));
            assertThat(database.queryLong("SELECT count(*) FROM " + other + ".tbl_clients")).isEqualTo(1);
        } finally {
            database.execute("DROP DATABASE " + other);
        }
    }

    @Test
    void shouldListEveryMissingColumnAndIncompatibleTypeAtOnce() {
        LegacyTable table = clientsLike("tbl_drifted",
                "full_name varchar(200)", "Full_Name char(200)",
                "is_vip tinyint(1)", "is_vip varchar(1)",
                "created_at datetime(6) NOT NULL", "created_at timestamp(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6)",
                "external_id uuid NOT NULL", "external_id binary(16) NOT NULL",
                "preferences json", "preferences text",
                "balance decimal(12, 2)", "balance double",
                "  note text,\n", "");

        assertThatThrownBy(() -> adapter.store(Clients.MAPPING, table.column("note", "Note")))
                .isInstanceOfSatisfying(SchemaMismatchException.class, e -> assertThat(e.problems()).hasSize(7))
                .hasMessage("""
                        Schema of legacy table tbl_drifted (for clients) does not fit its mapping (7 problems):
                          - column full_name (mapping column name, TEXT) does not exist (Full_Name differs only in case; \
                        names are exact); the table has columns [id, Full_Name, yc_id, firm_id, balance, active, is_vip, \
                        created_at, updated_at, birthday, external_id, ai_context_json, preferences, visit_history]
                          - column balance (NUMERIC) has type double; allowed as declared: decimal, tinyint, smallint, \
                        mediumint, int, tinyint unsigned, smallint unsigned, mediumint unsigned, int unsigned, bigint, \
                        bigint unsigned; declare it on the LegacyTable with .convert("balance", \
                        Conversion.decimal(<the target column's scale>))
                          - column is_vip (mapping column vip, BOOLEAN stored as SMALLINT_BOOLEAN) has type varchar; \
                        allowed as declared: tinyint, smallint, mediumint, int, tinyint unsigned, smallint unsigned, \
                        mediumint unsigned, int unsigned; declare it on the LegacyTable with .convert("vip", \
                        Conversion.textFlag("<true text>", "<false text>"))
                          - column created_at (TIMESTAMPTZ stored as TIMESTAMP_UTC) has type timestamp; allowed as \
                        declared: datetime; a timestamp column reads as TIMESTAMPTZ natively: remove the column's .stored \
                        or .convert declaration
                          - column external_id (UUID) has type binary; allowed as declared: uuid, char, varchar; declare \
                        it on the LegacyTable with .convert("external_id", Conversion.UUID_BINARY)
                          - column preferences (JSONB) has type text, which holds JSON as text: bind it with \
                        .stored("preferences", LegacyStorage.JSON_TEXT)
                          - column Note (mapping column note, TEXT) does not exist; the table has columns [id, Full_Name, \
                        yc_id, firm_id, balance, active, is_vip, created_at, updated_at, birthday, external_id, \
                        ai_context_json, preferences, visit_history]""");
    }

    @Test
    void shouldAcceptMariaDbsJsonAsJsonTextAndNativeJsonAndUuidInChar() {
        LegacyTable table = clientsLike("tbl_variants",
                "ai_context_json text", "ai_context_json json",
                "visit_history json", "visit_history longtext",
                "external_id uuid NOT NULL", "external_id char(36) NOT NULL");

        LegacyStore<Client, Long> store = adapter.store(Clients.MAPPING, table.stored("visit_history",
                LegacyStorage.JSON_TEXT));
        store.upsertAll(List.of(Clients.client(1), Clients.client(2)));

        assertThat(store.findByKeys(List.of(1L, 2L))).containsExactly(Clients.client(1), Clients.client(2));
        assertThat(database.queryLong("SELECT count(*) FROM tbl_variants WHERE external_id = ?",
                Clients.client(2).externalId().toString())).isEqualTo(1);
    }

    @Test
    void shouldRefuseAPoolWhoseSessionsAreNotUtcNotStrictOrNotUtf8mb4() {
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(database.jdbcUrl() + (database.jdbcUrl().contains("?") ? "&" : "?")
                + "sessionVariables=time_zone='-03:00',sql_mode='NO_ENGINE_SUBSTITUTION',character_set_client=utf8mb3");
        config.setUsername(database.username());
        config.setPassword(database.password());
        config.setMaximumPoolSize(1);
        config.setPoolName("callers-pool");
        database.execute(MariaDbClients.DDL.replace("tbl_clients", "tbl_sessions"));
        try (HikariDataSource callers = new HikariDataSource(config)) {
            LegacyAdapter wrapped = LegacyAdapter.wrap(callers, LegacyDialect.mariadb());

            assertThatThrownBy(() -> wrapped.store(Clients.MAPPING, LegacyTable.named("tbl_sessions")
                    .column("name", "full_name").column("yclients_id", "yc_id").column("company_id", "firm_id")
                    .column("ai_context", "ai_context_json").stored("ai_context", LegacyStorage.JSON_TEXT)
                    .column("vip", "is_vip").stored("vip", LegacyStorage.SMALLINT_BOOLEAN)
                    .stored("created_at", LegacyStorage.TIMESTAMP_UTC)))
                    .isInstanceOf(SchemaMismatchException.class)
                    .hasMessage("""
                            Schema of legacy table tbl_sessions (for clients) does not fit its mapping (3 problems):
                              - the session time_zone is '-03:00', but TIMESTAMP columns are read and written as UTC: give \
                            the pool's connections time_zone='+00:00' (LegacyAdapter.create does; for a pool of your own \
                            add sessionVariables=time_zone='+00:00' to its JDBC URL)
                              - the session sql_mode 'NO_ENGINE_SUBSTITUTION' is not strict, so MariaDB would silently \
                            truncate or convert values that do not fit their columns: give the pool's connections \
                            STRICT_ALL_TABLES (LegacyAdapter.create does)
                              - the session character_set_client is utf8mb3, which cannot carry 4-byte characters such \
                            as emoji: connect with utf8mb4 (MariaDB Connector/J does unless told otherwise)""");
            wrapped.close();
            assertThat(callers.isClosed()).isFalse();
        }
    }
}
