package dev.cutover.backend;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The rules and messages every backend's configuration shares, through a builder the way backends extend it. */
class ConnectionSettingsTest {

    /** A backend's configuration as LegacyConfig and PostgresConfig build theirs: shared settings and one of its own. */
    record ExampleConfig(ConnectionSettings connectionSettings, String region) {

        static Builder custom() {
            return new Builder();
        }

        static Builder from(ExampleConfig base) {
            return new Builder(base);
        }

        static final class Builder extends ConnectionSettings.Builder<Builder> {
            private String region = "eu";

            private Builder() {
                super("ExampleConfig", "jdbc:example:", "cutover-example");
            }

            private Builder(ExampleConfig base) {
                super("ExampleConfig", "jdbc:example:", base.connectionSettings());
                this.region = base.region();
            }

            @Override
            protected Builder self() {
                return this;
            }

            Builder region(String region) {
                this.region = region;
                return this;
            }

            @Override
            protected void checkApplicationName(String applicationName) {
                if (applicationName.contains("/")) {
                    throw new IllegalArgumentException("applicationName must not contain '/', was '" + applicationName + "'");
                }
            }

            ExampleConfig build() {
                return new ExampleConfig(connectionSettings(), region);
            }
        }
    }

    @Test
    void shouldStartFromTheDefaults() {
        ConnectionSettings settings = ExampleConfig.custom().jdbcUrl("jdbc:example://db/booking").build().connectionSettings();

        assertThat(settings.jdbcUrl()).isEqualTo("jdbc:example://db/booking");
        assertThat(settings.username()).isNull();
        assertThat(settings.password()).isNull();
        assertThat(settings.maximumPoolSize()).isEqualTo(ConnectionSettings.DEFAULT_MAXIMUM_POOL_SIZE).isEqualTo(10);
        assertThat(settings.connectionTimeout()).isEqualTo(ConnectionSettings.DEFAULT_CONNECTION_TIMEOUT)
                .isEqualTo(Duration.ofSeconds(30));
        assertThat(settings.applicationName()).isEqualTo("cutover-example");
    }

    @Test
    void shouldKeepEveryValueGivenAndLetTheBackendsSettersFollowTheSharedOnes() {
        ExampleConfig config = ExampleConfig.custom().jdbcUrl("jdbc:example://db/booking").username("app").password("pw")
                .maximumPoolSize(3).connectionTimeout(Duration.ofMillis(250)).applicationName("booking").region("us")
                .build();

        ConnectionSettings settings = config.connectionSettings();
        assertThat(settings.username()).isEqualTo("app");
        assertThat(settings.password()).isEqualTo("pw");
        assertThat(settings.maximumPoolSize()).isEqualTo(3);
        assertThat(settings.connectionTimeout()).isEqualTo(Duration.ofMillis(250));
        assertThat(settings.applicationName()).isEqualTo("booking");
        assertThat(config.region()).isEqualTo("us");
    }

    @Test
    void shouldCopyABaseToChangeSomeValuesLeavingTheBaseAsItWas() {
        ExampleConfig base = ExampleConfig.custom().jdbcUrl("jdbc:example://db/booking").username("app").password("pw")
                .maximumPoolSize(3).connectionTimeout(Duration.ofSeconds(2)).applicationName("booking").region("us")
                .build();

        ExampleConfig copy = ExampleConfig.from(base).maximumPoolSize(7).build();

        assertThat(copy.connectionSettings().maximumPoolSize()).isEqualTo(7);
        assertThat(base.connectionSettings().maximumPoolSize()).isEqualTo(3);
        assertThat(ExampleConfig.from(base).build()).isEqualTo(base);
        assertThat(ExampleConfig.from(base).build().connectionSettings()).isEqualTo(base.connectionSettings())
                .hasSameHashCodeAs(base.connectionSettings());
        assertThat(copy.region()).isEqualTo("us");
    }

