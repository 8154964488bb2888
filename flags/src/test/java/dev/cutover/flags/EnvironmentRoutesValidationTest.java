package dev.cutover.flags;

import static dev.cutover.flags.TestRepositories.cutover;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.cutover.Cutover;
import dev.cutover.routing.Route;
import dev.cutover.routing.MethodKind;
import dev.cutover.routing.RepositoryMethod;
import dev.cutover.routing.RouteConfigurationException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedSet;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Every way the environment can be wrong, each failing startup with its exact message. */
class EnvironmentRoutesValidationTest {
    private static final String ALLOWED = "allowed: legacy, legacy-dual, postgres-dual, postgres";
    private static final String CLIENT_METHODS = "CUTOVER_ROUTE__CLIENT_REPOSITORY__FIND_BY_ID, "
            + "CUTOVER_ROUTE__CLIENT_REPOSITORY__FIND_BY_YCLIENTS_ID, CUTOVER_ROUTE__CLIENT_REPOSITORY__SAVE";
    private static final String REGISTERED = "registered: BOOKING_REPOSITORY (BookingRepository), "
            + "CLIENT_REPOSITORY (ClientRepository)";

    /** The problems that building a Cutover over the test repositories with {@code environment} reports. */
    private static List<String> problems(Map<String, String> environment) {
        RouteConfigurationException failure =
                catchThrowableOfType(RouteConfigurationException.class, () -> cutover(environment).close());
        assertThat(failure).as("a RouteConfigurationException for %s", environment.keySet()).isNotNull();
        return failure.problems();
    }

    @ParameterizedTest(name = "[{index}] ''{0}''")
    @ValueSource(strings = {"1", "0", "on", "off", "true", "false", "treu", "yes", "enabled", "postgress", "pg", "",
            "   ", "legacy,postgres", "post gres", "postgres_dual"})
    void shouldRejectAValueThatIsNotARoute(String value) {
        assertThat(problems(Map.of("CUTOVER_ROUTE__CLIENT_REPOSITORY__FIND_BY_ID", value))).containsExactly(
                "CUTOVER_ROUTE__CLIENT_REPOSITORY__FIND_BY_ID='" + value + "' is not a route; " + ALLOWED);
    }

    @Test
    void shouldPutTheWholeProblemInTheExceptionMessage() {
        assertThatThrownBy(() -> cutover(Map.of("CUTOVER_ROUTE__CLIENT_REPOSITORY__FIND_BY_ID", "postgress")))
                .isInstanceOf(RouteConfigurationException.class)
                .hasMessage("Invalid route configuration: CUTOVER_ROUTE__CLIENT_REPOSITORY__FIND_BY_ID='postgress' is not a"
                        + " route; allowed: legacy, legacy-dual, postgres-dual, postgres");
    }

    @ParameterizedTest(name = "{0}={1}")
    @CsvSource({
        "CUTOVER_ROUTE_OVERRIDE, legacy-dual",
        "CUTOVER_ROUTE_DEFAULT, postgres-dual",
        "CUTOVER_ROUTE__CLIENT_REPOSITORY, postgres-dual",
        "CUTOVER_ROUTE__CLIENT_REPOSITORY__SAVE, legacy-dual",
        "CUTOVER_ROUTE__BOOKING_REPOSITORY__FIND_BY_ID, Postgres-Dual"})
    void shouldPassADualRouteToTheRouterWhichNamesWhatToInstall(String variable, String value) {
        // these test repositories have no dual-write or shadow reads installed
        assertThat(problems(Map.of(variable, value))).isNotEmpty().allSatisfy(problem -> assertThat(problem)
                .startsWith(variable + " routes ")
                .contains(" to '" + value.toLowerCase(java.util.Locale.ROOT) + "', but nothing handles ")
                .containsAnyOf("install dual-write (DualWrites", "install shadow reads (ShadowReads"));
    }

