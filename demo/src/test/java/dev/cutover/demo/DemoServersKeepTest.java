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
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The demo's databases on servers given by URL: dropped at the end, or kept with {@code --keep-databases}, and the
 * final check's verdict on each. On an embedded server, or on {@code CUTOVER_TEST_POSTGRES_URL} when set (as on CI).
 */
@Tag("slow")
class DemoServersKeepTest {
    /** Names of this run's own, as two people sharing a server would choose: CI and other builds may share this one. */
    private static final String SUFFIX = Long.toString(System.nanoTime() % 1_000_000_000L, 36);
    private static final DemoDatabases NAMES = new DemoDatabases("cutover_demo_legacy_" + SUFFIX,
            "cutover_demo_target_" + SUFFIX);
    private static final String LEGACY = NAMES.legacy();
    private static final String TARGET = NAMES.target();
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
        DemoServers servers = DemoServers.start(Map.of(DemoServers.LEGACY_URL, url, DemoServers.POSTGRES_URL, url), true, NAMES);
        servers.close();

        assertThat(demoDatabases()).containsExactly(LEGACY, TARGET);
        assertThat(servers.cleanupProblems()).isEmpty();
        assertThat(servers.cleanupCheck()).isEqualTo("demo databases kept");
        assertThat(servers.description).contains("created for the demo (kept at the end)");
        // The target's direct URL, not the proxy's, which is closed by now.
        assertThat(servers.commandLine()).containsPattern("export CUTOVER_LEGACY_URL='jdbc:postgresql://[^/]+/" + LEGACY + "[?']")
                .containsPattern("export CUTOVER_POSTGRES_URL='jdbc:postgresql://[^/]+/" + TARGET + "[?']")
                .contains("DROP DATABASE " + LEGACY + ", " + TARGET)
                .doesNotContain(servers.target.url());

        dropDemoDatabases();
        assertThat(servers.cleanupProblems()).isEqualTo("database " + LEGACY + " is gone; database " + TARGET + " is gone; ");
    }

    @Test
    void shouldDropBothDatabasesByDefault() throws SQLException {
        DemoServers servers = DemoServers.start(Map.of(DemoServers.LEGACY_URL, url, DemoServers.POSTGRES_URL, url), false, NAMES);
        assertThat(demoDatabases()).containsExactly(LEGACY, TARGET);
        assertThat(servers.cleanupProblems()).isEqualTo(
                "database " + LEGACY + " still exists; database " + TARGET + " still exists; ");

        servers.close();

        assertThat(demoDatabases()).isEmpty();
        assertThat(servers.cleanupProblems()).isEmpty();
        assertThat(servers.cleanupCheck()).isEqualTo("demo databases dropped");
    }

    private static List<String> demoDatabases() throws SQLException {
        try (Connection connection = DriverManager.getConnection(url); Statement statement = connection.createStatement();
                ResultSet result = statement.executeQuery(
                        "SELECT datname FROM pg_database WHERE datname IN ('" + LEGACY + "', '" + TARGET + "') ORDER BY datname")) {
            List<String> names = new ArrayList<>();
            while (result.next()) {
                names.add(result.getString(1));
            }
            return names;
        }
    }

    private static void dropDemoDatabases() throws SQLException {
        try (Connection connection = DriverManager.getConnection(url); Statement statement = connection.createStatement()) {
            statement.execute("DROP DATABASE IF EXISTS " + LEGACY);
            statement.execute("DROP DATABASE IF EXISTS " + TARGET);
        }
    }
}