    @Test
    void shouldNeverShowAPasswordGivenAsSettingOrInTheUrl() {
        ConnectionSettings settings = ExampleConfig.custom().jdbcUrl("jdbc:example://app:url-Secret-1@db/booking?ssl=true")
                .username("app").password("field-Secret-2").build().connectionSettings();

        assertThat(settings).hasToString("ConnectionSettings[jdbcUrl=jdbc:example://app:***@db/booking?ssl=true, "
                + "username=app, password=***, maximumPoolSize=10, connectionTimeout=PT30S, "
                + "applicationName=cutover-example]");
        assertThat(ExampleConfig.custom().jdbcUrl("jdbc:example://db/booking").build().connectionSettings().toString())
                .contains("username=null, password=<none>,");
    }

    @Test
    void shouldRefuseAUrlWithoutTheBackendsPrefixShowingItRedacted() {
        ExampleConfig.Builder builder = ExampleConfig.custom();

        assertThatThrownBy(() -> builder.jdbcUrl("jdbc:postgresql://db/booking?password=hunter2"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("jdbcUrl must start with 'jdbc:example:', was 'jdbc:postgresql://db/booking?password=***'; "
                        + "for example 'jdbc:postgresql://host:5432/database'");
        assertThatThrownBy(() -> builder.jdbcUrl(null))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("jdbcUrl must start with 'jdbc:example:', was null; for example "
                        + "'jdbc:postgresql://host:5432/database'");
    }

    @Test
    void shouldRefuseBadValuesQuotingThem() {
        ExampleConfig.Builder builder = ExampleConfig.custom();

        assertThatThrownBy(() -> builder.username(" "))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("username must not be blank, was ' '; give a user name, or null to take it from the JDBC URL");
        assertThatThrownBy(() -> builder.maximumPoolSize(0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("maximumPoolSize must be at least 1, was '0'");
        assertThatThrownBy(() -> builder.connectionTimeout(Duration.ofMillis(249)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("connectionTimeout must be at least 250 ms, was 'PT0.249S'");
        assertThatThrownBy(() -> builder.connectionTimeout(null))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("connectionTimeout must be at least 250 ms, was null");
        assertThatThrownBy(() -> builder.applicationName("\t"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("applicationName must not be blank, was '\t'");
        assertThatThrownBy(() -> builder.applicationName(null))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("applicationName must not be blank, was null");
    }

    @Test
    void shouldAcceptWhatTheRulesAllowAtTheirLimits() {
        ExampleConfig config = ExampleConfig.custom().jdbcUrl("jdbc:example:").username(null).password("")
                .maximumPoolSize(1).connectionTimeout(Duration.ofMillis(250)).build();

        assertThat(config.connectionSettings().maximumPoolSize()).isEqualTo(1);
        assertThat(config.connectionSettings().password()).isEmpty();
        assertThat(config.connectionSettings().toString()).contains("password=***");
    }

    @Test
    void shouldApplyTheBackendsOwnApplicationNameRuleAfterTheSharedOne() {
        ExampleConfig.Builder builder = ExampleConfig.custom().jdbcUrl("jdbc:example://db/booking");

        assertThatThrownBy(() -> builder.applicationName("booking/backfill"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("applicationName must not contain '/', was 'booking/backfill'");
        assertThatThrownBy(() -> builder.applicationName(" "))
                .hasMessage("applicationName must not be blank, was ' '");
        assertThat(builder.build().connectionSettings().applicationName()).isEqualTo("cutover-example");
    }

    @Test
    void shouldKeepTheLastGoodValueWhenABadOneIsRefused() {
        ExampleConfig.Builder builder = ExampleConfig.custom().jdbcUrl("jdbc:example://db/booking").maximumPoolSize(4);

        assertThatThrownBy(() -> builder.maximumPoolSize(-1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> builder.jdbcUrl("example://db/other")).isInstanceOf(IllegalArgumentException.class);

        ConnectionSettings settings = builder.build().connectionSettings();
        assertThat(settings.maximumPoolSize()).isEqualTo(4);
        assertThat(settings.jdbcUrl()).isEqualTo("jdbc:example://db/booking");
    }

    @Test
    void shouldRequireAUrlNamingTheConfigurationAndTheCallToMake() {
        assertThatThrownBy(() -> ExampleConfig.custom().username("app").build())
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("ExampleConfig needs a JDBC URL: call jdbcUrl(\"jdbc:postgresql://host:5432/database\")");
    }
}
