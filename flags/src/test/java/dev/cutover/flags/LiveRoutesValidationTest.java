package dev.cutover.flags;

import dev.cutover.testsupport.ManualClock;
import static dev.cutover.flags.TestRepositories.cutover;
import static dev.cutover.flags.TestRepositories.decision;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.cutover.Cutover;
import dev.cutover.routing.Route;
import dev.cutover.routing.RouteConfigurationException;
import dev.cutover.routing.RouteDecision;
import dev.cutover.routing.RouteNotSupportedException;
import dev.cutover.routing.RouteOrigin;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/**
 * Changes are validated like the variables before anything is written; entries edited by hand are checked
 * when read: at startup they stop the start, at runtime they are logged once and their last good value kept.
 */
class LiveRoutesValidationTest {
    private static final String SET_BY_ALICE = "store: set by alice at 2026-11-21T06:40:00Z";
    private static FlagStoreDatabase store;
    private final ManualClock clock = new ManualClock(Instant.parse("2026-11-21T06:40:00Z"));
    private final Logger logger = (Logger) LoggerFactory.getLogger(LiveRoutes.class);
    private final ListAppender<ILoggingEvent> events = new ListAppender<>();

    @BeforeAll
    static void createStore() {
        store = FlagStoreDatabase.create("live_validation");
    }

    @AfterAll
    static void dropStore() {
        store.close();
    }

    @BeforeEach
    void emptyStoreAndListen() {
        store.reset();
        events.start();
        logger.addAppender(events);
    }

    @AfterEach
    void detach() {
        logger.detachAppender(events);
    }

    @Test
    void shouldRejectAnUnknownTarget() {
        assertRejected(routes -> routes.forced().set("ClientsRepository", "postgres", "alice", "typo"),
                "'ClientsRepository' is not a route target; expected override, default, a repository (BookingRepository,"
                        + " ClientRepository) or Repository.method; did you mean ClientRepository?");
        assertRejected(routes -> routes.forced().set("Default", "postgres", "alice", "case"),
                "'Default' is not a route target; expected override, default, a repository (BookingRepository,"
                        + " ClientRepository) or Repository.method; did you mean default?");
        assertRejected(routes -> routes.forced().set("CUTOVER_ROUTE_DEFAULT", "postgres", "alice", "a variable's name"),
                "'CUTOVER_ROUTE_DEFAULT' is not a route target; expected override, default, a repository (BookingRepository,"
                        + " ClientRepository) or Repository.method");
    }

    @Test
    void shouldRejectAnUnknownRepositoryOfAMethod() {
        assertRejected(routes -> routes.forced().set("ClientsRepository.findById", "postgres", "alice", "typo"),
                "'ClientsRepository.findById' names repository ClientsRepository, which is not registered; registered:"
                        + " BookingRepository, ClientRepository; did you mean ClientRepository.findById?");
    }

    @Test
    void shouldRejectAnUnknownMethod() {
        assertRejected(routes -> routes.forced().set("ClientRepository.findByIdd", "postgres", "alice", "typo"),
                "ClientRepository has no method 'findByIdd'; its methods: findById, findByYclientsId, save; did you mean"
                        + " ClientRepository.findById?");
        assertRejected(routes -> routes.forced().set("ClientRepository.findbyid", "postgres", "alice", "case"),
                "ClientRepository has no method 'findbyid'; its methods: findById, findByYclientsId, save; did you mean"
                        + " ClientRepository.findById?");
    }

    @Test
    void shouldRejectAnInvalidRoute() {
        assertRejected(routes -> routes.forced().set("ClientRepository.findById", "postgress", "alice", "typo"),
                "ClientRepository.findById='postgress' is not a route; allowed: legacy, legacy-dual, postgres-dual, postgres");
        assertRejected(routes -> routes.forced().set("default", "on", "alice", "boolean habit"),
                "default='on' is not a route; allowed: legacy, legacy-dual, postgres-dual, postgres");
    }

