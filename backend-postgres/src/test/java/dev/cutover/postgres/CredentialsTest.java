package dev.cutover.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cutover.Backend;
import dev.cutover.DataAccessException;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Connection failures at startup name where and as whom, never the password. Runs a PostgreSQL of its own
 * that checks passwords (SCRAM) for TCP logins: the shared test server trusts every login, where a wrong
 * password could not fail.
 */
class CredentialsTest {
    private static final String USER = "cutover_app";
    private static final String PASSWORD = "Right-Secret-7f3a";
    private static final String WRONG_PASSWORD = "Wrong-Secret-91c2";

    private static EmbeddedPostgres server;
    private static String url;

    @BeforeAll
    static void startServerThatChecksPasswords() throws IOException, SQLException {
        server = EmbeddedPostgres.builder()
                .setDataDirectoryCustomizer(directory -> {
                    try {
                        // The superuser keeps trust so that the embedded server's own start-up check can log in.
                        Files.writeString(directory.toPath().resolve("pg_hba.conf"), """
                                local all all trust
                                host all postgres 127.0.0.1/32 trust
                                host all postgres ::1/128 trust
                                host all all 127.0.0.1/32 scram-sha-256
                                host all all ::1/128 scram-sha-256
                                """);
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                })
                .start();
        try (Connection connection = server.getPostgresDatabase().getConnection();
                Statement statement = connection.createStatement()) {
            statement.execute("SET password_encryption = 'scram-sha-256'");
            statement.execute("CREATE ROLE " + USER + " LOGIN PASSWORD '" + PASSWORD + "'");
        }
        url = "jdbc:postgresql://127.0.0.1:" + server.getPort() + "/postgres";
    }

    @AfterAll
    static void stopServer() throws IOException {
        server.close();
    }

    private static PostgresConfig.Builder config() {
        return PostgresConfig.custom().jdbcUrl(url).username(USER).maximumPoolSize(1)
                .connectionTimeout(Duration.ofSeconds(2));
    }

    private static String everything(Throwable failure) {
        StringWriter text = new StringWriter();
        failure.printStackTrace(new PrintWriter(text));
        return text.toString();
    }

    @Test
    void shouldConnectWithTheRightPassword() {
        try (PostgresAdapter adapter = PostgresAdapter.create(config().password(PASSWORD).build())) {
            assertThat(adapter.dsl().fetchValue("SELECT current_user")).isEqualTo(USER);
        }
    }

    @Test
    void shouldFailOnAWrongPasswordWithoutShowingIt() {
        PostgresConfig config = config().password(WRONG_PASSWORD).build();

        assertThatThrownBy(() -> PostgresAdapter.create(config))
                .isInstanceOfSatisfying(DataAccessException.class, e -> {
                    assertThat(e.sqlState()).isEqualTo("28P01");
                    assertThat(e.backend()).isEqualTo(Backend.POSTGRES);
                    assertThat(everything(e)).doesNotContain(WRONG_PASSWORD).doesNotContain(PASSWORD);
                })
                .hasMessage("Cannot connect to PostgreSQL at " + url + " as user 'cutover_app' (pool cutover-postgres, "
                        + "SQLState 28P01): "
                        + "FATAL: password authentication failed for user \"cutover_app\"");
        assertThat(config.toString()).doesNotContain(WRONG_PASSWORD);
    }

    @Test
    void shouldRedactAWrongPasswordGivenInTheUrl() {
        PostgresConfig config = PostgresConfig.custom()
                .jdbcUrl(url + "?user=" + USER + "&password=" + WRONG_PASSWORD).build();

        assertThatThrownBy(() -> PostgresAdapter.create(config))
                .isInstanceOfSatisfying(DataAccessException.class,
                        e -> assertThat(everything(e)).doesNotContain(WRONG_PASSWORD))
                .hasMessage("Cannot connect to PostgreSQL at " + url + "?user=cutover_app&password=*** (pool cutover-postgres, "
                        + "SQLState 28P01): "
                        + "FATAL: password authentication failed for user \"cutover_app\"");
        assertThat(config.toString()).doesNotContain(WRONG_PASSWORD);
    }

    @Test
    void shouldFailOnAnUnreachableHostWithoutShowingThePassword() {
        PostgresConfig config = PostgresConfig.custom().jdbcUrl("jdbc:postgresql://127.0.0.1:1/booking")
                .username("app").password(PASSWORD).connectionTimeout(Duration.ofSeconds(1)).build();

        assertThatThrownBy(() -> PostgresAdapter.create(config))
                .isInstanceOfSatisfying(DataAccessException.class, e -> {
                    assertThat(e.sqlState()).isEqualTo("08001");
                    assertThat(everything(e)).doesNotContain(PASSWORD);
                })
                .hasMessage("Cannot connect to PostgreSQL at jdbc:postgresql://127.0.0.1:1/booking as user 'app' "
                        + "(pool cutover-postgres, SQLState 08001): Connection to 127.0.0.1:1 refused. Check that the hostname and port are "
                        + "correct and that the postmaster is accepting TCP/IP connections.");
    }
}
