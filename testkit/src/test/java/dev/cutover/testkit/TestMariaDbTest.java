package dev.cutover.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.ResultSet;
import org.junit.jupiter.api.Test;

/** The MariaDB test server, whichever was found (see docs/mariadb.md); the finder itself: MariaDbServersTest. */
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
            assertThat(database.openConnectionsAfterClose()).isZero();
            try (Connection open = database.connect()) {
                assertThat(open.isValid(2)).isTrue();
                assertThat(database.openConnections()).isEqualTo(1);
            }
            assertThat(database.openConnectionsAfterClose()).isZero();
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
    void shouldGiveADataSourceWithTheDatabasesCredentials() throws Exception {
        try (TestDatabase database = TestMariaDb.server().createDatabase("testkit_ds");
                Connection connection = database.dataSource().getConnection();
                ResultSet row = connection.createStatement().executeQuery("SELECT current_user, database()")) {
            row.next();
            assertThat(row.getString(2)).isEqualTo(database.name());
        }
    }
}
