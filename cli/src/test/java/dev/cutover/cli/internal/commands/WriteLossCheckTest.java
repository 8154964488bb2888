package dev.cutover.cli.internal.commands;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cutover.routing.MethodKind;
import dev.cutover.routing.MethodRoute;
import dev.cutover.routing.RepositoryMethod;
import dev.cutover.routing.Route;
import dev.cutover.routing.RouteDecision;
import dev.cutover.routing.RouteOrigin;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** Which route changes of write methods can lose a write (pure logic; FlagsStoreTest runs it on a real store). */
class WriteLossCheckTest {
    private static final String SAVE = "ClientRepository.save";
    private static final String FIND = "ClientRepository.findById";

    private static List<MethodRoute> routes(Route save, Route find) {
        return List.of(route("save", MethodKind.WRITE, save), route("findById", MethodKind.READ, find));
    }

    private static MethodRoute route(String method, MethodKind kind, Route route) {
        return new MethodRoute(new RepositoryMethod("ClientRepository", method, kind, Object.class),
                new RouteDecision(route, RouteOrigin.REPOSITORY, "store"));
    }

    private static List<String> risks(List<MethodRoute> before, List<MethodRoute> after, long backlog) {
        return WriteLossCheck.risks(before, after, List.of(), null, () -> backlog);
    }

    @Test
    void shouldLetWritesGoForwardAndStepBackThroughTheDualRoutes() {
        assertThat(risks(routes(Route.LEGACY, Route.LEGACY), routes(Route.LEGACY_DUAL, Route.LEGACY_DUAL), 5)).isEmpty();
        assertThat(risks(routes(Route.LEGACY_DUAL, Route.LEGACY), routes(Route.POSTGRES_DUAL, Route.POSTGRES), 5)).isEmpty();
        assertThat(risks(routes(Route.POSTGRES_DUAL, Route.POSTGRES), routes(Route.LEGACY_DUAL, Route.LEGACY), 5))
                .as("postgres-dual -> legacy-dual keeps recording entries").isEmpty();
        assertThat(risks(routes(Route.LEGACY_DUAL, Route.LEGACY), routes(Route.LEGACY, Route.LEGACY), 0))
                .as("an empty PostgreSQL outbox").isEmpty();
    }

    @Test
    void shouldNameEachRiskyMoveOfAWriteMethodButNeverOfARead() {
        assertThat(risks(routes(Route.POSTGRES, Route.POSTGRES), routes(Route.LEGACY_DUAL, Route.LEGACY), 0))
                .singleElement().asString().startsWith(SAVE + ": postgres -> legacy-dual: legacy lacks every write");
        assertThat(risks(routes(Route.POSTGRES_DUAL, Route.POSTGRES), routes(Route.LEGACY, Route.LEGACY), 0))
                .singleElement().asString().startsWith(SAVE + ": postgres-dual -> legacy: writes on legacy alone record no"
                        + " outbox entry");
        assertThat(risks(routes(Route.LEGACY_DUAL, Route.POSTGRES), routes(Route.LEGACY, Route.LEGACY), 3))
                .singleElement().asString().startsWith(SAVE + ": legacy-dual -> legacy while PostgreSQL's outbox holds 3"
                        + " entries");
        assertThat(risks(routes(Route.LEGACY, Route.POSTGRES), routes(Route.LEGACY, Route.LEGACY), 3))
                .as(FIND + " moves, but it is a read").isEmpty();
    }

    @Test
    void shouldCheckTheRoutesARolloutGivesSomeTenants() {
        List<String> risks = WriteLossCheck.risks(routes(Route.POSTGRES, Route.POSTGRES), routes(Route.POSTGRES, Route.POSTGRES),
                List.of(Route.POSTGRES, Route.LEGACY), SAVE, () -> 0);

        assertThat(risks).singleElement().asString().startsWith(SAVE + ": postgres -> legacy: legacy lacks");
    }

    @Test
    void shouldReadTheBacklogOnlyWhenAWriteMethodWouldGoToLegacy() {
        AtomicInteger reads = new AtomicInteger();
        WriteLossCheck.risks(routes(Route.LEGACY, Route.LEGACY), routes(Route.LEGACY_DUAL, Route.POSTGRES), List.of(), null,
                () -> reads.incrementAndGet());
        assertThat(reads).as("no write goes to legacy").hasValue(0);

        WriteLossCheck.risks(routes(Route.LEGACY_DUAL, Route.LEGACY), routes(Route.LEGACY, Route.LEGACY), List.of(), null,
                () -> reads.incrementAndGet());
        assertThat(reads).hasValue(1);
    }
}
