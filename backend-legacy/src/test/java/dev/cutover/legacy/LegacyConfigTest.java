package dev.cutover.legacy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class LegacyConfigTest {

    @Test
    void shouldApplyDefaultsAndTakeTheDialectFromAPostgresqlUrl() {
        LegacyConfig config = LegacyConfig.custom().jdbcUrl("jdbc:postgresql://db:5432/booking").build();

        assertThat(config.dialect()).isSameAs(LegacyDialect.postgresql());
        assertThat(config.maximumPoolSize()).isEqualTo(10);
        assertThat(config.connectionTimeout()).isEqualTo(Duration.ofSeconds(30));
        assertThat(config.applicationName()).isEqualTo("cutover-legacy");
        assertThat(config.username()).isNull();
        assertThat(config.password()).isNull();
    }

    @Test
    void shouldNeverShowThePasswordInToString() {
        LegacyConfig config = LegacyConfig.custom().jdbcUrl("jdbc:postgresql://db:5432/booking?user=app&password=url-secret")
                .username("app").password("config-secret").maximumPoolSize(3).connectionTimeout(Duration.ofSeconds(2))
                .applicationName("booking").build();

        assertThat(config).hasToString("LegacyConfig[jdbcUrl=jdbc:postgresql://db:5432/booking?user=app&password=***, "
                + "username=app, password=***, dialect=PostgreSQL, maximumPoolSize=3, connectionTimeout=PT2S, "
                + "applicationName=booking]");
        assertThat(LegacyConfig.custom().jdbcUrl("jdbc:postgresql://db/booking").build().toString())
                .contains("password=<none>");
    }

    @Test
    void shouldCopyABaseConfigToChangeSomeValues() {
        LegacyConfig base = LegacyConfig.custom().jdbcUrl("jdbc:postgresql://db/booking").username("app").password("pw")
                .maximumPoolSize(3).build();

        LegacyConfig copy = LegacyConfig.from(base).maximumPoolSize(20).build();

        assertThat(copy.maximumPoolSize()).isEqualTo(20);
        assertThat(copy.username()).isEqualTo("app");
        assertThat(copy.password()).isEqualTo("pw");
        assertThat(copy.jdbcUrl()).isEqualTo("jdbc:postgresql://db/booking");
        assertThat(base.maximumPoolSize()).isEqualTo(3);
    }

    @Test
    void shouldRefuseBadValuesQuotingThem() {
        LegacyConfig.Builder builder = LegacyConfig.custom();

        assertThatThrownBy(() -> builder.jdbcUrl("postgres://app:pw@db/booking"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("jdbcUrl must start with 'jdbc:', was 'postgres://app:***@db/booking'");
        assertThatThrownBy(() -> builder.jdbcUrl(null))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("jdbcUrl must start with 'jdbc:', was null");
        assertThatThrownBy(() -> builder.username(" "))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("username must not be blank, was ' '; pass null to take it from the URL");
        assertThatThrownBy(() -> builder.maximumPoolSize(0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("maximumPoolSize must be at least 1, was '0'");
        assertThatThrownBy(() -> builder.connectionTimeout(Duration.ofMillis(100)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("connectionTimeout must be at least 250 ms, was 'PT0.1S'");
        assertThatThrownBy(() -> builder.connectionTimeout(null))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("connectionTimeout must be at least 250 ms, was 'null'");
        assertThatThrownBy(() -> builder.applicationName(""))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("applicationName must not be blank, was ''");
        assertThatThrownBy(() -> builder.dialect(null))
                .isInstanceOf(NullPointerException.class)
                .hasMessage("dialect");
    }

    @Test
    void shouldRequireAUrlAndADialectItCannotGuess() {
        assertThatThrownBy(() -> LegacyConfig.custom().build())
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("LegacyConfig needs a JDBC URL: call jdbcUrl(\"jdbc:postgresql://host:5432/database\")");
        assertThatThrownBy(() -> LegacyConfig.custom().jdbcUrl("jdbc:oracle:thin:@db:1521/booking?password=pw").build())
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("LegacyConfig has no dialect for jdbcUrl 'jdbc:oracle:thin:@db:1521/booking?password=***': call "
                        + "dialect(...); available: LegacyDialect.postgresql(), LegacyDialect.mariadb()");
    }

    @Test
    void shouldTakeTheMariaDbDialectFromAMariadbOrMysqlUrl() {
        assertThat(LegacyConfig.custom().jdbcUrl("jdbc:mariadb://db:3306/booking").build().dialect())
                .isSameAs(LegacyDialect.mariadb());
        assertThat(LegacyConfig.custom().jdbcUrl("jdbc:mysql://db:3306/booking").build().dialect())
                .isSameAs(LegacyDialect.mariadb());
        assertThat(LegacyConfig.custom().jdbcUrl("jdbc:mariadb://db/booking").dialect(LegacyDialect.postgresql()).build()
                .dialect()).isSameAs(LegacyDialect.postgresql());
    }
}
