package dev.cutover.flags;

import dev.cutover.testsupport.ManualClock;
import static dev.cutover.flags.TestRepositories.cutover;
import static dev.cutover.flags.TestRepositories.decision;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cutover.Cutover;
import dev.cutover.routing.MethodRoute;
import dev.cutover.routing.RepositoryMethod;
import dev.cutover.routing.Route;
import dev.cutover.routing.RouteDecision;
import dev.cutover.routing.RouteOrigin;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.togglz.core.manager.FeatureManager;
import org.togglz.core.repository.FeatureState;

/** Routes from the store on one instance, and a second instance that reads it: entries, levels, clearing, Togglz. */
class LiveRoutesStoreTest {
    private static final Instant T0 = Instant.parse("2026-11-21T06:40:00Z");
    private static final String SET_BY_ALICE = "store: set by alice at 2026-11-21T06:40:00Z";
    private static FlagStoreDatabase store;
    private final ManualClock clock = new ManualClock(T0);

    @BeforeAll
    static void createStore() {
        store = FlagStoreDatabase.create("live_store");
    }

    @AfterAll
    static void dropStore() {
        store.close();
    }

    @BeforeEach
    void emptyStore() {
        store.reset();
    }

    @Test
    void shouldRouteEverythingToLegacyWithAnEmptyStore() {
        try (LiveRoutes routes = store.routes().build(); Cutover cutover = cutover(routes)) {
            assertThat(cutover.routes()).hasSize(5).allSatisfy(route -> assertThat(route.decision())
                    .isEqualTo(new RouteDecision(Route.LEGACY, RouteOrigin.DEFAULT, "built-in default")));
        }
    }

    @Test
    void shouldSendAMethodToPostgresAsSoonAsItsEntryIsSet() {
        try (LiveRoutes routes = store.routes().clock(clock).build(); Cutover cutover = cutover(routes)) {
            ClientRepository clients = cutover.repository(ClientRepository.class);
            assertThat(clients.findById(1L)).isEqualTo("legacy");

            routes.forced().set("ClientRepository.findById", "postgres", "alice", "canary");

            assertThat(clients.findById(1L)).isEqualTo("postgres");
            assertThat(clients.findById("ext-1")).isEqualTo("postgres");
            assertThat(clients.findByYclientsId(1L)).isEqualTo("legacy");
            assertThat(decision(cutover, "ClientRepository.findById"))
                    .isEqualTo(new RouteDecision(Route.POSTGRES, RouteOrigin.METHOD, SET_BY_ALICE));
            assertThat(cutover.routes().stream().map(MethodRoute::toString))
                    .contains("ClientRepository.findById (read) -> postgres [method: " + SET_BY_ALICE + "]");
        }
    }

    @Test
    void shouldReachAnotherInstanceWhenItReadsTheStore() {
        try (LiveRoutes first = store.routes().clock(clock).build(); Cutover one = cutover(first);
                LiveRoutes second = store.routes().build(); Cutover two = cutover(second)) {
            first.set("BookingRepository", Route.POSTGRES, "alice", "bookings first");
            assertThat(one.repository(BookingRepository.class).findById(1L)).isEqualTo("postgres");
            assertThat(two.repository(BookingRepository.class).findById(1L)).isEqualTo("legacy");

            assertThat(second.refresh().reachable()).isTrue();

            assertThat(two.repository(BookingRepository.class).findById(1L)).isEqualTo("postgres");
            assertThat(two.repository(BookingRepository.class).deleteById(1L)).isEqualTo("postgres");
            assertThat(decision(two, "BookingRepository.deleteById"))
                    .isEqualTo(new RouteDecision(Route.POSTGRES, RouteOrigin.REPOSITORY, SET_BY_ALICE));
            assertThat(two.repository(ClientRepository.class).findById(1L)).isEqualTo("legacy");
        }
    }

    @Test
    void shouldLetAMethodEntryBeatItsRepositoryAndTheDefault() {
        try (LiveRoutes routes = store.routes().clock(clock).build(); Cutover cutover = cutover(routes)) {
            routes.forced().set("default", "postgres", "alice", "everything");
            routes.forced().set("ClientRepository", "legacy", "alice", "but clients");
            routes.forced().set("ClientRepository.save", "postgres", "alice", "except their saves");

            assertThat(decision(cutover, "BookingRepository.findById"))
                    .isEqualTo(new RouteDecision(Route.POSTGRES, RouteOrigin.DEFAULT, SET_BY_ALICE));
            assertThat(decision(cutover, "ClientRepository.findById"))
                    .isEqualTo(new RouteDecision(Route.LEGACY, RouteOrigin.REPOSITORY, SET_BY_ALICE));
            assertThat(decision(cutover, "ClientRepository.save"))
                    .isEqualTo(new RouteDecision(Route.POSTGRES, RouteOrigin.METHOD, SET_BY_ALICE));
        }
    }

    @Test
    void shouldLetTheStoreOverrideBeatEveryOtherEntry() {
        try (LiveRoutes routes = store.routes().clock(clock).build(); Cutover cutover = cutover(routes)) {
            routes.forced().set("ClientRepository.findById", "postgres", "alice", "canary");
            routes.forced().set("BookingRepository", "postgres", "alice", "bookings");

            RouteChange change = routes.forced().set("override", "legacy", "bob", "incident 7: everything back to legacy");

            assertThat(cutover.routes()).allSatisfy(route -> assertThat(route.decision())
                    .isEqualTo(new RouteDecision(Route.LEGACY, RouteOrigin.OVERRIDE, "store: set by bob at 2026-11-21T06:40:00Z")));
            assertThat(change.routesAfter()).hasSize(5);
            assertThat(cutover.repository(ClientRepository.class).findById(1L)).isEqualTo("legacy");
        }
    }

