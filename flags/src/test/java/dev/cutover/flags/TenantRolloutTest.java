package dev.cutover.flags;

import dev.cutover.testsupport.ManualClock;
import static dev.cutover.flags.TestRepositories.cutover;
import static dev.cutover.flags.TestRepositories.decision;
import static org.assertj.core.api.Assertions.assertThat;

import dev.cutover.Cutover;
import dev.cutover.routing.Route;
import dev.cutover.routing.RouteDecision;
import dev.cutover.routing.RouteOrigin;
import dev.cutover.routing.Tenant;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.togglz.core.Feature;
import org.togglz.core.manager.FeatureManager;
import org.togglz.core.repository.FeatureState;

/** Gradual rollouts per method: a share of tenants and listed tenants, sticky per tenant on every instance. */
class TenantRolloutTest {
    private static final String FIND_BY_ID = "ClientRepository.findById";
    private static final List<String> TENANTS = IntStream.rangeClosed(1, 1000).mapToObj(i -> "tenant-" + i).toList();
    /**
     * A fair hash puts each of 1,000 tenants in a 25% rollout independently with probability 0.25: the count
     * is Binomial(1000, 0.25), mean 250, standard deviation sqrt(1000 * 0.25 * 0.75) = 13.7. Four standard
     * deviations, 55 tenants (5.5 points), are exceeded with probability about 6e-5.
     */
    private static final int TOLERANCE = 55;
    private static FlagStoreDatabase store;
    private final ManualClock clock = new ManualClock(Instant.parse("2026-11-21T06:40:00Z"));

