package dev.cutover.cdc.checks;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cutover.testkit.OwnServer;
import dev.cutover.testkit.TestDatabase;
import dev.cutover.testkit.TestMariaDb;
import java.sql.Connection;
import java.sql.DriverManager;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Each binlog check fails on a MariaDB set up wrong: binlog off, STATEMENT format, MINIMAL images, 1 h retention. */
class BinlogChecksTest {
    private static OwnServer<TestMariaDb> server;
    private static TestDatabase legacy;

    @BeforeAll
    static void start() {
        server = TestMariaDb.startOwn(); // no --log-bin
        legacy = server.server().createDatabase("cdc_checks");
        legacy.execute("CREATE TABLE keyed (id INT PRIMARY KEY)", "CREATE TABLE unkeyed (a INT)",
                "CREATE TABLE cutover_outbox (a INT)",
                "CREATE TABLE coded (code VARCHAR(10) NOT NULL, a INT, UNIQUE KEY by_code (code))",
                "CREATE TABLE loosely_coded (code VARCHAR(10), UNIQUE KEY by_code (code))");
        server.server().execute("CREATE USER 'plain'@'127.0.0.1' IDENTIFIED BY 'plain-secret'");
        server.server().execute("GRANT SELECT ON *.* TO 'plain'@'127.0.0.1'");
        server.server().execute("SET GLOBAL binlog_format = 'STATEMENT'");
        server.server().execute("SET GLOBAL binlog_row_image = 'MINIMAL'");
        server.server().execute("SET GLOBAL binlog_expire_logs_seconds = 3600");
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.close();
        }
    }

    private static List<Problem> check(List<String> tables) throws Exception {
        try (Connection connection = DriverManager.getConnection(legacy.jdbcUrl(), "plain", "plain-secret")) {
            return BinlogChecks.run(connection, legacy.name(), tables, Duration.ofDays(1));
        }
    }

    @Test
    void shouldNameEveryProblemWithItsFix() throws Exception {
        List<Problem> problems = check(List.of());

        assertThat(problems).extracting(Problem::check).containsExactly("log_bin", "binlog_format", "binlog_row_image",
                "binlog retention", "replication grants", "primary key", "primary key");
        assertThat(problems.get(0).fix()).startsWith("start the server with --log-bin --binlog-format=ROW");
        assertThat(problems.get(1).found()).startsWith("binlog_format is STATEMENT: statement-format events carry no rows");
        assertThat(problems.get(1).fix()).startsWith("SET GLOBAL binlog_format = 'ROW'");
        assertThat(problems.get(2)).hasToString("binlog_row_image is MINIMAL, not FULL; fix: SET GLOBAL binlog_row_image"
                + " = 'FULL' (and binlog_row_image=FULL in my.cnf)");
        assertThat(problems.get(3).found()).startsWith("binlog_expire_logs_seconds keeps the binlog 3600 s, less than the"
                + " expected lag of 86400 s (PT24H)");
        assertThat(problems.get(3).fix()).startsWith("SET GLOBAL binlog_expire_logs_seconds = 86400");
        assertThat(problems.get(4).found()).startsWith("user plain@127.0.0.1 lacks REPLICATION SLAVE and BINLOG MONITOR on *.*");
        assertThat(problems.get(4).fix()).isEqualTo("GRANT REPLICATION SLAVE, BINLOG MONITOR ON *.* TO 'plain'@'127.0.0.1'");
        assertThat(problems.get(5).found()).isEqualTo("table " + legacy.name() + ".loosely_coded has no primary key and"
                + " no unique key of NOT NULL columns: its changes carry no key to copy by");
        assertThat(problems.get(6).found()).startsWith("table " + legacy.name() + ".unkeyed has no primary key");
        assertThat(problems).allSatisfy(problem -> assertThat(problem.toString()).doesNotContain("plain-secret"));
    }

    @Test
    void shouldKeyATableWithoutPrimaryKeyByItsUniqueKeyOfNotNullColumns() throws Exception {
        try (Connection connection = DriverManager.getConnection(legacy.jdbcUrl(), "plain", "plain-secret")) {
            assertThat(BinlogChecks.uniqueKeys(connection, legacy.name())).containsExactly(
                    java.util.Map.entry("coded", List.of("code")));
        }
    }

    @Test
    void shouldCheckOnlyTheListedTablesAndNameThoseThatDoNotExist() throws Exception {
        List<Problem> problems = check(List.of("keyed", "missing"));

        assertThat(problems).extracting(Problem::check).doesNotContain("primary key").contains("tables");
        assertThat(problems).filteredOn(p -> p.check().equals("tables")).singleElement()
                .hasToString("table " + legacy.name() + ".missing does not exist; fix: create it, or leave it out of the"
                        + " feed's tables (names as the server spells them)");
    }

    @Test
    void shouldNameTheMonitorPrivilegeAsEachServerCallsIt() {
        assertThat(BinlogChecks.monitorPrivilege(true, "11.4.5-MariaDB-log")).isEqualTo("BINLOG MONITOR");
        assertThat(BinlogChecks.monitorPrivilege(true, "10.5.2-MariaDB")).isEqualTo("BINLOG MONITOR");
        assertThat(BinlogChecks.monitorPrivilege(true, "10.5.1-MariaDB")).isEqualTo("REPLICATION CLIENT");
        assertThat(BinlogChecks.monitorPrivilege(false, "8.0.36")).isEqualTo("REPLICATION CLIENT");
    }
}
