package dev.cutover.flags;

import dev.cutover.testsupport.ManualClock;
import static dev.cutover.flags.TestRepositories.cutover;
import static dev.cutover.flags.TestRepositories.decision;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cutover.Cutover;
import dev.cutover.routing.Route;
import dev.cutover.routing.RouteConfigurationException;
import dev.cutover.routing.RouteDecision;
import dev.cutover.routing.RouteOrigin;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Environment variables beat the store: every variable that applies to a method beats every store entry,
 * so that the emergency override wins over a stale store. Below the variables, the store's own levels.
 */
class LiveRoutesPrecedenceTest {
    private static final String OVERRIDE = "CUTOVER_ROUTE_OVERRIDE";
    private static final String METHOD = "CUTOVER_ROUTE__CLIENT_REPOSITORY__FIND_BY_ID";
    private static final String REPOSITORY = "CUTOVER_ROUTE__CLIENT_REPOSITORY";
    private static final String DEFAULT = "CUTOVER_ROUTE_DEFAULT";
    private static final String SET_BY_ALICE = "store: set by alice at 2026-11-21T06:40:00Z";
    private static FlagStoreDatabase store;
    private final ManualClock clock = new ManualClock(Instant.parse("2026-11-21T06:40:00Z"));

    @BeforeAll
    static void createStore() {
        store = FlagStoreDatabase.create("live_precedence");
    }

    @AfterAll
    static void dropStore() {
        store.close();
    }

    @BeforeEach
    void fillStore() {
        store.reset();
        // Every store level says postgres, so that whatever says legacy below is a variable winning.
        try (LiveRoutes writer = store.routes().clock(clock).build(); Cutover cutover = cutover(writer)) {
            writer.set("override", "postgres", "alice", "stale emergency setting");
            writer.set("ClientRepository.findById", "postgres", "alice", "canary");
            writer.set("ClientRepository", "postgres", "alice", "clients");
            writer.set("default", "postgres", "alice", "everything");
            assertThat(cutover.repository(ClientRepository.class).findById(1L)).isEqualTo("postgres");
        }
    }

    @Test
    void shouldLetTheOverrideVariableBeatAStaleStore() {
        try (LiveRoutes routes = store.routes(Map.of(OVERRIDE, "legacy")).build(); Cutover cutover = cutover(routes)) {
            assertThat(cutover.routes()).allSatisfy(route -> assertThat(route.decision())
                    .isEqualTo(new RouteDecision(Route.LEGACY, RouteOrigin.OVERRIDE, OVERRIDE)));
            assertThat(cutover.repository(ClientRepository.class).findById(1L)).isEqualTo("legacy");
            assertThat(cutover.repository(BookingRepository.class).deleteById(1L)).isEqualTo("legacy");
        }
    }

    @Test
    void shouldKeepTheOverrideVariableWhenTheStoreChanges() {
        store.execute("DELETE FROM cutover.route_flag");
        try (LiveRoutes routes = store.routes(Map.of(OVERRIDE, "legacy")).clock(clock).build();
                Cutover cutover = cutover(routes)) {
            RouteChange change = routes.set("override", "postgres", "alice", "flip everything");

            assertThat(cutover.repository(ClientRepository.class).findById(1L)).isEqualTo("legacy");
            assertThat(change.routesAfter()).allSatisfy(route -> assertThat(route.decision())
                    .isEqualTo(new RouteDecision(Route.LEGACY, RouteOrigin.OVERRIDE, OVERRIDE)));
        }
    }

    @Test
    void shouldLetTheMethodVariableBeatEveryStoreEntry() {
        try (LiveRoutes routes = store.routes(Map.of(METHOD, "legacy")).build(); Cutover cutover = cutover(routes)) {
            assertThat(decision(cutover, "ClientRepository.findById"))
                    .isEqualTo(new RouteDecision(Route.LEGACY, RouteOrigin.METHOD, METHOD));
            assertThat(decision(cutover, "ClientRepository.save"))
                    .isEqualTo(new RouteDecision(Route.POSTGRES, RouteOrigin.OVERRIDE, SET_BY_ALICE));
        }
    }

    @Test
    void shouldLetTheRepositoryVariableBeatEveryStoreEntry() {
        try (LiveRoutes routes = store.routes(Map.of(REPOSITORY, "legacy")).build(); Cutover cutover = cutover(routes)) {
            assertThat(decision(cutover, "ClientRepository.findById"))
                    .isEqualTo(new RouteDecision(Route.LEGACY, RouteOrigin.REPOSITORY, REPOSITORY));
            assertThat(decision(cutover, "BookingRepository.findById"))
                    .isEqualTo(new RouteDecision(Route.POSTGRES, RouteOrigin.OVERRIDE, SET_BY_ALICE));
        }
    }

    @Test
    void shouldLetTheDefaultVariableBeatEveryStoreEntry() {
        try (LiveRoutes routes = store.routes(Map.of(DEFAULT, "legacy")).build(); Cutover cutover = cutover(routes)) {
            assertThat(cutover.routes()).allSatisfy(route -> assertThat(route.decision())
                    .isEqualTo(new RouteDecision(Route.LEGACY, RouteOrigin.DEFAULT, DEFAULT)));
        }
    }

    @Test
    void shouldLetTheStoreDecideWhatNoVariableSets() {
        try (LiveRoutes routes = store.routes(Map.of(METHOD, "legacy", "CUTOVER_ROUTE__BOOKING_REPOSITORY", "legacy"))
                .clock(clock).build(); Cutover cutover = cutover(routes)) {
            routes.clear("override", "alice", "incident over");

            assertThat(decision(cutover, "ClientRepository.findById"))
                    .isEqualTo(new RouteDecision(Route.LEGACY, RouteOrigin.METHOD, METHOD));
            assertThat(decision(cutover, "ClientRepository.save"))
                    .isEqualTo(new RouteDecision(Route.POSTGRES, RouteOrigin.REPOSITORY, SET_BY_ALICE));
            assertThat(decision(cutover, "BookingRepository.findById"))
                    .isEqualTo(new RouteDecision(Route.LEGACY, RouteOrigin.REPOSITORY, "CUTOVER_ROUTE__BOOKING_REPOSITORY"));

            routes.clear("ClientRepository", "alice", "back to the default");

            assertThat(decision(cutover, "ClientRepository.save"))
                    .isEqualTo(new RouteDecision(Route.POSTGRES, RouteOrigin.DEFAULT, SET_BY_ALICE));
        }
    }

    @Test
    void shouldValidateTheVariablesAsEnvironmentRoutesDoes() {
        LiveRoutes routes = store.routes(Map.of("CUTOVER_ROUTE_DEFAULT", "treu")).build();

        assertThatThrownBy(() -> cutover(routes))
                .isInstanceOf(RouteConfigurationException.class)
                .hasMessage("Invalid route configuration: CUTOVER_ROUTE_DEFAULT='treu' is not a route; allowed: legacy,"
                        + " legacy-dual, postgres-dual, postgres");
        routes.close();
    }
}
