package dev.cutover.testkit.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Properties;
import org.junit.jupiter.api.Test;

class PostgresServersTest {

    @Test
    void shouldTakeTheUserAndPasswordFromTheUrlsParameters() {
        Properties credentials = PostgresServers.urlCredentials(
                "jdbc:postgresql://127.0.0.1:5432/test?ssl=false&user=postgres&password=p%26ss");

        assertThat(credentials.getProperty("user")).isEqualTo("postgres");
        assertThat(credentials.getProperty("password")).isEqualTo("p&ss");
        assertThat(PostgresServers.urlCredentials("jdbc:postgresql://127.0.0.1:5432/test")).isEmpty();
    }
}
