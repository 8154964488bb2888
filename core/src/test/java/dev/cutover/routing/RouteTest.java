package dev.cutover.routing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cutover.Backend;
import dev.cutover.jdbc.JdbcUrls;
import org.junit.jupiter.api.Test;

class RouteTest {

    @Test
    void shouldParseRouteNamesStrictly() {
        assertThat(Route.parse("postgres")).isEqualTo(Route.POSTGRES);
        assertThat(Route.parse(" Legacy-Dual ")).isEqualTo(Route.LEGACY_DUAL);
        for (String bad : new String[] {"1", "on", "true", "treu", "postgress", "", "legacy_dual"}) {
            assertThatThrownBy(() -> Route.parse(bad))
                    .hasMessage("'" + bad + "' is not a route; allowed: legacy, legacy-dual, postgres-dual, postgres");
        }
        assertThatThrownBy(() -> Route.parse(null)).hasMessage("'null' is not a route; allowed: legacy, legacy-dual, postgres-dual, postgres");
    }

    @Test
    void shouldNameThePrimaryAndWhetherTheOtherSideIsKeptInStep() {
        assertThat(Route.POSTGRES_DUAL.primary()).isEqualTo(Backend.POSTGRES);
        assertThat(Route.LEGACY_DUAL.primary()).isEqualTo(Backend.LEGACY);
        assertThat(Route.LEGACY_DUAL.isDual()).isTrue();
        assertThat(Route.POSTGRES.isDual()).isFalse();
    }

    @Test
    void shouldRedactPasswordsFromJdbcUrls() {
        assertThat(JdbcUrls.redact("jdbc:postgresql://db:5432/app?user=u&password=s3cret&ssl=true"))
                .isEqualTo("jdbc:postgresql://db:5432/app?user=u&password=***&ssl=true");
        assertThat(JdbcUrls.redact("jdbc:mariadb://u:s3cret@db:3306/app")).isEqualTo("jdbc:mariadb://u:***@db:3306/app");
        assertThat(JdbcUrls.redact("jdbc:postgresql://db/app;PWD=x")).isEqualTo("jdbc:postgresql://db/app;PWD=***");
        assertThat(JdbcUrls.redact("jdbc:postgresql://db/app")).isEqualTo("jdbc:postgresql://db/app");
    }
}
