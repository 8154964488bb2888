package dev.cutover.routing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cutover.Backend;
import dev.cutover.Cutover;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class RouterExtensionTest {

    public interface Names {
        String findName(int id);

        void saveName(int id, String name);

        long countNames();
    }

    record Fixed(String prefix, List<String> saved) implements Names {
        public String findName(int id) {
            return prefix + id;
        }

        public void saveName(int id, String name) {
            saved.add(prefix + name);
        }

        public long countNames() {
            return saved.size();
        }
    }

    private final Fixed legacy = new Fixed("legacy:", new ArrayList<>());
    private final Fixed postgres = new Fixed("postgres:", new ArrayList<>());

    /** A source whose every method is on one route, whatever it is (RouteSource.fixed refuses nothing either). */
    private static RouteSource on(Route route) {
        return RouteSource.fixed(route);
    }

    @Test
    void shouldWrapEveryBackendCallInDecoratorsOutermostFirst() {
        List<String> trace = new ArrayList<>();
        Names names = Cutover.builder().routes(on(Route.POSTGRES))
                .repository(Names.class, legacy, postgres)
                .decorateBackendCalls((backend, method, call) -> {
                    trace.add("outer " + backend + " " + method.method());
                    return call.invoke();
                })
                .decorateBackendCalls((backend, method, call) -> {
                    trace.add("inner " + backend);
                    return "[" + call.invoke() + "]";
                })
                .build().repository(Names.class);

        assertThat(names.findName(7)).isEqualTo("[postgres:7]");
        assertThat(trace).containsExactly("outer postgres findName", "inner postgres");
    }

    @Test
    void shouldHandACallOfAHandledRouteToItsHandler() {
        List<String> trace = new ArrayList<>();
        Cutover.Builder builder = Cutover.builder().routes(on(Route.POSTGRES))
                .repository(Names.class, legacy, postgres)
                .handle(Route.POSTGRES, MethodKind.READ, call -> {
                    trace.add(call.method().qualifiedName() + " " + call.decision().route() + " " + call.arguments().length);
                    try {
                        return call.invoke(Backend.POSTGRES);
                    } catch (IllegalStateException e) {
                        return call.invoke(Backend.LEGACY);
                    }
                });
        Names names = builder.build().repository(Names.class);

        assertThat(names.findName(3)).isEqualTo("postgres:3");
        assertThat(names.countNames()).isZero();
        names.saveName(1, "x");
        assertThat(postgres.saved()).containsExactly("postgres:x");
        assertThat(trace).containsExactly("Names.findName postgres 1", "Names.countNames postgres 0");
    }

    @Test
    void shouldServeADualRouteOnlyForKindsWithAHandler() {
        assertThatThrownBy(() -> Cutover.builder().routes(on(Route.LEGACY_DUAL))
                .repository(Names.class, legacy, postgres)
                .handle(Route.LEGACY_DUAL, MethodKind.WRITE, call -> call.invoke(Backend.LEGACY))
                .build())
                .isInstanceOf(RouteConfigurationException.class)
                .satisfies(e -> assertThat(((RouteConfigurationException) e).problems()).containsExactly(
                        "RouteSource.fixed(legacy-dual) routes Names.countNames to 'legacy-dual', but nothing handles reads "
                                + "on it: install shadow reads (ShadowReads, docs/shadow-reads-and-resilience.md)",
                        "RouteSource.fixed(legacy-dual) routes Names.findName to 'legacy-dual', but nothing handles reads "
                                + "on it: install shadow reads (ShadowReads, docs/shadow-reads-and-resilience.md)"));
        Names served = Cutover.builder().routes(on(Route.LEGACY_DUAL))
                .repository(Names.class, legacy, postgres)
                .handle(Route.LEGACY_DUAL, MethodKind.WRITE, call -> call.invoke(Backend.LEGACY))
                .handle(Route.LEGACY_DUAL, MethodKind.READ, call -> call.invoke(Backend.LEGACY))
                .build().repository(Names.class);
        assertThat(served.findName(1)).isEqualTo("legacy:1");
        assertThatThrownBy(() -> Cutover.builder().handle(Route.LEGACY_DUAL, MethodKind.WRITE, call -> null)
                .handle(Route.LEGACY_DUAL, MethodKind.WRITE, call -> null))
                .hasMessage("A handler for writes on route 'legacy-dual' is already registered");
    }

    @Test
    void shouldCloseRegisteredResourcesLastFirstThenTheRouteSourceOnce() {
        List<String> closed = new ArrayList<>();
        final class ClosingSource implements RouteSource, AutoCloseable {
            @Override
            public List<RouteSwitch> bind(List<RepositoryMethod> methods) {
                return RouteSource.fixed(Route.LEGACY).bind(methods);
            }

            @Override
            public void close() {
                closed.add("route source");
            }
        }
        Cutover cutover = Cutover.builder().routes(new ClosingSource())
                .repository(Names.class, legacy, postgres)
                .closeOnClose(() -> closed.add("first"))
                .closeOnClose(() -> closed.add("second"))
                .build();

        cutover.close();
        cutover.close();

        assertThat(closed).containsExactly("second", "first", "route source");
    }

    @Test
    void shouldCloseRegisteredResourcesWhenBuildRefusesToStart() {
        List<String> closed = new ArrayList<>();
        Cutover.Builder builder = Cutover.builder().routes(on(Route.LEGACY_DUAL))
                .repository(Names.class, legacy, postgres)
                .closeOnClose(() -> closed.add("first"))
                .closeOnClose(() -> closed.add("second"));

        assertThatThrownBy(builder::build).isInstanceOf(RouteConfigurationException.class);

        assertThat(closed).containsExactly("second", "first");
    }
}