    @Test
    void shouldStoreADualRouteWhichCallsMeetOnlyWithItsHandlerInstalled() {
        try (LiveRoutes routes = store.routes().build(); Cutover cutover = cutover(routes)) {
            routes.forced().set("ClientRepository", Route.POSTGRES_DUAL, "alice", "dual reads and writes");

            assertThat(decision(cutover, "ClientRepository.findById").route()).isEqualTo(Route.POSTGRES_DUAL);
            // this test's router has no shadow reads installed: the call is refused, never served by another route
            assertThatThrownBy(() -> cutover.repository(ClientRepository.class).findById(1L))
                    .isInstanceOf(RouteNotSupportedException.class)
                    .hasMessageEndingWith("has no handler for reads: install shadow reads (ShadowReads, "
                            + "docs/shadow-reads-and-resilience.md)");
        }
    }

    @Test
    void shouldListEveryProblemAtOnce() {
        try (LiveRoutes routes = store.routes().build(); Cutover cutover = cutover(routes)) {
            assertThatThrownBy(() -> routes.set("ClientRepository.findByIdd", "postgress", "alice", "two typos"))
                    .isInstanceOf(RouteConfigurationException.class)
                    .hasMessage("Invalid route configuration (2 problems):\n"
                            + "  - ClientRepository has no method 'findByIdd'; its methods: findById, findByYclientsId, save;"
                            + " did you mean ClientRepository.findById?\n"
                            + "  - ClientRepository.findByIdd='postgress' is not a route; allowed: legacy, legacy-dual,"
                            + " postgres-dual, postgres");
            assertThat(cutover.routes()).isNotEmpty();
        }
    }

    @Test
    void shouldRejectRolloutsThatAreNotPerMethodOrReachNoOne() {
        assertRejected(routes -> routes.forced().rollout("ClientRepository", Rollout.of(Route.POSTGRES, 10), "alice", "repository"),
                "ClientRepository cannot be rolled out: rollouts are per method (Repository.method)");
        assertRejected(routes -> routes.forced().rollout("default", Rollout.of(Route.POSTGRES, 10), "alice", "everything"),
                "default cannot be rolled out: rollouts are per method (Repository.method)");
        assertRejected(routes -> routes.forced().rollout("ClientRepository.save", Rollout.of(Route.LEGACY, 10), "alice", "same"),
                "ClientRepository.save rolls out to legacy with legacy otherwise; a rollout needs two different routes");
        assertRejected(routes -> routes.forced().rollout("ClientRepository.save", Rollout.of(Route.POSTGRES, 0), "alice", "nobody"),
                "ClientRepository.save rolls out to no tenant (0% and none listed); list tenants, raise the percentage, or"
                        + " set the route instead");
    }

    @Test
    void shouldRequireAnActorAndAReason() {
        try (LiveRoutes routes = store.routes().build(); Cutover cutover = cutover(routes)) {
            assertThatThrownBy(() -> routes.set("default", "postgres", " ", "why"))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("Every route change is audited: actor must name who makes it; got ' '");
            assertThatThrownBy(() -> routes.clear("default", "alice", null))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("Every route change is audited: reason must say why; got null");
            assertThat(cutover.routes()).isNotEmpty();
        }
        assertThat(store.count("SELECT count(*) FROM cutover.route_flag_audit")).isZero();
    }

