package dev.cutover.legacy;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.ResultSet;
import java.sql.Statement;
import org.junit.jupiter.api.Test;

/**
 * The legacy adapter's lifecycle on MariaDB (see {@link LegacyAdapterLifecycleContract}), and the session settings every
 * pooled MariaDB connection gets: UTC, strict, utf8mb4.
 */
class MariaDbLifecycleTest extends LegacyAdapterLifecycleContract {

    @Override
    protected LegacyServer server() {
        return LegacyServer.MARIADB;
    }

    @Test
    void shouldGiveEveryPooledConnectionAUtcStrictUtf8mb4Session() {
        try (LegacyAdapter adapter = MariaDbClients.adapter(database)) {
            String session = adapter.connections().withConnection(connection -> {
                try (Statement statement = connection.createStatement(); ResultSet result = statement.executeQuery(
                        "SELECT CONCAT_WS(' ', @@session.time_zone, FIND_IN_SET('STRICT_ALL_TABLES', @@session.sql_mode) > 0,"
                                + " @@character_set_client, @@character_set_connection, @@character_set_results)")) {
                    result.next();
                    return result.getString(1);
                }
            });
            assertThat(session).isEqualTo("+00:00 1 utf8mb4 utf8mb4 utf8mb4");
        }
        assertThat(database.openConnectionsAfterClose()).isZero();
    }
}
