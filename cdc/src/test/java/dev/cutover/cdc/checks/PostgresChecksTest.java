package dev.cutover.cdc.checks;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cutover.testkit.TestDatabase;
import dev.cutover.testkit.TestPostgres;
import java.sql.Connection;
import java.sql.DriverManager;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The PostgreSQL checks fail on the shared test server (wal_level replica), a role without REPLICATION, a keyless table. */
class PostgresChecksTest {
    private static final String ROLE = "plain_" + Long.toHexString(ThreadLocalRandom.current().nextLong() & 0xffffffL);
    private static TestDatabase legacy;

    @BeforeAll
    static void start() {
        legacy = TestPostgres.server().createDatabase("cdc_pg_checks");
        TestPostgres.server().execute("CREATE ROLE " + ROLE + " LOGIN PASSWORD 'plain-secret'");
        legacy.execute("CREATE TABLE keyed (id int PRIMARY KEY)", "CREATE TABLE unkeyed (a int)",
                "CREATE TABLE cutover_outbox (a int)", "CREATE SCHEMA sales", "CREATE TABLE sales.orders (n int)",
                "CREATE TABLE sales.coded (code text NOT NULL, n int)", "CREATE UNIQUE INDEX by_code ON sales.coded (code)",
                "ALTER TABLE sales.coded REPLICA IDENTITY USING INDEX by_code");
    }

    @AfterAll
    static void stop() {
        legacy.close();
        TestPostgres.server().execute("DROP ROLE IF EXISTS " + ROLE);
    }

    /**
     * The URL without the user and password parameters a server from CUTOVER_TEST_POSTGRES_URL keeps in it: PgJDBC lets
     * the URL's win over the ones given apart, which would connect as the superuser that URL names, not as the role.
     */
    private static String asRole(String url) {
        return url.replaceAll("(?<=[?&])(user|password)=[^&]*(&|$)", "").replaceAll("[?&]$", "");
    }

    private static List<Problem> check(List<String> tables) throws Exception {
        try (Connection connection = DriverManager.getConnection(asRole(legacy.jdbcUrl()), ROLE, "plain-secret")) {
            return PostgresChecks.run(connection, tables);
        }
    }

    @Test
    void shouldNameEveryProblemWithItsFix() throws Exception {
        List<Problem> problems = check(List.of());

        assertThat(problems).extracting(Problem::check).containsExactly("wal_level", "REPLICATION attribute",
                "replica identity", "replica identity");
        assertThat(problems.get(0)).hasToString("wal_level is replica: the WAL does not carry logical changes; fix:"
                + " ALTER SYSTEM SET wal_level = logical, then restart the server");
        assertThat(problems.get(1).fix()).isEqualTo("ALTER ROLE \"" + ROLE + "\" WITH REPLICATION");
        assertThat(problems.get(2).found()).startsWith("table public.unkeyed has no primary key (no replica identity)")
                .contains("makes PostgreSQL refuse the legacy application's UPDATEs and DELETEs on it");
        assertThat(problems.get(2).fix()).startsWith("ALTER TABLE public.unkeyed ADD PRIMARY KEY (...) (or REPLICA IDENTITY USING INDEX");
        assertThat(problems.get(3).found()).startsWith("table sales.orders has no primary key");
    }

    @Test
    void shouldKeyATableWithoutPrimaryKeyByItsReplicaIdentityIndex() throws Exception {
        try (Connection connection = DriverManager.getConnection(asRole(legacy.jdbcUrl()), ROLE, "plain-secret")) {
            assertThat(PostgresChecks.uniqueKeys(connection)).containsExactly(java.util.Map.entry("sales.coded", List.of("code")));
        }
    }

    @Test
    void shouldCheckOnlyTheListedTablesAndNameThoseThatDoNotExist() throws Exception {
        List<Problem> problems = check(List.of("keyed", "sales.missing"));

        assertThat(problems).extracting(Problem::check).containsExactly("wal_level", "REPLICATION attribute", "tables");
        assertThat(problems.get(2).found()).isEqualTo("table sales.missing does not exist");
    }
}