    @Test
    void shouldValidateRolloutValues() {
        assertThatThrownBy(() -> Rollout.of(Route.POSTGRES, 101))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("A rollout's percentage must be between 0 and 100; got 101");
        assertThatThrownBy(() -> Rollout.toTenants(Route.POSTGRES, "acme", ""))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("A rollout's tenant ids cannot be null or blank; got ''");
        assertThatThrownBy(() -> Rollout.toTenants(Route.POSTGRES, "acme,beta"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("A rollout's tenant ids cannot contain ',' (Togglz lists them comma-separated); got 'acme,beta'");
        assertThat(Rollout.of(Route.POSTGRES, 25).withTenants("zeta", "acme"))
                .isEqualTo(new Rollout(Route.POSTGRES, 25, Set.of("acme", "zeta"), Route.LEGACY))
                .hasToString("rollout to postgres for 25% of tenants and [acme, zeta], else legacy");
        assertThat(Rollout.toTenants(Route.POSTGRES, "beta", "acme"))
                .hasToString("rollout to postgres for tenants [acme, beta], else legacy");
    }

    @Test
    void shouldRefuseChangesBeforeBindAndAfterClose() {
        LiveRoutes routes = store.routes().build();
        assertThatThrownBy(() -> routes.set("default", "postgres", "alice", "early"))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("This LiveRoutes is not bound yet: the targets it knows are the routed methods, bound when"
                        + " Cutover.builder().routes(...).build() runs");
        Cutover cutover = cutover(routes);
        routes.close();

        assertThatThrownBy(() -> routes.set("default", "postgres", "alice", "late"))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("This LiveRoutes is closed: its routes no longer change; build a new one");
        assertThat(cutover.repository(ClientRepository.class).findById(1L)).isEqualTo("legacy");
        cutover.close();
    }

    @Test
    void shouldRefuseToStartOnAnEntryThisReleaseCannotServe() {
        store.execute(insert("ClientRepository.findById", "'postgres-dual'", "NULL", "'{}'", "NULL"),
                insert("BookingRepository", "'postgres'", "10", "'{}'", "'legacy'"));
        LiveRoutes routes = store.routes().build();

        assertThatThrownBy(() -> cutover(routes))
                .isInstanceOf(RouteConfigurationException.class)
                .hasMessage("Invalid route configuration: Flag store entry BookingRepository cannot be rolled out: rollouts"
                        + " are per method (Repository.method); correct it through LiveRoutes on a running instance, or in"
                        + " table cutover.route_flag");
        routes.close();
    }

    @Test
    void shouldStartOnTheOverrideVariableWhateverTheStoreHolds() {
        store.execute(insert("BookingRepository", "'postgres'", "10", "'{}'", "'legacy'"));

        try (LiveRoutes routes = store.routes(Map.of("CUTOVER_ROUTE_OVERRIDE", "legacy")).build();
                Cutover cutover = cutover(routes)) {
            assertThat(cutover.repository(ClientRepository.class).findById(1L)).isEqualTo("legacy");
            assertThat(routes.status().ignored()).containsExactly("Flag store entry BookingRepository cannot be rolled out:"
                    + " rollouts are per method (Repository.method); ignored: the entry is treated as unset, as it was before");
        }
    }

    @Test
    void shouldIgnoreAnEntryForAMethodThisApplicationDoesNotHave() {
        store.execute(insert("ClientRepository.findByEmail", "'postgres'", "NULL", "'{}'", "NULL"));

        try (LiveRoutes routes = store.routes().build(); Cutover cutover = cutover(routes)) {
            assertThat(cutover.repository(ClientRepository.class).findById(1L)).isEqualTo("legacy");
            String why = "Flag store entry 'ClientRepository.findByEmail' names nothing this application routes (written by"
                    + " another version?); ignored";
            assertThat(routes.status().ignored()).containsExactly(why);
            assertThat(events.list).singleElement().satisfies(event -> {
                assertThat(event.getLevel()).isEqualTo(Level.WARN);
                assertThat(event.getFormattedMessage()).isEqualTo(why);
            });
        }
    }

    @Test
    void shouldKeepTheLastGoodValueOfAnEntryEditedByHandAndLogItOnce() {
        try (LiveRoutes routes = store.routes().clock(clock).build(); Cutover cutover = cutover(routes)) {
            routes.forced().set("ClientRepository.findById", "postgres", "alice", "canary");
            store.execute("UPDATE cutover.route_flag SET rollout_percentage = 10, rollout_otherwise = 'postgres',"
                    + " set_by = 'mallory' WHERE target = 'ClientRepository.findById'");

            routes.refresh();
            routes.refresh();

            String why = "Flag store entry ClientRepository.findById rolls out to postgres with postgres otherwise; a rollout"
                    + " needs two different routes; ignored: keeping its last good value, postgres (set by alice at"
                    + " 2026-11-21T06:40:00Z)";
            assertThat(decision(cutover, "ClientRepository.findById"))
                    .isEqualTo(new RouteDecision(Route.POSTGRES, RouteOrigin.METHOD, SET_BY_ALICE));
            assertThat(routes.status().ignored()).containsExactly(why);
            assertThat(events.list).filteredOn(event -> event.getLevel() == Level.ERROR).singleElement()
                    .satisfies(event -> assertThat(event.getFormattedMessage()).isEqualTo(why));

            store.execute("UPDATE cutover.route_flag SET route = 'legacy', rollout_percentage = NULL, rollout_otherwise = NULL"
                    + " WHERE target = 'ClientRepository.findById'");
            routes.refresh();

            assertThat(decision(cutover, "ClientRepository.findById"))
                    .isEqualTo(new RouteDecision(Route.LEGACY, RouteOrigin.METHOD, "store: set by mallory at 2026-11-21T06:40:00Z"));
            assertThat(routes.status().ignored()).isEmpty();
        }
    }

    @Test
    void shouldTreatAnInvalidNewEntryAsUnsetAsItWasBefore() {
        try (LiveRoutes routes = store.routes().build(); Cutover cutover = cutover(routes)) {
            store.execute(insert("ClientRepository.save", "'postgres'", "0", "'{}'", "'legacy'"),
                    insert("default", "'postgres'", "NULL", "'{}'", "NULL"));

            routes.refresh();

            assertThat(decision(cutover, "ClientRepository.save").route()).isEqualTo(Route.POSTGRES);
            assertThat(decision(cutover, "ClientRepository.save").origin()).isEqualTo(RouteOrigin.DEFAULT);
            assertThat(routes.status().ignored()).containsExactly("Flag store entry ClientRepository.save rolls out to no"
                    + " tenant (0% and none listed); list tenants, raise the percentage, or set the route instead; ignored:"
                    + " the entry is treated as unset, as it was before");
        }
    }

    @Test
    void shouldHaveTheTableRejectValuesNoReleaseCouldRead() {
        assertThatThrownBy(() -> store.execute(insert("default", "'postgress'", "NULL", "'{}'", "NULL")))
                .hasMessageContaining("violates check constraint \"route_flag_route_check\"");
        assertThatThrownBy(() -> store.execute(insert("ClientRepository.save", "'postgres'", "120", "'{}'", "'legacy'")))
                .hasMessageContaining("violates check constraint \"route_flag_rollout_percentage_check\"");
        assertThatThrownBy(() -> store.execute(insert("ClientRepository.save", "'postgres'", "10", "'{}'", "NULL")))
                .hasMessageContaining("violates check constraint \"route_flag_rollout_complete\"");
        assertThatThrownBy(() -> store.execute(insert("ClientRepository.save", "'postgres'", "NULL", "'{acme}'", "NULL")))
                .hasMessageContaining("violates check constraint \"route_flag_tenants_need_rollout\"");
    }

    @Test
    void shouldValidateThePollInterval() {
        assertThatThrownBy(() -> LiveRoutes.builder(store.dataSource()).pollInterval(Duration.ofMillis(5)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Poll interval PT0.005S is out of range: between 10 ms and 1 minute (default 250 ms)");
        assertThatThrownBy(() -> LiveRoutes.builder(store.dataSource()).pollInterval(Duration.ofMinutes(2)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Poll interval PT2M is out of range: between 10 ms and 1 minute (default 250 ms)");
    }

    /** Runs a change that must be rejected with {@code message}, and checks that nothing was written. */
    private void assertRejected(Consumer<RouteFlags> change, String message) {
        try (LiveRoutes routes = store.routes().build(); Cutover cutover = cutover(routes)) {
            assertThatThrownBy(() -> change.accept(routes))
                    .isInstanceOf(RouteConfigurationException.class)
                    .hasMessage("Invalid route configuration: " + message)
                    .satisfies(e -> assertThat(((RouteConfigurationException) e).problems()).isEqualTo(List.of(message)));
            assertThatThrownBy(() -> change.accept(routes.dryRun()))
                    .isInstanceOf(RouteConfigurationException.class)
                    .hasMessage("Invalid route configuration: " + message);
            assertThat(cutover.routes()).allSatisfy(route -> assertThat(route.decision().route()).isEqualTo(Route.LEGACY));
        }
        assertThat(store.count("SELECT count(*) FROM cutover.route_flag")).isZero();
        assertThat(store.count("SELECT count(*) FROM cutover.route_flag_audit")).isZero();
    }

    static String insert(String target, String route, String percentage, String tenants, String otherwise) {
        return "INSERT INTO cutover.route_flag (target, route, rollout_percentage, rollout_tenants, rollout_otherwise, set_by,"
                + " set_at, reason) VALUES ('" + target + "', " + route + ", " + percentage + ", " + tenants + ", " + otherwise
                + ", 'by hand', '2026-11-21T06:00:00Z', 'hand edit')";
    }
}
