package dev.cutover.flags;

import static dev.cutover.flags.TestRepositories.cutover;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cutover.Cutover;
import dev.cutover.routing.MethodKind;
import dev.cutover.routing.MethodRoute;
import dev.cutover.routing.RepositoryMethod;
import dev.cutover.routing.RouteConfigurationException;
import dev.cutover.routing.RouteSwitch;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class EnvironmentRoutesBuilderTest {
    private static final RepositoryMethod FIND_BY_ID =
            new RepositoryMethod("ClientRepository", "findById", MethodKind.READ, ClientRepository.class);
    private static final RepositoryMethod SAVE =
            new RepositoryMethod("ClientRepository", "save", MethodKind.WRITE, ClientRepository.class);

    @Test
    void shouldRefuseANullEnvironment() {
        assertThatThrownBy(() -> EnvironmentRoutes.builder().environment(null))
                .isInstanceOf(NullPointerException.class).hasMessage("environment");
    }

    @Test
    void shouldRefuseANullNameOrValueNamingOnlyTheVariable() {
        Map<String, String> nullName = new HashMap<>();
        nullName.put(null, "postgres");
        Map<String, String> nullValue = new HashMap<>();
        nullValue.put("CUTOVER_ROUTE_DEFAULT", null);

        assertThatThrownBy(() -> EnvironmentRoutes.builder().environment(nullName))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("The environment has a variable with a null name");
        assertThatThrownBy(() -> EnvironmentRoutes.builder().environment(nullValue))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Environment variable CUTOVER_ROUTE_DEFAULT has a null value; leave it out instead");
    }

    @ParameterizedTest(name = "[{index}] ''{0}''")
    @ValueSource(strings = {"DATABASE_URL", "cutover_app_region", "CUTOVER_", "CUTOVER_APP__REGION", "CUTOVER_APP REGION",
            " CUTOVER_APP", ""})
    void shouldRefuseAKnownVariableThatIsNotACutoverNameQuotingIt(String name) {
        assertThatThrownBy(() -> EnvironmentRoutes.builder().knownVariables(name))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Known variable '" + name + "' is not a CUTOVER_ name in upper snake case, like"
                        + " CUTOVER_TEST_POSTGRES_URL; only CUTOVER_ variables are checked, so no other name needs declaring");
    }

    @Test
    void shouldRefuseANullKnownVariable() {
        assertThatThrownBy(() -> EnvironmentRoutes.builder().knownVariables(Arrays.asList("CUTOVER_A", null)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Known variable null is not a CUTOVER_ name in upper snake case, like CUTOVER_TEST_POSTGRES_URL;"
                        + " only CUTOVER_ variables are checked, so no other name needs declaring");
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"CUTOVER_ROUTE_DEFAULT", "CUTOVER_ROUTE_OVERRIDE", "CUTOVER_ROUTE_TIMEOUT"})
    void shouldRefuseAKnownVariableInTheRouteNamespace(String name) {
        assertThatThrownBy(() -> EnvironmentRoutes.builder().knownVariables(name))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Known variable '" + name + "' is in the CUTOVER_ROUTE_ namespace, which is reserved for route"
                        + " variables");
    }

    @Test
    void shouldAddKnownVariablesToTheDefaults() {
        EnvironmentRoutes routes = EnvironmentRoutes.builder()
                .knownVariables("CUTOVER_APP_REGION")
                .knownVariables(List.of("CUTOVER_APP_ZONE", "CUTOVER_A1"))
                .environment(Map.of())
                .build();

        assertThat(routes.knownVariables()).containsExactly("CUTOVER_A1", "CUTOVER_APPLICATION", "CUTOVER_APP_REGION", "CUTOVER_APP_ZONE", "CUTOVER_CLASSPATH", "CUTOVER_CONFIG", "CUTOVER_CONSOLE_PROXY_CHANGERS", "CUTOVER_CONSOLE_PROXY_HEADER", "CUTOVER_CONSOLE_SECURE_COOKIES", "CUTOVER_CONSOLE_TRUSTED_PROXIES", "CUTOVER_CONSOLE_USERS", "CUTOVER_CONSOLE_USERS_FILE", "CUTOVER_DEMO_LEGACY_URL", "CUTOVER_DEMO_POSTGRES_URL", "CUTOVER_JAVA_OPTS", "CUTOVER_LEGACY_DIALECT", "CUTOVER_LEGACY_PASSWORD", "CUTOVER_LEGACY_URL", "CUTOVER_LEGACY_USER", "CUTOVER_LOG_LEVEL", "CUTOVER_POSTGRES_PASSWORD", "CUTOVER_POSTGRES_URL", "CUTOVER_POSTGRES_USER", "CUTOVER_TEST_LEGACY_URL", "CUTOVER_TEST_MARIADB_URL", "CUTOVER_TEST_POSTGRES_URL");
        assertThat(EnvironmentRoutes.fromEnvironment().knownVariables()).isEqualTo(RouteVariables.KNOWN_VARIABLES);
    }

    @Test
    void shouldNotAcceptAnyKnownVariableOfACallThatFailed() {
        EnvironmentRoutes.Builder builder = EnvironmentRoutes.builder();
        assertThatThrownBy(() -> builder.knownVariables("CUTOVER_GOOD", "bad")).isInstanceOf(IllegalArgumentException.class);

        assertThat(builder.environment(Map.of()).build().knownVariables()).doesNotContain("CUTOVER_GOOD");
    }

    @Test
    void shouldCopyTheEnvironment() {
        Map<String, String> environment = new HashMap<>();
        EnvironmentRoutes.Builder builder = EnvironmentRoutes.builder().environment(environment);
        environment.put("CUTOVER_ROUTE_DEFAULT", "postgres");

        try (Cutover cutover = cutover(builder.build())) {
            assertThat(cutover.repository(ClientRepository.class).findById(1L)).isEqualTo("legacy");
        }
    }

    @Test
    void shouldReadTheProcessEnvironmentFromEnvironment() {
        Object fromEnvironment = outcome(EnvironmentRoutes.fromEnvironment());
        Object fromSnapshot = outcome(EnvironmentRoutes.builder().environment(System.getenv()).build());

        assertThat(fromEnvironment).isNotNull().isEqualTo(fromSnapshot);
    }

    /** The route table of a Cutover built with {@code routes}, or the message of the failure to build it. */
    private static Object outcome(EnvironmentRoutes routes) {
        try (Cutover cutover = cutover(routes)) {
            List<MethodRoute> table = cutover.routes();
            assertThat(table).hasSize(5);
            return table;
        } catch (RouteConfigurationException e) {
            return e.getMessage();
        }
    }

    @Test
    void shouldShowVariableNamesButNoValuesInToString() {
        EnvironmentRoutes routes = EnvironmentRoutes.builder()
                .environment(Map.of("CUTOVER_ROUTE_DEFAULT", "postgres", "CUTOVER_DB_PASSWORD", "hunter2", "HOME", "/root"))
                .build();

        assertThat(routes).hasToString("EnvironmentRoutes[variables=[CUTOVER_DB_PASSWORD, CUTOVER_ROUTE_DEFAULT],"
                + " known=" + RouteVariables.KNOWN_VARIABLES + "]");
    }

    @Test
    void shouldReturnTheSamePrecomputedDecisionOnEveryCall() {
        EnvironmentRoutes routes = EnvironmentRoutes.builder()
                .environment(Map.of("CUTOVER_ROUTE__CLIENT_REPOSITORY__FIND_BY_ID", "postgres")).build();

        List<RouteSwitch> switches = routes.bind(List.of(FIND_BY_ID, SAVE));

        assertThat(switches).hasSize(2);
        assertThat(switches.get(0).current()).isSameAs(switches.get(0).current());
        assertThat(switches.get(0).current().route().id()).isEqualTo("postgres");
        assertThat(switches.get(1).current().route().id()).isEqualTo("legacy");
    }

    @Test
    void shouldReturnTheSameSwitchesWhenBoundAgainToTheSameMethods() {
        EnvironmentRoutes routes = EnvironmentRoutes.builder().environment(Map.of()).build();

        List<RouteSwitch> first = routes.bind(List.of(FIND_BY_ID, SAVE));
        List<RouteSwitch> second = routes.bind(List.of(FIND_BY_ID, SAVE));

        assertThat(second).isSameAs(first);
    }

    @Test
    void shouldRefuseToBindOtherMethodsOnceBound() {
        EnvironmentRoutes routes = EnvironmentRoutes.builder().environment(Map.of()).build();
        routes.bind(List.of(FIND_BY_ID));

        assertThatThrownBy(() -> routes.bind(List.of(FIND_BY_ID, SAVE)))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("This EnvironmentRoutes is already bound to the methods of [ClientRepository]; its"
                        + " FeatureManager belongs to one Cutover, so create one EnvironmentRoutes per Cutover");
    }

    @Test
    void shouldAllowBindingAgainAfterAFailedBind() {
        EnvironmentRoutes routes = EnvironmentRoutes.builder()
                .environment(Map.of("CUTOVER_ROUTE__CLIENT_REPOSITORY__SAVE", "postgres")).build();
        assertThatThrownBy(() -> routes.bind(List.of(FIND_BY_ID))).hasMessageContaining("which ClientRepository does not have");

        assertThat(routes.bind(List.of(FIND_BY_ID, SAVE))).extracting(s -> s.current().route().id())
                .containsExactly("legacy", "postgres");
    }
}
