package dev.cutover.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.ResultSet;
import org.junit.jupiter.api.Test;

class TestPostgresTest {

    @Test
    void shouldCreateAndDropAnEmptyDatabaseOnARealServer() {
        TestPostgres server = TestPostgres.server();
        String name;
        try (TestDatabase database = server.createDatabase("testkit")) {
            name = database.name();
            assertThat(database.queryLong("SELECT count(*) FROM pg_class WHERE relname = 'cutover_probe'")).isZero();
            database.execute("CREATE TABLE cutover_probe (id bigint PRIMARY KEY)", "INSERT INTO cutover_probe VALUES (1)");
            assertThat(database.queryLong("SELECT id FROM cutover_probe")).isEqualTo(1);
            assertThat(database.openConnections()).isZero();
        }
        try (TestDatabase other = server.createDatabase("testkit_check")) {
            assertThat(other.queryLong("SELECT count(*) FROM pg_database WHERE datname = ?", name)).isZero();
        }
        assertThat(server.majorVersion()).isGreaterThanOrEqualTo(13);
    }

    @Test
    void shouldGiveADataSourceWithTheDatabasesCredentials() throws Exception {
        try (TestDatabase database = TestPostgres.server().createDatabase("testkit_ds");
                Connection connection = database.dataSource().getConnection();
                ResultSet row = connection.createStatement().executeQuery("SELECT current_user, current_database()")) {
            row.next();
            assertThat(row.getString(2)).isEqualTo(database.name());
        }
    }
}
