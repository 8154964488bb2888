package dev.cutover.demo;

import static org.assertj.core.api.Assertions.assertThat;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The demo's databases on servers given by URL: dropped at the end, or kept with {@code --keep-databases}, and the
 * final check's verdict on each. On an embedded server, or on {@code CUTOVER_TEST_POSTGRES_URL} when set (as on CI).
 */
class DemoServersKeepTest {
    private static EmbeddedPostgres embedded;
    private static String url;

    @BeforeAll
    static void startServer() throws IOException {
        url = System.getenv("CUTOVER_TEST_POSTGRES_URL");
        if (url == null) {
            embedded = EmbeddedPostgres.builder().start();
            url = "jdbc:postgresql://127.0.0.1:" + embedded.getPort() + "/postgres?user=postgres";
        }
    }

    @AfterAll
    static void stopServer() throws IOException, SQLException {
        if (embedded != null) {
            embedded.close();
        } else {
            dropDemoDatabases();
        }
    }

    @Test
    void shouldKeepBothDatabasesWhenAskedAndCheckThatTheyAreThere() throws SQLException {
        DemoServers servers = DemoServers.start(Map.of(DemoServers.LEGACY_URL, url, DemoServers.POSTGRES_URL, url), true);
        servers.close();

        assertThat(demoDatabases()).containsExactly("cutover_demo_legacy", "cutover_demo_target");
        assertThat(servers.cleanupProblems()).isEmpty();
        assertThat(servers.cleanupCheck()).isEqualTo("demo databases kept");
        assertThat(servers.description).contains("created for the demo (kept at the end)");
        // The target's direct URL, not the proxy's, which is closed by now.
        assertThat(servers.commandLine()).containsPattern("export CUTOVER_LEGACY_URL='jdbc:postgresql://[^/]+/cutover_demo_legacy")
                .containsPattern("export CUTOVER_POSTGRES_URL='jdbc:postgresql://[^/]+/cutover_demo_target")
                .doesNotContain(servers.target.url());

        dropDemoDatabases();
        assertThat(servers.cleanupProblems()).isEqualTo("database cutover_demo_legacy is gone; database cutover_demo_target is gone; ");
    }

    @Test
    void shouldDropBothDatabasesByDefault() throws SQLException {
        DemoServers servers = DemoServers.start(Map.of(DemoServers.LEGACY_URL, url, DemoServers.POSTGRES_URL, url), false);
        assertThat(demoDatabases()).containsExactly("cutover_demo_legacy", "cutover_demo_target");
        assertThat(servers.cleanupProblems()).isEqualTo(
                "database cutover_demo_legacy still exists; database cutover_demo_target still exists; ");

        servers.close();

        assertThat(demoDatabases()).isEmpty();
        assertThat(servers.cleanupProblems()).isEmpty();
        assertThat(servers.cleanupCheck()).isEqualTo("demo databases dropped");
    }

    private static List<String> demoDatabases() throws SQLException {
        try (Connection connection = DriverManager.getConnection(url); Statement statement = connection.createStatement();
                ResultSet result = statement.executeQuery(
                        "SELECT datname FROM pg_database WHERE datname LIKE 'cutover\\_demo\\_%' ORDER BY datname")) {
            List<String> names = new ArrayList<>();
            while (result.next()) {
                names.add(result.getString(1));
            }
            return names;
        }
    }

    private static void dropDemoDatabases() throws SQLException {
        try (Connection connection = DriverManager.getConnection(url); Statement statement = connection.createStatement()) {
            statement.execute("DROP DATABASE IF EXISTS " + DemoServers.LEGACY_DATABASE);
            statement.execute("DROP DATABASE IF EXISTS " + DemoServers.TARGET_DATABASE);
        }
    }
}
