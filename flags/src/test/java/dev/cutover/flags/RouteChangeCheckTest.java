package dev.cutover.flags;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cutover.flags.RouteFinding.Rule;
import dev.cutover.routing.MethodKind;
import dev.cutover.routing.MethodRoute;
import dev.cutover.routing.RepositoryMethod;
import dev.cutover.routing.Route;
import dev.cutover.routing.RouteDecision;
import dev.cutover.routing.RouteOrigin;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The rules of {@link RouteChangeCheck} as pure logic; LiveRoutesRouteCheckTest and FlagsStoreTest run them on a real store. */
class RouteChangeCheckTest {
    private static final RepositoryMethod SAVE = method("save", MethodKind.WRITE);
    private static final RepositoryMethod DELETE = method("delete", MethodKind.WRITE);
    private static final RepositoryMethod FIND = method("findById", MethodKind.READ);

    private static RepositoryMethod method(String name, MethodKind kind) {
        return new RepositoryMethod("ClientRepository", name, kind, Object.class);
    }

    private static List<MethodRouting> routes(Route save, Route find) {
        return List.of(MethodRouting.fixed(SAVE, save), MethodRouting.fixed(FIND, find));
    }

    private static List<String> writeLosses(List<MethodRouting> before, List<MethodRouting> after) {
        return RouteChangeCheck.writeLosses(before, after).stream().map(RouteFinding::message).toList();
    }

    @Test
    void shouldLetWritesGoForwardAndStepBackThroughTheDualRoutes() {
        assertThat(writeLosses(routes(Route.LEGACY, Route.LEGACY), routes(Route.LEGACY_DUAL, Route.LEGACY_DUAL))).isEmpty();
        assertThat(writeLosses(routes(Route.LEGACY_DUAL, Route.LEGACY), routes(Route.POSTGRES_DUAL, Route.POSTGRES))).isEmpty();
        assertThat(writeLosses(routes(Route.POSTGRES_DUAL, Route.POSTGRES), routes(Route.LEGACY_DUAL, Route.LEGACY)))
                .as("postgres-dual -> legacy-dual keeps recording entries").isEmpty();
        assertThat(writeLosses(routes(Route.LEGACY_DUAL, Route.LEGACY), routes(Route.LEGACY, Route.LEGACY)))
                .as("the primary stays legacy").isEmpty();
        assertThat(writeLosses(routes(Route.POSTGRES_DUAL, Route.POSTGRES), routes(Route.POSTGRES, Route.POSTGRES)))
                .as("the primary stays postgres").isEmpty();
    }

    /**
     * Every ordered pair of distinct routes of a write method: the finding, word for word, or none. Not refused although
     * PostgreSQL lacks what legacy alone received: legacy to postgres-dual or postgres, as a first table starts.
     */
    @Test
    void shouldRefuseExactlyTheMovesOfAWriteMethodThatCanLoseAWrite() {
        String fromPostgres = "legacy lacks every write made on postgres alone; go to postgres-dual and bring legacy up to"
                + " date first (runbook: Rollback from postgres)";
        String race = "while the change reaches every instance, a write of a row on %s alone, made just after another"
                + " instance wrote it on %s, records nothing, and the copy of that older row overwrites it; go to %s first"
                + " (no drain needed), then %s once every instance routes there";
        Map<List<Route>, String> refused = Map.of(
                List.of(Route.LEGACY_DUAL, Route.POSTGRES), String.format(race, "postgres", "legacy-dual", "postgres-dual",
                        "postgres"),
                List.of(Route.POSTGRES_DUAL, Route.LEGACY), String.format(race, "legacy", "postgres-dual", "legacy-dual",
                        "legacy"),
                List.of(Route.POSTGRES, Route.LEGACY), fromPostgres,
                List.of(Route.POSTGRES, Route.LEGACY_DUAL), fromPostgres);
        for (Route from : Route.values()) {
            for (Route to : Route.values()) {
                if (from == to) {
                    continue;
                }
                String expected = refused.get(List.of(from, to));
                List<String> found = writeLosses(List.of(MethodRouting.fixed(SAVE, from)), List.of(MethodRouting.fixed(SAVE, to)));
                if (expected == null) {
                    assertThat(found).as(from.id() + " -> " + to.id()).isEmpty();
                } else {
                    assertThat(found).as(from.id() + " -> " + to.id()).containsExactly("ClientRepository.save: " + from.id()
                            + " -> " + to.id() + ": " + expected);
                }
            }
        }
    }

