package dev.cutover.flags;

import static dev.cutover.flags.TestRepositories.cutover;
import static dev.cutover.flags.TestRepositories.decision;
import static org.assertj.core.api.Assertions.assertThat;

import dev.cutover.Cutover;
import dev.cutover.routing.Route;
import dev.cutover.routing.RouteDecision;
import dev.cutover.routing.RouteOrigin;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Which variable decides a method's route, proved by where the calls go. */
class EnvironmentRoutesPrecedenceTest {
    private static final String OVERRIDE = "CUTOVER_ROUTE_OVERRIDE";
    private static final String METHOD = "CUTOVER_ROUTE__CLIENT_REPOSITORY__FIND_BY_ID";
    private static final String REPOSITORY = "CUTOVER_ROUTE__CLIENT_REPOSITORY";
    private static final String DEFAULT = "CUTOVER_ROUTE_DEFAULT";

    @Test
    void shouldRouteEverythingToLegacyWhenNothingIsSet() {
        try (Cutover cutover = cutover(Map.of())) {
            assertThat(cutover.routes()).hasSize(5).allSatisfy(route -> assertThat(route.decision())
                    .isEqualTo(new RouteDecision(Route.LEGACY, RouteOrigin.DEFAULT, "built-in default")));
            assertThat(cutover.repository(ClientRepository.class).findById(1L)).isEqualTo("legacy");
            assertThat(cutover.repository(BookingRepository.class).deleteById(1L)).isEqualTo("legacy");
        }
    }

    @Test
    void shouldSendOnlyTheMethodOfTheMethodVariableToPostgres() {
        try (Cutover cutover = cutover(Map.of(METHOD, "postgres"))) {
            ClientRepository clients = cutover.repository(ClientRepository.class);
            BookingRepository bookings = cutover.repository(BookingRepository.class);

            assertThat(clients.findById(1L)).isEqualTo("postgres");
            assertThat(clients.findByYclientsId(1L)).isEqualTo("legacy");
            assertThat(clients.save("Ann")).isEqualTo("legacy");
            assertThat(bookings.findById(1L)).isEqualTo("legacy");
            assertThat(decision(cutover, "ClientRepository.findById"))
                    .isEqualTo(new RouteDecision(Route.POSTGRES, RouteOrigin.METHOD, METHOD));
        }
    }

    @Test
    void shouldRouteOverloadsTogether() {
        try (Cutover cutover = cutover(Map.of(METHOD, "postgres"))) {
            ClientRepository clients = cutover.repository(ClientRepository.class);

            assertThat(clients.findById(1L)).isEqualTo("postgres");
            assertThat(clients.findById("ext-1")).isEqualTo("postgres");
        }
    }

    @Test
    void shouldSendEveryMethodOfTheRepositoryOfTheRepositoryVariable() {
        try (Cutover cutover = cutover(Map.of(REPOSITORY, "postgres"))) {
            ClientRepository clients = cutover.repository(ClientRepository.class);

            assertThat(List.of(clients.findById(1L), clients.findById("x"), clients.findByYclientsId(2L), clients.save("A")))
                    .containsOnly("postgres");
            assertThat(cutover.repository(BookingRepository.class).findById(1L)).isEqualTo("legacy");
            assertThat(decision(cutover, "ClientRepository.save"))
                    .isEqualTo(new RouteDecision(Route.POSTGRES, RouteOrigin.REPOSITORY, REPOSITORY));
        }
    }

    @Test
    void shouldLetTheOverrideBeatTheMethodVariable() {
        try (Cutover cutover = cutover(Map.of(METHOD, "postgres", OVERRIDE, "legacy"))) {
            assertThat(cutover.repository(ClientRepository.class).findById(1L)).isEqualTo("legacy");
            assertThat(decision(cutover, "ClientRepository.findById"))
                    .isEqualTo(new RouteDecision(Route.LEGACY, RouteOrigin.OVERRIDE, OVERRIDE));
        }
    }

    @Test
    void shouldLetTheOverrideSendEverythingToPostgres() {
        try (Cutover cutover = cutover(Map.of(OVERRIDE, "postgres", METHOD, "legacy", REPOSITORY, "legacy",
                DEFAULT, "legacy"))) {
            assertThat(cutover.routes()).allSatisfy(route -> assertThat(route.decision())
                    .isEqualTo(new RouteDecision(Route.POSTGRES, RouteOrigin.OVERRIDE, OVERRIDE)));
            assertThat(cutover.repository(BookingRepository.class).deleteById(3L)).isEqualTo("postgres");
        }
    }

    @Test
    void shouldLetTheMethodVariableKeepOneMethodOnLegacyInAPostgresRepository() {
        try (Cutover cutover = cutover(Map.of(REPOSITORY, "postgres", METHOD, "legacy"))) {
            ClientRepository clients = cutover.repository(ClientRepository.class);

            assertThat(clients.findById(1L)).isEqualTo("legacy");
            assertThat(clients.save("Ann")).isEqualTo("postgres");
        }
    }