    @BeforeAll
    static void createStore() {
        store = FlagStoreDatabase.create("live_rollout");
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
    void shouldRouteAQuarterOfTenantsToPostgresAtTwentyFivePercent() {
        try (LiveRoutes routes = store.routes().build(); Cutover cutover = cutover(routes)) {
            routes.forced().rollout(FIND_BY_ID, Rollout.of(Route.POSTGRES, 25), "alice", "a quarter");

            Set<String> onPostgres = onPostgres(cutover, TENANTS);

            System.out.println("[live-flags] 25% rollout over 1,000 tenants: " + onPostgres.size() + " on postgres ("
                    + onPostgres.size() / 10.0 + "%), allowed 250 +/- " + TOLERANCE);
            assertThat(onPostgres.size()).isBetween(250 - TOLERANCE, 250 + TOLERANCE);
        }
    }

    @Test
    void shouldGiveEachTenantTheSameDecisionOnEveryCallAndEveryInstance() {
        try (LiveRoutes first = store.routes().build(); Cutover one = cutover(first);
                LiveRoutes second = store.routes().build(); Cutover two = cutover(second)) {
            first.forced().rollout(FIND_BY_ID, Rollout.of(Route.POSTGRES, 25), "alice", "a quarter");
            second.refresh();

            Set<String> onFirst = onPostgres(one, TENANTS);

            assertThat(onPostgres(one, TENANTS)).isEqualTo(onFirst);
            assertThat(onPostgres(two, TENANTS)).isEqualTo(onFirst);
            assertThat(onPostgres(two, TENANTS)).isEqualTo(onFirst);
        }
    }

    @Test
    void shouldOnlyAddTenantsWhenThePercentageGrows() {
        try (LiveRoutes routes = store.routes().build(); Cutover cutover = cutover(routes)) {
            routes.forced().rollout(FIND_BY_ID, Rollout.of(Route.POSTGRES, 10), "alice", "a tenth");
            Set<String> atTen = onPostgres(cutover, TENANTS);
            routes.forced().rollout(FIND_BY_ID, Rollout.of(Route.POSTGRES, 25), "alice", "a quarter");
            Set<String> atTwentyFive = onPostgres(cutover, TENANTS);
            routes.forced().rollout(FIND_BY_ID, Rollout.of(Route.POSTGRES, 100), "alice", "all");

            assertThat(atTwentyFive).containsAll(atTen).hasSizeGreaterThan(atTen.size());
            assertThat(atTen.size()).isBetween(100 - 38, 100 + 38); // 4 standard deviations of Binomial(1000, 0.1)
            assertThat(onPostgres(cutover, TENANTS)).hasSize(1000);
        }
    }

    @Test
    void shouldRouteListedTenantsWhateverTheirBucket() {
        try (LiveRoutes routes = store.routes().build(); Cutover cutover = cutover(routes)) {
            routes.forced().rollout(FIND_BY_ID, Rollout.toTenants(Route.POSTGRES, "tenant-7", "tenant-300", "acme"), "alice", "pilots");

            assertThat(onPostgres(cutover, TENANTS)).containsExactly("tenant-7", "tenant-300");
            assertThat(Tenant.call("acme", () -> cutover.repository(ClientRepository.class).findById(1L))).isEqualTo("postgres");

            routes.forced().rollout(FIND_BY_ID, Rollout.of(Route.POSTGRES, 25).withTenants("tenant-7", "tenant-300"), "alice", "more");
            Set<String> both = onPostgres(cutover, TENANTS);
            routes.forced().rollout(FIND_BY_ID, Rollout.of(Route.POSTGRES, 25), "alice", "share only");
            Set<String> shareOnly = onPostgres(cutover, TENANTS);

            Set<String> expected = new LinkedHashSet<>(shareOnly);
            expected.add("tenant-7");
            expected.add("tenant-300");
            assertThat(both).containsExactlyInAnyOrderElementsOf(expected);
        }
    }

    @Test
    void shouldSendCallsWithoutATenantToTheOtherwiseRouteUnlessEveryTenantIsIn() {
        try (LiveRoutes routes = store.routes().clock(clock).build(); Cutover cutover = cutover(routes)) {
            ClientRepository clients = cutover.repository(ClientRepository.class);
            routes.forced().rollout(FIND_BY_ID, Rollout.of(Route.POSTGRES, 99).withTenants("acme"), "alice", "almost all");
            assertThat(clients.findById(1L)).isEqualTo("legacy");
            assertThat(decision(cutover, FIND_BY_ID)).isEqualTo(new RouteDecision(Route.LEGACY, RouteOrigin.METHOD,
                    "store: rollout to postgres for 99% of tenants and 1 listed, else legacy; no tenant; set by alice at"
                            + " 2026-11-21T06:40:00Z"));

            routes.forced().rollout(FIND_BY_ID, Rollout.of(Route.POSTGRES, 100), "alice", "all");

            assertThat(clients.findById(1L)).isEqualTo("postgres");
        }
    }

    @Test
    void shouldSayInTheRouteTableWhetherTheTenantIsInTheRollout() {
        try (LiveRoutes routes = store.routes().clock(clock).build(); Cutover cutover = cutover(routes)) {
            routes.forced().rollout(FIND_BY_ID, Rollout.of(Route.POSTGRES, 25).withTenants("acme", "beta"), "alice", "a quarter");
            String in = TENANTS.stream().filter(t -> Tenant.call(t, () -> cutover.repository(ClientRepository.class)
                    .findById(1L)).equals("postgres")).findFirst().orElseThrow();
            String out = TENANTS.stream().filter(t -> Tenant.call(t, () -> cutover.repository(ClientRepository.class)
                    .findById(1L)).equals("legacy")).findFirst().orElseThrow();
            String rollout = "store: rollout to postgres for 25% of tenants and 2 listed, else legacy; ";

            assertThat(Tenant.call(in, () -> decision(cutover, FIND_BY_ID))).isEqualTo(new RouteDecision(Route.POSTGRES,
                    RouteOrigin.METHOD, rollout + "tenant in; set by alice at 2026-11-21T06:40:00Z"));
            assertThat(Tenant.call(out, () -> decision(cutover, FIND_BY_ID))).isEqualTo(new RouteDecision(Route.LEGACY,
                    RouteOrigin.METHOD, rollout + "tenant out; set by alice at 2026-11-21T06:40:00Z"));
        }
    }

    @Test
    void shouldPinTheRoutesOfTheTenantWhenAUnitOfWorkBegins() {
        try (LiveRoutes routes = store.routes().build(); Cutover cutover = cutover(routes)) {
            routes.forced().rollout(FIND_BY_ID, Rollout.toTenants(Route.POSTGRES, "acme"), "alice", "pilot");
            ClientRepository clients = cutover.repository(ClientRepository.class);

            List<String> served = Tenant.call("acme", () -> cutover.transactionResult(() -> {
                List<String> backends = new ArrayList<>();
                backends.add(clients.findById(1L));
                backends.add(Tenant.call("globex", () -> clients.findById(1L)));
                routes.forced().rollout(FIND_BY_ID, Rollout.toTenants(Route.POSTGRES, "globex"), "alice", "swap pilots mid-unit");
                backends.add(clients.findById(1L));
                return backends;
            }));

            assertThat(served).containsExactly("postgres", "postgres", "postgres");
            assertThat(Tenant.call("acme", () -> clients.findById(1L))).isEqualTo("legacy");
            assertThat(Tenant.call("globex", () -> cutover.transactionResult(() -> clients.findById(1L)))).isEqualTo("postgres");
        }
    }

    @Test
    void shouldAgreeWithTogglz() {
        try (LiveRoutes routes = store.routes().build(); Cutover cutover = cutover(routes)) {
            routes.forced().rollout(FIND_BY_ID, Rollout.of(Route.POSTGRES, 25).withTenants("acme"), "alice", "a quarter");
            FeatureManager manager = routes.featureManager();
            Feature feature = RouteFeatures.feature(LiveRoutesStoreTest.method(cutover, FIND_BY_ID));

            FeatureState state = manager.getFeatureState(feature);
            assertThat(state.isEnabled()).isTrue();
            assertThat(state.getStrategyId()).isEqualTo("cutover-tenant-rollout");
            assertThat(state.getParameter("percentage")).isEqualTo("25");
            assertThat(state.getParameter("tenants")).isEqualTo("acme");
            assertThat(state.getParameter("route")).isEqualTo("postgres");
            assertThat(state.getParameter("otherwise")).isEqualTo("legacy");
            Set<String> activeInTogglz = new LinkedHashSet<>();
            for (String tenant : TENANTS) {
                if (Tenant.call(tenant, () -> manager.isActive(feature))) {
                    activeInTogglz.add(tenant);
                }
            }
            assertThat(activeInTogglz).isEqualTo(onPostgres(cutover, TENANTS));
            assertThat(Tenant.call("acme", () -> manager.isActive(feature))).isTrue();
            assertThat(manager.isActive(feature)).isFalse();
        }
    }

    /** The tenants whose {@code findById} call lands on PostgreSQL, in the order given. */
    private static Set<String> onPostgres(Cutover cutover, List<String> tenants) {
        ClientRepository clients = cutover.repository(ClientRepository.class);
        Set<String> onPostgres = new LinkedHashSet<>();
        for (String tenant : tenants) {
            if (Tenant.call(tenant, () -> clients.findById(1L)).equals("postgres")) {
                onPostgres.add(tenant);
            }
        }
        return onPostgres;
    }
}