    @Test
    void shouldNameEachRiskyMoveOfAWriteMethodButNeverOfARead() {
        assertThat(RouteChangeCheck.writeLosses(routes(Route.POSTGRES, Route.POSTGRES), routes(Route.LEGACY_DUAL, Route.LEGACY)))
                .containsExactly(new RouteFinding(Rule.WRITE_LOSS, "ClientRepository.save", "postgres -> legacy-dual:"
                        + " legacy lacks every write made on postgres alone", "go to postgres-dual and bring legacy up to date"
                        + " first (runbook: Rollback from postgres)"));
        assertThat(writeLosses(routes(Route.LEGACY, Route.POSTGRES), routes(Route.LEGACY, Route.LEGACY)))
                .as("findById moves, but it is a read").isEmpty();
    }

    @Test
    void shouldCheckEveryRouteARolloutGivesSomeTenants() {
        List<MethodRouting> rollout = List.of(MethodRouting.rollout(SAVE, Rollout.of(Route.POSTGRES, 50)),
                MethodRouting.fixed(FIND, Route.POSTGRES));

        assertThat(writeLosses(routes(Route.POSTGRES, Route.POSTGRES), rollout)).singleElement().asString()
                .startsWith("ClientRepository.save: postgres -> legacy: legacy lacks");
        assertThat(writeLosses(rollout, routes(Route.LEGACY_DUAL, Route.POSTGRES))).as("the rollout's tenants on postgres")
                .singleElement().asString().startsWith("ClientRepository.save: postgres -> legacy-dual: legacy lacks");
    }

    @Test
    void shouldKnowThatARolloutsTenantsAreStickyAsItGrowsAndShrinks() {
        MethodRouting quarter = MethodRouting.rollout(SAVE, Rollout.of(Route.POSTGRES, 25).withOtherwise(Route.POSTGRES_DUAL));
        MethodRouting half = MethodRouting.rollout(SAVE, Rollout.of(Route.POSTGRES, 50).withOtherwise(Route.POSTGRES_DUAL));
        MethodRouting backToLegacy = MethodRouting.rollout(SAVE, Rollout.of(Route.POSTGRES, 50).withOtherwise(Route.LEGACY));

        assertThat(RouteChangeCheck.writeLosses(List.of(quarter), List.of(half))).as("growing adds tenants only").isEmpty();
        assertThat(RouteChangeCheck.writeLosses(List.of(half), List.of(quarter))).as("postgres -> postgres-dual is safe")
                .isEmpty();
        assertThat(writeLosses(List.of(quarter), List.of(backToLegacy))).singleElement().asString()
                .startsWith("ClientRepository.save: postgres-dual -> legacy: while the change reaches every instance");
        assertThat(writeLosses(List.of(half), List.of(MethodRouting.rollout(SAVE, Rollout.of(Route.POSTGRES, 25)
                .withOtherwise(Route.LEGACY_DUAL))))).as("shrinking sends some tenants from postgres to the other route")
                .contains("ClientRepository.save: postgres -> legacy-dual: legacy lacks every write made on postgres alone; go"
                        + " to postgres-dual and bring legacy up to date first (runbook: Rollback from postgres)");
    }

    @Test
    void shouldFindReadsServedByADatabaseThatAWriteOfTheRepositoryDoesNotReach() {
        assertThat(RouteChangeCheck.staleReads(routes(Route.LEGACY, Route.POSTGRES))).containsExactly(new RouteFinding(
                Rule.STALE_READ, "ClientRepository.findById", "reads served by postgres (on postgres) miss the writes of"
                        + " ClientRepository.save (on legacy), which do not reach postgres", "put those writes on legacy-dual"
                        + " first (they then reach both databases), or keep the reads on legacy or legacy-dual"));
        assertThat(RouteChangeCheck.staleReads(routes(Route.POSTGRES, Route.LEGACY_DUAL))).singleElement()
                .extracting(RouteFinding::message).isEqualTo("ClientRepository.findById: reads served by legacy (on"
                        + " legacy-dual) miss the writes of ClientRepository.save (on postgres), which do not reach legacy; put"
                        + " those writes on postgres-dual first (legacy then receives them too), or move the reads to"
                        + " postgres-dual or postgres");
    }

