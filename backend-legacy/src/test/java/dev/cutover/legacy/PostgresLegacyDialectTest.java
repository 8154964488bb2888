package dev.cutover.legacy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cutover.legacy.LegacyDialect.KeyCondition;
import dev.cutover.mapping.ColumnType;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The SQL pieces of the PostgreSQL dialect; the stores' tests run them against a real server. */
class PostgresLegacyDialectTest {
    private final LegacyDialect dialect = LegacyDialect.postgresql();

    @Test
    void shouldQuoteIdentifiersKeepingTheirSpelling() {
        assertThat(dialect.quote("Full \"Name\"")).isEqualTo("\"Full \"\"Name\"\"\"");
        assertThat(dialect.table(null, "tbl_clients")).isEqualTo("\"tbl_clients\"");
        assertThat(dialect.table("crm", "tbl_clients")).isEqualTo("\"crm\".\"tbl_clients\"");
    }

    @Test
    void shouldCompareCompositeKeysAsRows() {
        assertThat(dialect.keyAfter(List.of("\"id\""), List.of("?")))
                .isEqualTo(new KeyCondition("\"id\" > ?", List.of(0)));
        assertThat(dialect.keyAfter(List.of("\"a\"", "\"b\""), List.of("?", "CAST(? AS uuid)")))
                .isEqualTo(new KeyCondition("(\"a\", \"b\") > (?, CAST(? AS uuid))", List.of(0, 1)));
    }

    @Test
    void shouldListKeys() {
        assertThat(dialect.keyIn(List.of("\"id\""), List.of("?"), 3)).isEqualTo("\"id\" IN (?, ?, ?)");
        assertThat(dialect.keyIn(List.of("\"a\"", "\"b\""), List.of("?", "?"), 2))
                .isEqualTo("(\"a\", \"b\") IN ((?, ?), (?, ?))");
    }

    @Test
    void shouldUpsertOnTheConflictTarget() {
        assertThat(dialect.upsert("\"t\"", List.of("\"id\"", "\"yc\"", "\"doc\""), List.of("?", "?", "CAST(? AS jsonb)"),
                List.of("\"yc\""), List.of("\"id\"", "\"doc\"")))
                .isEqualTo("INSERT INTO \"t\" (\"id\", \"yc\", \"doc\") VALUES (?, ?, CAST(? AS jsonb)) ON CONFLICT (\"yc\") "
                        + "DO UPDATE SET \"id\" = EXCLUDED.\"id\", \"doc\" = EXCLUDED.\"doc\"");
        assertThat(dialect.upsert("\"t\"", List.of("\"id\""), List.of("?"), List.of("\"id\""), List.of()))
                .isEqualTo("INSERT INTO \"t\" (\"id\") VALUES (?) ON CONFLICT (\"id\") DO NOTHING");
    }

    @Test
    void shouldCastTextToJsonAndUuidColumnsOnly() {
        assertThat(dialect.parameter("jsonb", ColumnType.JSONB, LegacyStorage.NATIVE)).isEqualTo("CAST(? AS jsonb)");
        assertThat(dialect.parameter("json", ColumnType.JSONB, LegacyStorage.NATIVE)).isEqualTo("CAST(? AS json)");
        assertThat(dialect.parameter("uuid", ColumnType.UUID, LegacyStorage.NATIVE)).isEqualTo("CAST(? AS uuid)");
        assertThat(dialect.parameter("text", ColumnType.JSONB, LegacyStorage.JSON_TEXT)).isEqualTo("?");
        assertThat(dialect.limit("SELECT 1 ORDER BY 1")).isEqualTo("SELECT 1 ORDER BY 1 LIMIT ?");
    }

    @Test
    void shouldAllowOnlyTypesThatReadBackAsWritten() {
        assertThat(dialect.compatibleTypes(ColumnType.TEXT, LegacyStorage.NATIVE)).containsExactly("text", "character varying");
        assertThat(dialect.compatibleTypes(ColumnType.BOOLEAN, LegacyStorage.SMALLINT_BOOLEAN))
                .containsExactly("smallint", "integer");
        assertThat(dialect.compatibleTypes(ColumnType.TIMESTAMPTZ, LegacyStorage.TIMESTAMP_UTC))
                .containsExactly("timestamp without time zone");
        assertThat(dialect.compatibleTypes(ColumnType.TEXT, LegacyStorage.JSON_TEXT)).isEmpty();
        assertThat(dialect.connectionProperties("cutover-legacy")).isEqualTo(Map.of("ApplicationName", "cutover-legacy"));
    }
}