    @Test
    void shouldLetTheNextLevelDecideOnceAnEntryIsCleared() {
        try (LiveRoutes routes = store.routes().clock(clock).build(); Cutover cutover = cutover(routes)) {
            routes.forced().set("ClientRepository", "postgres", "alice", "clients");
            routes.forced().set("ClientRepository.findById", "legacy", "alice", "not this one yet");
            assertThat(cutover.repository(ClientRepository.class).findById(1L)).isEqualTo("legacy");

            RouteChange change = routes.forced().clear("ClientRepository.findById", "alice", "this one too");

            assertThat(cutover.repository(ClientRepository.class).findById(1L)).isEqualTo("postgres");
            assertThat(change.from()).isEqualTo("legacy");
            assertThat(change.to()).isEqualTo("unset");
            assertThat(change.routesAfter()).singleElement().satisfies(route -> assertThat(route.decision())
                    .isEqualTo(new RouteDecision(Route.POSTGRES, RouteOrigin.REPOSITORY, SET_BY_ALICE)));
            assertThat(store.count("SELECT count(*) FROM cutover.route_flag")).isEqualTo(1);
        }
    }

    @Test
    void shouldAnswerTheRoutesEachChangeLeavesOnThisInstance() {
        try (LiveRoutes routes = store.routes().clock(clock).build(); Cutover cutover = cutover(routes)) {
            RouteChange change = routes.forced().set("BookingRepository", "postgres", "alice", "bookings");

            assertThat(change.routesAfter()).containsExactlyInAnyOrderElementsOf(cutover.routes().stream()
                    .filter(route -> route.method().repository().equals("BookingRepository")).toList());
            assertThat(change.routesAfter()).extracting(MethodRoute::toString).containsExactly(
                    "BookingRepository.deleteById (write) -> postgres [repository: " + SET_BY_ALICE + "]",
                    "BookingRepository.findById (read) -> postgres [repository: " + SET_BY_ALICE + "]");
            assertThat(change).isEqualTo(new RouteChange("BookingRepository", "unset", "postgres", "alice", "bookings", T0,
                    false, change.routesAfter(), List.of()));
        }
    }

    @Test
    void shouldStoreOneRowPerTargetInCanonicalForm() {
        try (LiveRoutes routes = store.routes().clock(clock).build(); Cutover cutover = cutover(routes)) {
            routes.forced().set("ClientRepository.findById", " Postgres ", "alice", "canary");
            routes.forced().set("ClientRepository.findById", "legacy", "alice", "back");
            assertThat(cutover.repository(ClientRepository.class).findById(1L)).isEqualTo("legacy");

            assertThat(store.rows("SELECT target, route, rollout_percentage, rollout_tenants, rollout_otherwise, set_by,"
                    + " set_at AT TIME ZONE 'UTC', reason FROM cutover.route_flag"))
                    .containsExactly(Arrays.asList("ClientRepository.findById", "legacy", null, "{}", null, "alice",
                            "2026-11-21 06:40:00", "back"));
        }
    }

    @Test
    void shouldShowTheLiveStatesInTogglz() {
        try (LiveRoutes routes = store.routes(Map.of("CUTOVER_ROUTE__BOOKING_REPOSITORY", "postgres")).clock(clock).build();
                Cutover cutover = cutover(routes)) {
            routes.forced().set("ClientRepository.findById", "postgres", "alice", "canary");
            FeatureManager manager = routes.featureManager();

            FeatureState findById = manager.getFeatureState(RouteFeatures.feature(method(cutover, "ClientRepository.findById")));
            assertThat(findById.isEnabled()).isTrue();
            assertThat(findById.getParameterMap()).isEqualTo(Map.of("route", "postgres", "origin", "method",
                    "source", SET_BY_ALICE));
            assertThat(manager.isActive(RouteFeatures.feature(method(cutover, "ClientRepository.findById")))).isTrue();
            assertThat(manager.isActive(RouteFeatures.feature(method(cutover, "ClientRepository.save")))).isFalse();
            assertThat(manager.getFeatureState(RouteFeatures.feature(method(cutover, "BookingRepository.findById")))
                    .getParameterMap()).isEqualTo(Map.of("route", "postgres", "origin", "repository",
                            "source", "CUTOVER_ROUTE__BOOKING_REPOSITORY"));
            assertThat(manager.getFeatures()).hasSize(5);
        }
    }

    @Test
    void shouldRefuseTogglzWrites() {
        try (LiveRoutes routes = store.routes().build(); Cutover cutover = cutover(routes)) {
            FeatureState state = new FeatureState(RouteFeatures.feature(method(cutover, "ClientRepository.save")), true);

            assertThatThrownBy(() -> routes.featureManager().setFeatureState(state))
                    .isInstanceOf(UnsupportedOperationException.class)
                    .hasMessage("Cannot set the state of ClientRepository.save through Togglz: change routes with"
                            + " LiveRoutes.set, rollout or clear, which validate and audit them");
        }
    }

    static RepositoryMethod method(Cutover cutover, String qualifiedName) {
        return cutover.routes().stream().map(MethodRoute::method).filter(m -> m.qualifiedName().equals(qualifiedName))
                .findFirst().orElseThrow();
    }
}