    @Test
    void shouldAcceptADualRouteThatAHigherVariableHides() {
        try (Cutover cutover = cutover(Map.of("CUTOVER_ROUTE_OVERRIDE", "legacy", "CUTOVER_ROUTE_DEFAULT", "postgres-dual"))) {
            assertThat(cutover.routes()).allSatisfy(route -> assertThat(route.decision().route()).isEqualTo(Route.LEGACY));
        }
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({
        "CUTOVER_ROUT_DEFAULT, CUTOVER_ROUTE_DEFAULT",
        "CUTOVER_ROUTE_OVERIDE, CUTOVER_ROUTE_OVERRIDE",
        "CUTOVER_ROUTE_DEFAULTS, CUTOVER_ROUTE_DEFAULT",
        "cutover_route_default, CUTOVER_ROUTE_DEFAULT",
        "Cutover_Route_Override, CUTOVER_ROUTE_OVERRIDE",
        "CUTOVER_ROUTE_CLIENT_REPOSITORY, CUTOVER_ROUTE__CLIENT_REPOSITORY",
        "cutover_route__client_repository__find_by_id, CUTOVER_ROUTE__CLIENT_REPOSITORY__FIND_BY_ID",
        "CUTOVER_TEST_POSTGRES_URI, CUTOVER_TEST_POSTGRES_URL"})
    void shouldSuggestTheClosestNameForAnUnknownVariable(String variable, String suggestion) {
        assertThat(problems(Map.of(variable, "postgres")))
                .containsExactly("Unknown variable " + variable + ": did you mean " + suggestion + "?");
    }

    @Test
    void shouldExplainAnUnknownVariableWithNoCloseName() {
        assertThat(problems(Map.of("CUTOVER_DB_PASSWORD", "postgres"))).containsExactly(
                "Unknown variable CUTOVER_DB_PASSWORD: it is neither a route variable (CUTOVER_ROUTE_OVERRIDE,"
                        + " CUTOVER_ROUTE_DEFAULT, CUTOVER_ROUTE__<REPOSITORY>, CUTOVER_ROUTE__<REPOSITORY>__<METHOD>) nor a"
                        + " known Cutover variable (" + String.join(", ", RouteVariables.KNOWN_VARIABLES) + "); remove it, or declare it with"
                        + " EnvironmentRoutes.builder().knownVariables(...)");
    }

    @Test
    void shouldNeverEchoTheValueOfAVariableThatIsNotARouteVariable() {
        String secret = "s3cr3t-Pa55word";
        Map<String, String> environment = Map.of(
                "CUTOVER_DB_PASSWORD", secret,
                "CUTOVER_ROUT_DEFAULT", secret,
                "cutover_route_override", secret,
                "CUTOVER_ROUTE__CLIENT_REPOSITORY__", secret,
                "CUTOVER_ROUTE__client_repository", secret);

        RouteConfigurationException failure =
                catchThrowableOfType(RouteConfigurationException.class, () -> cutover(environment));

        assertThat(failure.problems()).hasSize(5).noneMatch(problem -> problem.contains(secret));
        assertThat(failure.getMessage()).doesNotContain(secret).doesNotContain("s3cr3t");
        assertThat(EnvironmentRoutes.builder().environment(environment).build().toString()).doesNotContain(secret);
    }

    @Test
    void shouldNameTheUnknownRepositoryAndTheRegisteredOnes() {
        assertThat(problems(Map.of("CUTOVER_ROUTE__INVOICE_REPOSITORY", "postgres"))).containsExactly(
                "CUTOVER_ROUTE__INVOICE_REPOSITORY names repository INVOICE_REPOSITORY, which is not registered; "
                        + REGISTERED);
    }

    @Test
    void shouldSuggestTheClosestRepository() {
        assertThat(problems(Map.of("CUTOVER_ROUTE__CLIENTS_REPOSITORY", "postgres"))).containsExactly(
                "CUTOVER_ROUTE__CLIENTS_REPOSITORY names repository CLIENTS_REPOSITORY, which is not registered; "
                        + REGISTERED + "; did you mean CUTOVER_ROUTE__CLIENT_REPOSITORY?");
    }

    @Test
    void shouldNameTheUnknownRepositoryOfAMethodVariable() {
        assertThat(problems(Map.of("CUTOVER_ROUTE__CLIENT_REPOSITORIES__FIND_BY_ID", "postgres"))).containsExactly(
                "CUTOVER_ROUTE__CLIENT_REPOSITORIES__FIND_BY_ID names repository CLIENT_REPOSITORIES, which is not"
                        + " registered; " + REGISTERED + "; did you mean CUTOVER_ROUTE__CLIENT_REPOSITORY__FIND_BY_ID?");
    }

    @Test
    void shouldNameTheUnknownMethodAndTheVariablesOfTheRepositorysMethods() {
        assertThat(problems(Map.of("CUTOVER_ROUTE__CLIENT_REPOSITORY__FIND_BY_IDD", "postgres"))).containsExactly(
                "CUTOVER_ROUTE__CLIENT_REPOSITORY__FIND_BY_IDD names method FIND_BY_IDD, which ClientRepository does not"
                        + " have; its methods: " + CLIENT_METHODS
                        + "; did you mean CUTOVER_ROUTE__CLIENT_REPOSITORY__FIND_BY_ID?");
    }

    @Test
    void shouldNameAMethodOfAnotherRepositoryAsUnknown() {
        assertThat(problems(Map.of("CUTOVER_ROUTE__BOOKING_REPOSITORY__FIND_BY_YCLIENTS_ID", "postgres"))).containsExactly(
                "CUTOVER_ROUTE__BOOKING_REPOSITORY__FIND_BY_YCLIENTS_ID names method FIND_BY_YCLIENTS_ID, which"
                        + " BookingRepository does not have; its methods: CUTOVER_ROUTE__BOOKING_REPOSITORY__DELETE_BY_ID,"
                        + " CUTOVER_ROUTE__BOOKING_REPOSITORY__FIND_BY_ID");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(value = {
        "CUTOVER_ROUTE__ | ",
        "CUTOVER_ROUTE___CLIENT_REPOSITORY | ; did you mean CUTOVER_ROUTE__CLIENT_REPOSITORY?",
        "CUTOVER_ROUTE__CLIENT_REPOSITORY__ | ; did you mean CUTOVER_ROUTE__CLIENT_REPOSITORY?",
        "CUTOVER_ROUTE__CLIENT_REPOSITORY__FIND__BY_ID | ; did you mean CUTOVER_ROUTE__CLIENT_REPOSITORY__FIND_BY_ID?",
        "CUTOVER_ROUTE__CLIENT_REPOSITORY__FIND_BY_ID__X | ; did you mean CUTOVER_ROUTE__CLIENT_REPOSITORY__FIND_BY_ID?",
        "CUTOVER_ROUTE__ClientRepository | ; did you mean CUTOVER_ROUTE__CLIENT_REPOSITORY?",
        "CUTOVER_ROUTE__CLIENT-REPOSITORY | ; did you mean CUTOVER_ROUTE__CLIENT_REPOSITORY?"},
            delimiter = '|', emptyValue = "", nullValues = "NONE")
    void shouldRejectAMalformedRouteVariableWithoutEchoingItsValue(String variable, String suggestion) {
        assertThat(problems(Map.of(variable, "postgres"))).containsExactly("Malformed route variable " + variable
                + ": expected CUTOVER_ROUTE__<REPOSITORY> or CUTOVER_ROUTE__<REPOSITORY>__<METHOD>, names in upper snake case"
                + (suggestion == null ? "" : suggestion));
    }

    @Test
    void shouldReportTheValueOfAVariableNamingAnUnknownMethodToo() {
        assertThat(problems(Map.of("CUTOVER_ROUTE__CLIENT_REPOSITORY__FIND_ALL", "postgress"))).containsExactly(
                "CUTOVER_ROUTE__CLIENT_REPOSITORY__FIND_ALL names method FIND_ALL, which ClientRepository does not have;"
                        + " its methods: " + CLIENT_METHODS,
                "CUTOVER_ROUTE__CLIENT_REPOSITORY__FIND_ALL='postgress' is not a route; " + ALLOWED);
    }

    @Test
    void shouldListEveryProblemAtOnceSortedByVariable() {
        Map<String, String> environment = new LinkedHashMap<>();
        environment.put("CUTOVER_ROUTE_OVERRIDE", "on");
        environment.put("CUTOVER_ROUTE_DEFAULT", "treu");
        environment.put("CUTOVER_ROUTE__STAFF_REPOSITORY", "postgres");
        environment.put("CUTOVER_SECRET_TOKEN", "abc");
        environment.put("CUTOVER_ROUTE__BOOKING_REPOSITORY", "postgres");
        environment.put("CUTOVER_TEST_POSTGRES_URL", "jdbc:postgresql://db/app?password=x");

        RouteConfigurationException failure =
                catchThrowableOfType(RouteConfigurationException.class, () -> cutover(environment));

        List<String> expected = List.of(
                "CUTOVER_ROUTE_DEFAULT='treu' is not a route; " + ALLOWED,
                "CUTOVER_ROUTE_OVERRIDE='on' is not a route; " + ALLOWED,
                "CUTOVER_ROUTE__STAFF_REPOSITORY names repository STAFF_REPOSITORY, which is not registered; " + REGISTERED,
                "Unknown variable CUTOVER_SECRET_TOKEN: it is neither a route variable (CUTOVER_ROUTE_OVERRIDE,"
                        + " CUTOVER_ROUTE_DEFAULT, CUTOVER_ROUTE__<REPOSITORY>, CUTOVER_ROUTE__<REPOSITORY>__<METHOD>) nor a"
                        + " known Cutover variable (" + String.join(", ", RouteVariables.KNOWN_VARIABLES) + "); remove it, or declare it with"
                        + " EnvironmentRoutes.builder().knownVariables(...)");
        assertThat(failure.problems()).containsExactlyElementsOf(expected);
        assertThat(failure).hasMessage("Invalid route configuration (4 problems):\n  - " + String.join("\n  - ", expected));
    }

    @Test
    void shouldLeaveKnownVariablesAlone() {
        try (Cutover cutover = cutover(Map.of(
                "CUTOVER_TEST_POSTGRES_URL", "jdbc:postgresql://localhost/app",
                "CUTOVER_TEST_LEGACY_URL", "jdbc:postgresql://legacy/app",
                "CUTOVER_DEMO_POSTGRES_URL", "jdbc:postgresql://localhost/target",
                "CUTOVER_TEST_MARIADB_URL", "jdbc:mariadb://localhost/app"))) {
            assertThat(cutover.repository(ClientRepository.class).findById(1L)).isEqualTo("legacy");
        }
    }

    @Test
    void shouldLeaveVariablesDeclaredKnownThroughTheBuilderAlone() {
        Map<String, String> environment = Map.of("CUTOVER_APP_REGION", "eu", "CUTOVER_ROUTE_DEFAULT", "postgres");
        assertThat(problems(environment)).containsExactly("Unknown variable CUTOVER_APP_REGION: it is neither a route"
                + " variable (CUTOVER_ROUTE_OVERRIDE, CUTOVER_ROUTE_DEFAULT, CUTOVER_ROUTE__<REPOSITORY>,"
                + " CUTOVER_ROUTE__<REPOSITORY>__<METHOD>) nor a known Cutover variable ("
                + String.join(", ", RouteVariables.KNOWN_VARIABLES) + "); remove it, or declare it with"
                + " EnvironmentRoutes.builder().knownVariables(...)");

        EnvironmentRoutes routes = EnvironmentRoutes.builder().environment(environment)
                .knownVariables("CUTOVER_APP_REGION").build();
        try (Cutover cutover = cutover(routes)) {
            assertThat(cutover.repository(ClientRepository.class).findById(1L)).isEqualTo("postgres");
        }
    }

    @Test
    void shouldListDeclaredKnownVariablesInTheUnknownVariableMessage() {
        EnvironmentRoutes routes = EnvironmentRoutes.builder().environment(Map.of("CUTOVER_OTHER", "x"))
                .knownVariables("CUTOVER_APP_REGION").build();
        assertThatThrownBy(() -> cutover(routes)).isInstanceOf(RouteConfigurationException.class)
                .hasMessage("Invalid route configuration: Unknown variable CUTOVER_OTHER: it is neither a route variable"
                        + " (CUTOVER_ROUTE_OVERRIDE, CUTOVER_ROUTE_DEFAULT, CUTOVER_ROUTE__<REPOSITORY>,"
                        + " CUTOVER_ROUTE__<REPOSITORY>__<METHOD>) nor a known Cutover variable ("
                        + String.join(", ", known("CUTOVER_APP_REGION")) + "); remove it, or"
                        + " declare it with EnvironmentRoutes.builder().knownVariables(...)");
    }

    @Test
    void shouldRejectTwoMethodsThatMapToOneVariable() {
        Cutover.Builder builder = Cutover.builder()
                .routes(EnvironmentRoutes.builder().environment(Map.of()).build())
                .repository(StaffRepository.class, new Staff("legacy"), new Staff("postgres"));

        assertThatThrownBy(builder::build).isInstanceOf(RouteConfigurationException.class)
                .hasMessage("Invalid route configuration: Methods StaffRepository.findByID and StaffRepository.findById"
                        + " both map to CUTOVER_ROUTE__STAFF_REPOSITORY__FIND_BY_ID; rename one so that each has its own"
                        + " variable");
    }

    @Test
    void shouldRejectTwoRepositoriesThatMapToOneVariable() {
        Cutover.Builder builder = Cutover.builder()
                .routes(EnvironmentRoutes.builder().environment(Map.of()).build())
                .repository(OrderRepository.class, id -> "legacy", id -> "postgres")
                .repository(ORDERRepository.class, id -> "legacy", id -> "postgres");

        assertThatThrownBy(builder::build).isInstanceOf(RouteConfigurationException.class)
                .hasMessage("Invalid route configuration: Repositories OrderRepository and ORDERRepository both map to"
                        + " CUTOVER_ROUTE__ORDER_REPOSITORY; rename one so that each has its own variable");
    }

    @Test
    void shouldRejectANameThatHasNoVariableForm() {
        EnvironmentRoutes routes = EnvironmentRoutes.builder().environment(Map.of()).build();
        List<RepositoryMethod> methods = List.of(
                new RepositoryMethod("ClientRepository", "trouv\u00e9", MethodKind.READ, ClientRepository.class),
                new RepositoryMethod("Cli\u00e9ntRepository", "findById", MethodKind.READ, ClientRepository.class));

        RouteConfigurationException failure =
                catchThrowableOfType(RouteConfigurationException.class, () -> routes.bind(methods));

        assertThat(failure.problems()).containsExactly(
                        "No route variable for ClientRepository.trouv\u00e9: 'trouv\u00e9' has characters other than ASCII"
                                + " letters, digits, _ and $, so it cannot be part of an environment variable name; rename it",
                        "No route variable for repository Cli\u00e9ntRepository: 'Cli\u00e9ntRepository' has characters other"
                                + " than ASCII letters, digits, _ and $, so it cannot be part of an environment variable"
                                + " name; rename it");
    }

    /** Two methods whose names differ only in the case of an acronym. */
    public interface StaffRepository {
        String findByID(long id);

        String findById(long id);
    }

    public interface OrderRepository {
        String findById(long id);
    }

    public interface ORDERRepository {
        String findById(long id);
    }

    static final class Staff implements StaffRepository {
        private final String backend;

        Staff(String backend) {
            this.backend = backend;
        }

        @Override
        public String findByID(long id) {
            return backend;
        }

        @Override
        public String findById(long id) {
            return backend;
        }
    }

    /** The default known variables and {@code declared}, sorted as the message lists them. */
    private static SortedSet<String> known(String... declared) {
        SortedSet<String> names = new TreeSet<>(RouteVariables.KNOWN_VARIABLES);
        names.addAll(List.of(declared));
        return names;
    }
}
