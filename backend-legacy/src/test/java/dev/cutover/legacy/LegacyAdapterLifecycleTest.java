package dev.cutover.legacy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The legacy adapter's lifecycle on PostgreSQL as a legacy database (see {@link LegacyAdapterLifecycleContract}), and
 * what only PostgreSQL shows: application names, a missing driver, the adapter's description.
 */
class LegacyAdapterLifecycleTest extends LegacyAdapterLifecycleContract {

    @Override
    protected LegacyServer server() {
        return LegacyServer.POSTGRES;
    }

    @Test
    void shouldNameTheApplicationToTheDatabase() throws SQLException {
        try (LegacyAdapter adapter = Clients.adapter(database);
                LegacyAdapter backfill = LegacyAdapter.create(Clients.config(database).applicationName("booking-backfill")
                        .build())) {
            adapter.store(Clients.MAPPING, Clients.TABLE).count();
            backfill.store(Clients.MAPPING, Clients.TABLE).count();

            assertThat(applicationNames()).containsOnly("cutover-legacy", "booking-backfill").contains("cutover-legacy",
                    "booking-backfill");
        }
    }

    /** Named sessions only: the test kit's own unnamed connections may still be ending when this asks. */
    private List<String> applicationNames() throws SQLException {
        List<String> names = new ArrayList<>();
        try (Connection connection = database.connect(); PreparedStatement statement = connection.prepareStatement(
                "SELECT application_name FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()"
                        + " AND application_name <> ''");
                ResultSet result = statement.executeQuery()) {
            while (result.next()) {
                names.add(result.getString(1));
            }
        }
        return names;
    }

    @Test
    void shouldSayWhichDriverIsMissing() {
        LegacyConfig config = LegacyConfig.custom().jdbcUrl("jdbc:sqlserver://legacy:1433/booking?password=hunter2")
                .dialect(LegacyDialect.postgresql()).build();

        assertThatThrownBy(() -> LegacyAdapter.create(config))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("No JDBC driver on the classpath accepts jdbcUrl 'jdbc:sqlserver://legacy:1433/booking?password=***'; "
                        + "add the legacy database's driver at runtime (PostgreSQL: org.postgresql:postgresql; MariaDB and "
                        + "MySQL: org.mariadb.jdbc:mariadb-java-client)");
    }

    @Test
    void shouldDescribeItselfWithoutThePassword() {
        try (LegacyAdapter adapter = LegacyAdapter.create(Clients.config(database).password("not-needed-but-secret")
                .build())) {
            assertThat(adapter.toString())
                    .isEqualTo("LegacyAdapter[PostgreSQL at " + database.jdbcUrl() + ", pool cutover-legacy of up to 4 "
                            + "connections]")
                    .doesNotContain("not-needed-but-secret");
        }
    }
}
