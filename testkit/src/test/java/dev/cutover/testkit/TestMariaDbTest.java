package dev.cutover.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cutover.testkit.internal.MariaDbServers;
import java.sql.Connection;
import org.junit.jupiter.api.Test;

/** The MariaDB finder; needs a MariaDB server (see docs/mariadb.md), like every MariaDb* test class. */
class TestMariaDbTest {

    @Test
    void shouldCreateAndDropAnEmptyDatabaseOnARealServer() throws Exception {
        TestMariaDb server = TestMariaDb.server();
        String name;
        try (TestDatabase database = server.createDatabase("testkit")) {
            name = database.name();
            assertThat(database.queryLong("SELECT count(*) FROM information_schema.TABLES WHERE TABLE_SCHEMA = ?", name))
                    .isZero();
            database.execute("CREATE TABLE cutover_probe (id bigint PRIMARY KEY)", "INSERT INTO cutover_probe VALUES (1)");
            assertThat(database.queryLong("SELECT id FROM cutover_probe")).isEqualTo(1);
            assertThat(database.queryLong("SELECT count(*) FROM information_schema.SCHEMATA WHERE SCHEMA_NAME = ? "
                    + "AND DEFAULT_CHARACTER_SET_NAME = 'utf8mb4'", name)).isEqualTo(1);
            assertThat(database.openConnections()).isZero();
            try (Connection open = database.connect()) {
                assertThat(open.isValid(2)).isTrue();
                long started = System.nanoTime();
                assertThat(database.openConnections()).isEqualTo(1);
                assertThat(System.nanoTime() - started).as("nanoseconds waited for a connection that stays open")
                        .isGreaterThanOrEqualTo(TestDatabase.CLOSING_GRACE_MILLIS * 1_000_000L);
            }
            assertThat(database.openConnections()).isZero();
        }
        try (TestDatabase other = server.createDatabase("testkit_check")) {
            assertThat(other.queryLong("SELECT count(*) FROM information_schema.SCHEMATA WHERE SCHEMA_NAME = ?", name))
                    .isZero();
        }
        assertThat(server.description()).contains("MariaDB");
    }

    @Test
    void shouldDropADatabaseThatAConnectionStillHoldsLocksIn() throws Exception {
        TestDatabase database = TestMariaDb.server().createDatabase("testkit_locked");
        database.execute("CREATE TABLE t (id bigint PRIMARY KEY)");
        Connection leaked = database.connect();
        leaked.setAutoCommit(false);
        leaked.createStatement().execute("INSERT INTO t VALUES (1)");

        database.close();

        assertThat(leaked.isValid(2)).isFalse();
        leaked.close();
    }

    @Test
    void shouldFailLoudlyWithoutAServerSayingHowToProvideOne() {
        assertThatThrownBy(() -> MariaDbServers.locate(null, () -> false))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("No MariaDB for tests: CUTOVER_TEST_MARIADB_URL is not set and no Docker engine answers "
                        + "(there is no embedded MariaDB to fall back on); set CUTOVER_TEST_MARIADB_URL to the JDBC URL "
                        + "of a MariaDB 10.6+ (or MySQL 8) server whose user may create and drop databases and see the "
                        + "process list, for example CUTOVER_TEST_MARIADB_URL='jdbc:mariadb://127.0.0.1:3306/test?user=root' "
                        + "(docs/mariadb.md says how to start one), or configure a Docker engine for Testcontainers");
        assertThatThrownBy(() -> MariaDbServers.locate("jdbc:postgresql://db/test?password=secret", () -> false))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageStartingWith("CUTOVER_TEST_MARIADB_URL='jdbc:postgresql://db/test?password=***' is not a "
                        + "MariaDB JDBC URL (jdbc:mariadb://host:port/database?user=...); set CUTOVER_TEST_MARIADB_URL");
        assertThatThrownBy(() -> MariaDbServers.locate("jdbc:mariadb://127.0.0.1:1/test?user=root", () -> true))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageStartingWith("No MariaDB for tests: the server from CUTOVER_TEST_MARIADB_URL "
                        + "(jdbc:mariadb://127.0.0.1:1/test?user=root) did not answer (")
                .hasMessageContaining("); start it or set CUTOVER_TEST_MARIADB_URL");
    }

    @Test
    void shouldPutAnotherDatabaseIntoAUrlKeepingItsParameters() {
        assertThat(MariaDbServers.withDatabase("jdbc:mariadb://127.0.0.1:3306/test?user=root", "legacy_1"))
                .isEqualTo("jdbc:mariadb://127.0.0.1:3306/legacy_1?user=root");
        assertThat(MariaDbServers.withDatabase("jdbc:mariadb://db", "legacy_1")).isEqualTo("jdbc:mariadb://db/legacy_1");
    }
}