    @Test
    void shouldAcceptEveryStepOfTheRunbooksOrder() {
        for (List<MethodRouting> step : List.of(routes(Route.LEGACY, Route.LEGACY), routes(Route.LEGACY_DUAL, Route.LEGACY),
                routes(Route.LEGACY_DUAL, Route.LEGACY_DUAL), routes(Route.LEGACY_DUAL, Route.POSTGRES_DUAL),
                routes(Route.LEGACY_DUAL, Route.POSTGRES), routes(Route.POSTGRES_DUAL, Route.POSTGRES),
                routes(Route.POSTGRES_DUAL, Route.LEGACY), routes(Route.POSTGRES, Route.POSTGRES))) {
            assertThat(RouteChangeCheck.staleReads(step)).as(step.toString()).isEmpty();
        }
    }

    @Test
    void shouldFindStaleReadsInRolloutsOfReadsAndOfWrites() {
        List<MethodRouting> readsRolledOut = List.of(MethodRouting.fixed(SAVE, Route.LEGACY),
                MethodRouting.rollout(FIND, Rollout.toTenants(Route.POSTGRES_DUAL, "acme")));
        assertThat(RouteChangeCheck.staleReads(readsRolledOut)).singleElement().extracting(RouteFinding::reason)
                .isEqualTo("reads served by postgres (on postgres-dual for some calls) miss the writes of ClientRepository.save"
                        + " (on legacy), which do not reach postgres");

        List<MethodRouting> writesRolledOut = List.of(MethodRouting.rollout(SAVE, Rollout.of(Route.POSTGRES, 10)
                .withOtherwise(Route.LEGACY_DUAL)), MethodRouting.fixed(DELETE, Route.LEGACY_DUAL),
                MethodRouting.fixed(FIND, Route.LEGACY_DUAL));
        assertThat(RouteChangeCheck.staleReads(writesRolledOut)).singleElement().extracting(RouteFinding::reason)
                .isEqualTo("reads served by legacy (on legacy-dual) miss the writes of ClientRepository.save (on postgres for"
                        + " some calls), which do not reach legacy");
        assertThat(RouteChangeCheck.staleReads(List.of(MethodRouting.rollout(SAVE, Rollout.of(Route.LEGACY_DUAL, 100)
                .withOtherwise(Route.LEGACY)), MethodRouting.fixed(FIND, Route.POSTGRES))))
                .as("at 100% the otherwise route takes no call").isEmpty();
    }

    @Test
    void shouldRefuseAChangeForTheStaleReadsItAddsNotForThoseAlreadyThere() {
        List<MethodRouting> stale = routes(Route.LEGACY, Route.POSTGRES);
        List<MethodRouting> staleWithDelete = List.of(MethodRouting.fixed(SAVE, Route.LEGACY),
                MethodRouting.fixed(DELETE, Route.LEGACY_DUAL), MethodRouting.fixed(FIND, Route.POSTGRES));

        assertThat(RouteChangeCheck.check(routes(Route.LEGACY, Route.LEGACY), stale)).extracting(RouteFinding::rule)
                .containsExactly(Rule.STALE_READ);
        assertThat(RouteChangeCheck.check(stale, staleWithDelete)).as("the same stale read, nothing added").isEmpty();
        assertThat(RouteChangeCheck.check(stale, routes(Route.LEGACY_DUAL, Route.POSTGRES))).as("fixed").isEmpty();
        assertThat(RouteChangeCheck.check(routes(Route.POSTGRES, Route.POSTGRES), routes(Route.LEGACY, Route.POSTGRES)))
                .extracting(RouteFinding::rule).as("write loss first").containsExactly(Rule.WRITE_LOSS, Rule.STALE_READ);
    }

    @Test
    void shouldTakeTheRouteTableAndRefuseAnIllFormedRouting() {
        List<MethodRoute> table = List.of(new MethodRoute(SAVE, new RouteDecision(Route.LEGACY, RouteOrigin.DEFAULT, "x")),
                new MethodRoute(FIND, new RouteDecision(Route.POSTGRES, RouteOrigin.METHOD, "y")));
        assertThat(MethodRouting.of(table)).isEqualTo(routes(Route.LEGACY, Route.POSTGRES));
        assertThatThrownBy(() -> new MethodRouting(FIND, Route.LEGACY, Rollout.of(Route.POSTGRES, 5)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("A method is routed by a route or by a rollout, not both; got route legacy and rollout rollout to"
                        + " postgres for 5% of tenants, else legacy for ClientRepository.findById");
    }
}
