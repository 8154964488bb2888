package dev.cutover.cdc.debezium;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cutover.cdc.debezium.internal.EngineProperties;
import java.time.Duration;
import java.util.Properties;
import org.junit.jupiter.api.Test;

class DebeziumFeedConfigTest {
    private static DebeziumFeedConfig.Builder mariaDb() {
        return DebeziumFeedConfig.mariaDb().legacy("jdbc:mariadb://db1:3307/shop", "cdc", "s3cret")
                .positions("jdbc:postgresql://pg1/target", "cutover", "p4ss");
    }

    @Test
    void shouldRefuseEachBadSettingNamingItsValueAndWhatIsAllowed() {
        assertThatThrownBy(() -> DebeziumFeedConfig.mySql().legacy("jdbc:mariadb://db1/shop", "cdc", "x"))
                .hasMessage("legacy URL 'jdbc:mariadb://db1/shop' is not a MYSQL JDBC URL naming host and database;"
                        + " allowed: jdbc:mysql://host[:port]/database");
        assertThatThrownBy(() -> DebeziumFeedConfig.mariaDb().legacy("jdbc:mariadb://db1/shop", "cdc", ""))
                .hasMessage("legacy password is empty; allowed: a non-empty value");
        assertThatThrownBy(() -> mariaDb().positions("jdbc:postgresql://pg1/t?user=u&password=hunter2", "u", "p"))
                .hasMessage("positions URL 'jdbc:postgresql://pg1/t?user=u&password=***' carries a password; allowed: a URL"
                        + " without one, the password given as the password argument (Debezium logs URLs)");
        assertThatThrownBy(() -> mariaDb().tables("cutover_outbox"))
                .hasMessage("table 'cutover_outbox' is one of Cutover's own tables (cutover_*), which Cutover writes itself;"
                        + " allowed: the application's tables");
        assertThatThrownBy(() -> mariaDb().tables("shop.clients"))
                .hasMessage("table 'shop.clients' is not a table name; allowed: table (in the URL's database), of letters,"
                        + " digits, _ and $");
        assertThatThrownBy(() -> mariaDb().name("Shop-1"))
                .hasMessage("feed name 'Shop-1' is not allowed; allowed: lower-case letters, digits and _, a letter first,"
                        + " at most 40 characters (it names a replication slot)");
        assertThatThrownBy(() -> mariaDb().positions("jdbc:mariadb://db1/x", "u", "p"))
                .hasMessage("positions URL 'jdbc:mariadb://db1/x' is not a PostgreSQL JDBC URL; allowed:"
                        + " jdbc:postgresql://host[:port]/database (the target database)");
        assertThatThrownBy(() -> mariaDb().expectedLag(Duration.ZERO))
                .hasMessage("expected lag PT0S is not allowed; allowed: a positive duration (how long the feed may be"
                        + " stopped or behind)");
        assertThatThrownBy(() -> DebeziumFeedConfig.postgres().positions("jdbc:postgresql://pg/t", "u", "p").build())
                .hasMessage("the legacy database is not set; call legacy(jdbcUrl, user, password)");
    }

    @Test
    void shouldNeverShowThePasswords() {
        DebeziumFeedConfig config = mariaDb().tables("clients").build();

        assertThat(config.toString()).doesNotContain("s3cret").doesNotContain("p4ss")
                .isEqualTo("DebeziumFeedConfig[MARIADB db1:3307/shop as cdc, tables [clients], name cutover, positions in"
                        + " jdbc:postgresql://pg1/target as cutover, expected lag PT24H]");
    }

    @Test
    void shouldAskDebeziumForKeysOnlyFromTheLogsEndWithThePositionInTheTarget() {
        Properties binlog = EngineProperties.of(mariaDb().name("shop").build());
        assertThat(binlog).containsEntry("snapshot.mode", "no_data")
                .containsEntry("bigint.unsigned.handling.mode", "precise")
                .containsEntry("skipped.operations", "none")
                .containsEntry("poll.interval.ms", "100")
                .containsEntry("table.exclude.list", "\\Qshop\\E\\.cutover_.*")
                .containsEntry("offset.storage.jdbc.table.delete", "DELETE FROM cutover.cdc_offsets WHERE feed = 'shop'");

        Properties postgres = EngineProperties.of(DebeziumFeedConfig.postgres().name("shop").tables("clients", "sales.orders")
                .legacy("jdbc:postgresql://pg0/legacy", "cdc", "s3cret").positions("jdbc:postgresql://pg1/t", "u", "p").build());
        assertThat(postgres).containsEntry("slot.name", "cutover_shop").containsEntry("publication.name", "cutover_shop")
                .containsEntry("plugin.name", "pgoutput")
                .containsEntry("table.include.list", "\\Qpublic.clients\\E,\\Qsales.orders\\E")
                .doesNotContainKey("schema.history.internal");
    }
}
