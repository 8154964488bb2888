package dev.cutover.spring.boot.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** The starter's properties as variables, which route validation must not refuse as unknown CUTOVER_ variables. */
class StarterVariablesTest {

    @Test
    void shouldKnowEachPropertyInItsVariableFormAndEveryRouteEntryButNothingElse() {
        assertThat(StarterVariables.properties()).contains("CUTOVER_LEGACY_URL", "CUTOVER_LEGACY_POOL_MAXIMUMSIZE",
                "CUTOVER_POSTGRES_SCHEMA", "CUTOVER_HEALTH_OUTBOXAGETHRESHOLD", "CUTOVER_DUALWRITE_LEGACYJOURNAL");

        assertThat(StarterVariables.in(Map.of("CUTOVER_ROUTES_NOTEREPOSITORY", "postgres", "CUTOVER_FLAGSTORE_POLLINTERVAL",
                "1s", "CUTOVER_ROUTES_", "x", "CUTOVER_ROUT_DEFAULT", "postgres", "PATH", "/bin")))
                .containsExactly("CUTOVER_FLAGSTORE_POLLINTERVAL", "CUTOVER_ROUTES_NOTEREPOSITORY");
    }
}
