package dev.cutover.legacy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cutover.legacy.LegacyDialect.KeyCondition;
import dev.cutover.mapping.ColumnType;
import java.time.Instant;
import java.time.LocalDateTime;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The SQL pieces of the MariaDB dialect (no server needed); MariaDbKeysetPlanTest runs them through EXPLAIN. */
class MariaDbLegacyDialectTest {
    private final LegacyDialect dialect = LegacyDialect.mariadb();

    @Test
    void shouldQuoteIdentifiersWithBackticks() {
        assertThat(dialect.name()).isEqualTo("MariaDB");
        assertThat(dialect.quote("Full `Name`")).isEqualTo("`Full ``Name```");
        assertThat(dialect.table("crm", "tbl_clients")).isEqualTo("`crm`.`tbl_clients`");
        assertThat(dialect.parameter("json", ColumnType.JSONB, LegacyStorage.NATIVE)).isEqualTo("?");
        assertThat(dialect.limit("SELECT 1 ORDER BY 1")).isEqualTo("SELECT 1 ORDER BY 1 LIMIT ?");
    }

    @Test
    void shouldExpandTheKeysetConditionThatMariaDbWouldNotReadAsARange() {
        assertThat(dialect.keyAfter(List.of("`id`"), List.of("?"))).isEqualTo(new KeyCondition("`id` > ?", List.of(0)));
        assertThat(dialect.keyAfter(List.of("`a`", "`b`"), List.of("?", "?")))
                .isEqualTo(new KeyCondition("`a` > ? OR (`a` = ? AND `b` > ?)", List.of(0, 0, 1)));
        assertThat(dialect.keyAfter(List.of("`a`", "`b`", "`c`"), List.of("?", "?", "?")))
                .isEqualTo(new KeyCondition("`a` > ? OR (`a` = ? AND `b` > ?) OR (`a` = ? AND `b` = ? AND `c` > ?)",
                        List.of(0, 0, 1, 0, 1, 2)));
        assertThat(dialect.keyIn(List.of("`a`", "`b`"), List.of("?", "?"), 2)).isEqualTo("(`a`, `b`) IN ((?, ?), (?, ?))");
    }

    @Test
    void shouldUpsertOnDuplicateKeyAndGuardAgainstOtherUniqueKeys() {
        assertThat(dialect.upsertMatchesAnyUniqueKey()).isTrue();
        assertThat(dialect.upsert("`t`", List.of("`id`", "`yc`", "`doc`"), List.of("?", "?", "?"), List.of("`yc`"),
                List.of("`id`", "`doc`")))
                .isEqualTo("INSERT INTO `t` (`id`, `yc`, `doc`) VALUES (?, ?, ?) ON DUPLICATE KEY UPDATE "
                        + "`id` = VALUES(`id`), `doc` = VALUES(`doc`)");
        assertThat(dialect.upsert("`t`", List.of("`a`", "`b`"), List.of("?", "?"), List.of("`a`", "`b`"), List.of()))
                .isEqualTo("INSERT INTO `t` (`a`, `b`) VALUES (?, ?) ON DUPLICATE KEY UPDATE `a` = `a`");
        assertThat(dialect.guardedUpsert("`t`", List.of("`id`", "`yc`", "`firm`", "`doc`"), List.of("?", "?", "?", "?"),
                List.of("`yc`", "`firm`"), List.of("`id`", "`doc`"), "`id`"))
                .isEqualTo("INSERT INTO `t` (`id`, `yc`, `firm`, `doc`) VALUES (?, ?, ?, ?) ON DUPLICATE KEY UPDATE "
                        + "`doc` = VALUES(`doc`), "
                        + "`id` = IF(`yc` = VALUES(`yc`) AND `firm` = VALUES(`firm`), VALUES(`id`), NULL)");
        assertThat(dialect.guardedUpsert("`t`", List.of("`a`", "`b`"), List.of("?", "?"), List.of("`a`", "`b`"),
                List.of(), "`b`"))
                .isEqualTo("INSERT INTO `t` (`a`, `b`) VALUES (?, ?) ON DUPLICATE KEY UPDATE "
                        + "`b` = IF(`a` = VALUES(`a`) AND `b` = VALUES(`b`), `b`, NULL)");
        assertThat(LegacyDialect.postgresql().upsertMatchesAnyUniqueKey()).isFalse();
    }

    @Test
    void shouldExchangeInstantsAsUtcWallClockTime() {
        assertThat(dialect.instantsAsUtcWallClock("timestamp", LegacyStorage.NATIVE)).isTrue();
        assertThat(dialect.instantsAsUtcWallClock("datetime", LegacyStorage.TIMESTAMP_UTC)).isTrue();
        assertThat(dialect.instantParameter(Instant.parse("2024-01-01T10:00:00.5Z")))
                .isEqualTo(LocalDateTime.parse("2024-01-01T10:00:00.5"));
        assertThat(LegacyDialect.postgresql().instantsAsUtcWallClock("timestamp with time zone", LegacyStorage.NATIVE))
                .isFalse();
    }

    @Test
    void shouldAllowOnlyTypesThatReadBackAsWritten() {
        assertThat(dialect.compatibleTypes(ColumnType.TEXT, LegacyStorage.NATIVE))
                .containsExactly("varchar", "text", "tinytext", "mediumtext", "longtext", "enum");
        assertThat(dialect.compatibleTypes(ColumnType.BOOLEAN, LegacyStorage.NATIVE)).containsExactly("tinyint");
        assertThat(dialect.compatibleTypes(ColumnType.TIMESTAMPTZ, LegacyStorage.NATIVE)).containsExactly("timestamp");
        assertThat(dialect.compatibleTypes(ColumnType.TIMESTAMPTZ, LegacyStorage.TIMESTAMP_UTC)).containsExactly("datetime");
        assertThat(dialect.compatibleTypes(ColumnType.JSONB, LegacyStorage.JSON_TEXT)).contains("longtext", "json");
        // An unsigned BIGINT may not fit: declared with Conversion.CHECKED_INTEGER, checked value by value.
        assertThat(dialect.compatibleTypes(ColumnType.BIGINT, LegacyStorage.NATIVE)).doesNotContain("bigint unsigned");
        assertThat(dialect.compatibleTypes(ColumnType.NUMERIC, LegacyStorage.NATIVE)).contains("bigint unsigned");
        assertThat(dialect.convertibleTypes(Conversion.Kind.CHECKED_INTEGER)).contains("bigint unsigned", "bigint");
        assertThat(dialect.compatibleTypes(ColumnType.INTEGER, LegacyStorage.NATIVE)).doesNotContain("bigint");
        assertThat(dialect.compatibleTypes(ColumnType.TEXT, LegacyStorage.JSON_TEXT)).isEmpty();
    }

    @Test
    void shouldGiveTheAdaptersConnectionsUtcStrictSessionsAndTheApplicationsName() {
        assertThat(dialect.connectionProperties("booking, backfill")).isEqualTo(Map.of(
                "sessionVariables", "time_zone='+00:00',sql_mode=CONCAT(@@sql_mode, ',STRICT_ALL_TABLES')",
                "connectionTimeZone", "UTC",
                "preserveInstants", "true",
                "connectionAttributes", "program_name:booking_ backfill"));
    }
}
