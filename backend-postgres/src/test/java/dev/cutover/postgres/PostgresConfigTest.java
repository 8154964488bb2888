package dev.cutover.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class PostgresConfigTest {

    @Test
    void shouldStartFromDefaults() {
        PostgresConfig config = PostgresConfig.custom().jdbcUrl("jdbc:postgresql://db:5432/booking").build();

        assertThat(config.schema()).isEqualTo("public");
        assertThat(config.maximumPoolSize()).isEqualTo(10);
        assertThat(config.connectionTimeout()).isEqualTo(Duration.ofSeconds(30));
        assertThat(config.applicationName()).isEqualTo("cutover-postgres");
        assertThat(config.username()).isNull();
        assertThat(config.password()).isNull();
        assertThat(config).hasToString("PostgresConfig[ConnectionSettings[jdbcUrl=jdbc:postgresql://db:5432/booking, "
                + "username=null, password=<none>, maximumPoolSize=10, connectionTimeout=PT30S, "
                + "applicationName=cutover-postgres], schema=public]");
    }

    @Test
    void shouldCopyAConfigAndChangeOnlyWhatIsSet() {
        PostgresConfig base = PostgresConfig.custom().jdbcUrl("jdbc:postgresql://db/booking").username("app")
                .password("pw").schema("booking").maximumPoolSize(3).connectionTimeout(Duration.ofSeconds(2)).build();

        PostgresConfig copy = PostgresConfig.from(base).maximumPoolSize(7).build();

        assertThat(copy.maximumPoolSize()).isEqualTo(7);
        assertThat(copy.schema()).isEqualTo("booking");
        assertThat(copy.username()).isEqualTo("app");
        assertThat(copy.password()).isEqualTo("pw");
        assertThat(copy.connectionTimeout()).isEqualTo(Duration.ofSeconds(2));
    }

    @Test
    void shouldNeverShowThePasswordWhereverItWasGiven() {
        PostgresConfig config = PostgresConfig.custom()
                .jdbcUrl("jdbc:postgresql://db:5432/booking?user=app&password=url-Secret-1&ssl=true")
                .username("app")
                .password("field-Secret-2")
                .build();

        assertThat(config.toString())
                .doesNotContain("url-Secret-1")
                .doesNotContain("field-Secret-2")
                .isEqualTo("PostgresConfig[ConnectionSettings[jdbcUrl=jdbc:postgresql://db:5432/booking?user=app&"
                        + "password=***&ssl=true, username=app, password=***, maximumPoolSize=10, connectionTimeout=PT30S, "
                        + "applicationName=cutover-postgres], schema=public]");
    }

    @Test
    void shouldRefuseBadValuesQuotingThem() {
        PostgresConfig.Builder builder = PostgresConfig.custom();

        assertThatThrownBy(() -> builder.jdbcUrl("jdbc:mysql://db/booking?password=hidden"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("jdbcUrl must start with 'jdbc:postgresql:', was 'jdbc:mysql://db/booking?password=***'; "
                        + "for example 'jdbc:postgresql://host:5432/database'");
        assertThatThrownBy(() -> builder.jdbcUrl(null))
                .hasMessage("jdbcUrl must start with 'jdbc:postgresql:', was null; for example "
                        + "'jdbc:postgresql://host:5432/database'");
        assertThatThrownBy(() -> builder.username(""))
                .hasMessage("username must not be blank, was ''; give a user name, or null to take it from the JDBC URL");
        assertThatThrownBy(() -> builder.schema(""))
                .hasMessage("schema '' is not a schema name; for example 'public'");
        assertThatThrownBy(() -> builder.maximumPoolSize(0))
                .hasMessage("maximumPoolSize must be at least 1, was '0'");
        assertThatThrownBy(() -> builder.connectionTimeout(Duration.ofMillis(100)))
                .hasMessage("connectionTimeout must be at least 250 ms, was 'PT0.1S'");
        assertThatThrownBy(() -> builder.connectionTimeout(null))
                .hasMessage("connectionTimeout must be at least 250 ms, was null");
        assertThatThrownBy(() -> builder.applicationName("ünïcode"))
                .hasMessage("applicationName must be at most 63 printable ASCII characters, was 'ünïcode'; PostgreSQL "
                        + "truncates longer names and replaces other characters with '?'");
        assertThatThrownBy(builder::build)
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("PostgresConfig needs a JDBC URL: call jdbcUrl(\"jdbc:postgresql://host:5432/database\")");
    }
}