    @Test
    void shouldApplyTheDefaultVariableToEveryMethodNotSetOtherwise() {
        try (Cutover cutover = cutover(Map.of(DEFAULT, "postgres", REPOSITORY, "legacy"))) {
            assertThat(cutover.repository(BookingRepository.class).findById(1L)).isEqualTo("postgres");
            assertThat(cutover.repository(ClientRepository.class).findById(1L)).isEqualTo("legacy");
            assertThat(decision(cutover, "BookingRepository.findById"))
                    .isEqualTo(new RouteDecision(Route.POSTGRES, RouteOrigin.DEFAULT, DEFAULT));
        }
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"postgres", "POSTGRES", "PostGres", " postgres", "postgres ", "\tpostgres\n", "  Postgres  "})
    void shouldIgnoreCaseAndSurroundingBlanksInValues(String value) {
        try (Cutover cutover = cutover(Map.of(METHOD, value))) {
            assertThat(cutover.repository(ClientRepository.class).findById(1L)).isEqualTo("postgres");
        }
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"legacy", "LEGACY", " Legacy\t"})
    void shouldReadLegacyInAnyCase(String value) {
        try (Cutover cutover = cutover(Map.of(DEFAULT, "postgres", METHOD, value))) {
            assertThat(cutover.repository(ClientRepository.class).findById(1L)).isEqualTo("legacy");
            assertThat(decision(cutover, "ClientRepository.findById"))
                    .isEqualTo(new RouteDecision(Route.LEGACY, RouteOrigin.METHOD, METHOD));
        }
    }

    @Test
    void shouldIgnoreVariablesOutsideTheCutoverNamespace() {
        try (Cutover cutover = cutover(Map.of("PATH", "/usr/bin", "ROUTE_DEFAULT", "postgres", "CUTOVERROUTE", "x",
                "XCUTOVER_ROUTE_DEFAULT", "postgres"))) {
            assertThat(cutover.repository(ClientRepository.class).findById(1L)).isEqualTo("legacy");
        }
    }

    /**
     * Every combination of the four variables being set, with the winner on one route and every other set
     * variable on the other, checked for the method of the method variable, a sibling in its repository
     * and a method of another repository.
     */
    @ParameterizedTest(name = "set={0}, winner on {1}")
    @MethodSource("combinations")
    void shouldApplyPrecedenceInEveryCombination(List<String> set, Route winnerRoute) {
        Route loserRoute = winnerRoute == Route.LEGACY ? Route.POSTGRES : Route.LEGACY;
        String winner = set.isEmpty() ? null : set.get(0);
        Map<String, String> environment = new HashMap<>();
        for (String variable : set) {
            environment.put(variable, (variable.equals(winner) ? winnerRoute : loserRoute).id());
        }

        try (Cutover cutover = cutover(environment)) {
            RouteDecision expected = expected(set, environment, List.of(OVERRIDE, METHOD, REPOSITORY, DEFAULT));
            RouteDecision sibling = expected(set, environment, List.of(OVERRIDE, REPOSITORY, DEFAULT));
            RouteDecision other = expected(set, environment, List.of(OVERRIDE, DEFAULT));

            assertThat(decision(cutover, "ClientRepository.findById")).isEqualTo(expected);
            assertThat(decision(cutover, "ClientRepository.findByYclientsId")).isEqualTo(sibling);
            assertThat(decision(cutover, "BookingRepository.findById")).isEqualTo(other);
            ClientRepository clients = cutover.repository(ClientRepository.class);
            assertThat(clients.findById(1L)).isEqualTo(expected.route().id());
            assertThat(clients.findByYclientsId(1L)).isEqualTo(sibling.route().id());
            assertThat(cutover.repository(BookingRepository.class).findById(1L)).isEqualTo(other.route().id());
            if (winner != null) {
                assertThat(expected.route()).isEqualTo(winnerRoute);
                assertThat(expected.source()).isEqualTo(winner);
            }
        }
    }

    /** The first variable of {@code applicable} that is set, by the precedence order of {@code applicable}. */
    private static RouteDecision expected(List<String> set, Map<String, String> environment, List<String> applicable) {
        for (String variable : applicable) {
            if (set.contains(variable)) {
                RouteOrigin origin = variable.equals(OVERRIDE) ? RouteOrigin.OVERRIDE
                        : variable.equals(METHOD) ? RouteOrigin.METHOD
                        : variable.equals(REPOSITORY) ? RouteOrigin.REPOSITORY
                        : RouteOrigin.DEFAULT;
                return new RouteDecision(Route.parse(environment.get(variable)), origin, variable);
            }
        }
        return new RouteDecision(Route.LEGACY, RouteOrigin.DEFAULT, "built-in default");
    }

    static Stream<Arguments> combinations() {
        List<String> precedence = List.of(OVERRIDE, METHOD, REPOSITORY, DEFAULT);
        List<Arguments> combinations = new ArrayList<>();
        for (int mask = 0; mask < 16; mask++) {
            List<String> set = new ArrayList<>();
            for (int bit = 0; bit < 4; bit++) {
                if ((mask & (1 << bit)) != 0) {
                    set.add(precedence.get(bit));
                }
            }
            combinations.add(Arguments.of(set, Route.POSTGRES));
            combinations.add(Arguments.of(set, Route.LEGACY));
        }
        return combinations.stream();
    }
}
