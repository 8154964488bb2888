package dev.cutover.routing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cutover.Backend;
import dev.cutover.Cutover;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class RouterTest {

    public interface Greetings {
        Optional<String> findGreeting(long id);

        void saveGreeting(long id, String text);

        long countGreetings();

        @Read
        default String describe(long id) {
            return findGreeting(id).orElse("none") + "@" + backendName();
        }

        @Read
        String backendName();

        @Write
        void touch(long id) throws IOException;
    }

    public interface Plain {
        String findName();

        void saveName(String name);
    }

    static class InMemoryGreetings implements Greetings {
        final Backend backend;
        final Map<Long, String> rows = new ConcurrentHashMap<>();
        final List<String> calls = new ArrayList<>();

        InMemoryGreetings(Backend backend) {
            this.backend = backend;
        }

        @Override
        public Optional<String> findGreeting(long id) {
            calls.add("findGreeting");
            return Optional.ofNullable(rows.get(id));
        }

        @Override
        public void saveGreeting(long id, String text) {
            calls.add("saveGreeting");
            rows.put(id, text);
        }

        @Override
        public long countGreetings() {
            return rows.size();
        }

        @Override
        public String backendName() {
            return backend.id();
        }

        @Override
        public void touch(long id) throws IOException {
            throw new IOException("touched " + id + " on " + backend);
        }
    }

    static class PlainImpl implements Plain {
        final String name;

        PlainImpl(String name) {
            this.name = name;
        }

        @Override
        public String findName() {
            return name;
        }

        @Override
        public void saveName(String name) {
        }
    }

    /** Routes decided by a map the test changes, like a live flag store would. */
    static final class MutableRoutes implements RouteSource {
        final Map<String, AtomicReference<RouteDecision>> routes = new ConcurrentHashMap<>();

        void set(String qualifiedName, Route route) {
            routes.computeIfAbsent(qualifiedName, k -> new AtomicReference<>())
                    .set(new RouteDecision(route, RouteOrigin.METHOD, "test:" + qualifiedName));
        }

        @Override
        public List<RouteSwitch> bind(List<RepositoryMethod> methods) {
            return methods.stream().map(m -> {
                AtomicReference<RouteDecision> ref = routes.computeIfAbsent(m.qualifiedName(),
                        k -> new AtomicReference<>(new RouteDecision(Route.LEGACY, RouteOrigin.DEFAULT, "test default")));
                return (RouteSwitch) ref::get;
            }).toList();
        }
    }

    private final InMemoryGreetings legacy = new InMemoryGreetings(Backend.LEGACY);
    private final InMemoryGreetings postgres = new InMemoryGreetings(Backend.POSTGRES);

    private Cutover cutover(RouteSource routes) {
        return Cutover.builder().routes(routes).repository(Greetings.class, legacy, postgres).build();
    }

    @Test
    void shouldSendEveryCallToTheBackendOfAFixedRoute() {
        Greetings onPostgres = cutover(RouteSource.fixed(Route.POSTGRES)).repository(Greetings.class);
        onPostgres.saveGreeting(1, "hello");

        assertThat(postgres.rows).containsEntry(1L, "hello");
        assertThat(legacy.rows).isEmpty();
        assertThat(onPostgres.findGreeting(1)).contains("hello");
        assertThat(onPostgres.backendName()).isEqualTo("postgres");
    }

    @Test
    void shouldRouteEachMethodOnItsOwn() {
        MutableRoutes routes = new MutableRoutes();
        routes.set("Greetings.findGreeting", Route.POSTGRES);
        Greetings greetings = cutover(routes).repository(Greetings.class);
        legacy.rows.put(1L, "from legacy");
        postgres.rows.put(1L, "from postgres");

        greetings.saveGreeting(2, "new");

        assertThat(greetings.findGreeting(1)).contains("from postgres");
        assertThat(legacy.rows).containsKey(2L);
        assertThat(postgres.rows).doesNotContainKey(2L);
    }

    @Test
    void shouldFollowARouteChangeOnTheNextCall() {
        MutableRoutes routes = new MutableRoutes();
        Greetings greetings = cutover(routes).repository(Greetings.class);
        assertThat(greetings.backendName()).isEqualTo("legacy");

        routes.set("Greetings.backendName", Route.POSTGRES);

        assertThat(greetings.backendName()).isEqualTo("postgres");
    }

    @Test
    void shouldRunDefaultMethodsOnTheChosenImplementation() {
        MutableRoutes routes = new MutableRoutes();
        routes.set("Greetings.describe", Route.POSTGRES);
        postgres.rows.put(5L, "hi");

        assertThat(cutover(routes).repository(Greetings.class).describe(5)).isEqualTo("hi@postgres");
    }

    @Test
    void shouldPassExceptionsThroughUnwrapped() {
        Greetings greetings = cutover(RouteSource.fixed(Route.LEGACY)).repository(Greetings.class);

        assertThatThrownBy(() -> greetings.touch(3)).isExactlyInstanceOf(IOException.class).hasMessage("touched 3 on legacy");
    }

    @Test
    void shouldPinRoutesForTheWholeUnitOfWork() {
        MutableRoutes routes = new MutableRoutes();
        Cutover cutover = cutover(routes);
        Greetings greetings = cutover.repository(Greetings.class);

        cutover.transaction(() -> {
            greetings.saveGreeting(1, "before flip");
            routes.set("Greetings.saveGreeting", Route.POSTGRES);
            greetings.saveGreeting(2, "after flip, same unit");
        });
        greetings.saveGreeting(3, "after the unit");

        assertThat(legacy.rows).containsOnlyKeys(1L, 2L);
        assertThat(postgres.rows).containsOnlyKeys(3L);
    }

    @Test
    void shouldReturnTheUnitOfWorksResultAndRethrowItsFailure() {
        Cutover cutover = cutover(RouteSource.fixed(Route.LEGACY));

        assertThat(cutover.transactionResult(() -> 42)).isEqualTo(42);
        assertThatThrownBy(() -> cutover.transaction(() -> {
            throw new IOException("boom");
        })).isExactlyInstanceOf(IOException.class).hasMessage("boom");
        assertThat(cutover.transactionResult(() -> cutover.transactionResult(() -> "nested joins"))).isEqualTo("nested joins");
    }

    @Test
    void shouldListEveryMethodWithItsKindRouteAndOrigin() {
        MutableRoutes routes = new MutableRoutes();
        routes.set("Greetings.saveGreeting", Route.POSTGRES);

        List<MethodRoute> table = cutover(routes).routes();

        assertThat(table).extracting(r -> r.method().method())
                .containsExactly("backendName", "countGreetings", "describe", "findGreeting", "saveGreeting", "touch");
        assertThat(table).filteredOn(r -> r.method().method().equals("saveGreeting")).singleElement()
                .hasToString("Greetings.saveGreeting (write) -> postgres [method: test:Greetings.saveGreeting]");
        assertThat(table).filteredOn(r -> r.method().method().equals("touch")).singleElement()
                .extracting(r -> r.method().kind()).isEqualTo(MethodKind.WRITE);
        assertThat(table).filteredOn(r -> r.method().method().equals("backendName")).singleElement()
                .extracting(r -> r.method().kind()).isEqualTo(MethodKind.READ);
    }

    @Test
    void shouldAnswerObjectMethodsForTheProxyItself() {
        Greetings greetings = cutover(RouteSource.fixed(Route.LEGACY)).repository(Greetings.class);

        assertThat(greetings).isEqualTo(greetings).isNotEqualTo(legacy);
        assertThat(greetings.hashCode()).isEqualTo(System.identityHashCode(greetings));
        assertThat(greetings).hasToString("Routed Greetings");
        assertThat(legacy.calls).isEmpty();
    }

    @Test
    void shouldRefuseADualRouteAtBuildTimeWithoutItsHandler() {
        MutableRoutes routes = new MutableRoutes();
        routes.set("Greetings.findGreeting", Route.LEGACY_DUAL);

        assertThatThrownBy(() -> cutover(routes))
                .isInstanceOf(RouteConfigurationException.class)
                .hasMessage("Invalid route configuration: test:Greetings.findGreeting routes Greetings.findGreeting to "
                        + "'legacy-dual', but nothing handles reads on it: install shadow reads (ShadowReads, "
                        + "docs/shadow-reads-and-resilience.md)");
    }

    @Test
    void shouldRefuseADualRouteWithoutItsHandlerAtCallTimeIfOneAppearsLater() {
        MutableRoutes routes = new MutableRoutes();
        Greetings greetings = cutover(routes).repository(Greetings.class);
        routes.set("Greetings.findGreeting", Route.POSTGRES_DUAL);

        assertThatThrownBy(() -> greetings.findGreeting(1))
                .isInstanceOf(RouteNotSupportedException.class)
                .hasMessage("Route 'postgres-dual' for Greetings.findGreeting (set by test:Greetings.findGreeting) has no "
                        + "handler for reads: install shadow reads (ShadowReads, docs/shadow-reads-and-resilience.md)");
        assertThat(legacy.calls).isEmpty();
        assertThat(postgres.calls).isEmpty();
    }

    public interface Unclassifiable {
        void frobnicate(int times);
    }

    @Test
    void shouldNameAMethodThatIsNeitherReadNorWrite() {
        Unclassifiable a = times -> { };
        Unclassifiable b = times -> { };

        assertThatThrownBy(() -> Cutover.builder().routes(RouteSource.fixed(Route.LEGACY)).repository(Unclassifiable.class, a, b))
                .isInstanceOf(RepositoryDefinitionException.class)
                .hasMessageStartingWith("Cannot tell whether Unclassifiable.frobnicate(int) reads or writes: annotate it "
                        + "with @Read or @Write (dev.cutover.routing), or name it with a read prefix [find, get,");
    }

    public interface Contradictory {
        @Read
        @Write
        void findAndFix();
    }

    public interface SplitOverloads {
        String findThing(int id);

        @Write
        String findThing(String name);
    }

    @Test
    void shouldRefuseContradictoryAnnotationsAndOverloadsThatDisagree() {
        Contradictory c1 = () -> { };
        Contradictory c2 = () -> { };
        assertThatThrownBy(() -> Cutover.builder().repository(Contradictory.class, c1, c2))
                .hasMessage("Contradictory.findAndFix() is annotated both @Read and @Write; keep the one that is true");

        SplitOverloads s1 = new SplitOverloads() {
            public String findThing(int id) {
                return "";
            }

            public String findThing(String name) {
                return "";
            }
        };
        SplitOverloads s2 = new SplitOverloads() {
            public String findThing(int id) {
                return "";
            }

            public String findThing(String name) {
                return "";
            }
        };
        assertThatThrownBy(() -> Cutover.builder().repository(SplitOverloads.class, s1, s2))
                .hasMessage("Overloads share one route, so they must agree on read or write: SplitOverloads.findThing(int) "
                        + "is a READ but SplitOverloads.findThing(String) is a WRITE; rename one or annotate both alike");
    }

    @Test
    void shouldNotMistakeAWordThatMerelyStartsLikeAPrefix() {
        interface Settlements {
            void settle();
        }
        Settlements a = () -> { };
        Settlements b = () -> { };
        assertThatThrownBy(() -> Cutover.builder().repository(Settlements.class, a, b))
                .hasMessageStartingWith("Cannot tell whether Settlements.settle() reads or writes");
    }

    @Test
    void shouldRefuseWiringMistakes() {
        assertThatThrownBy(() -> Cutover.builder().repository(Greetings.class, legacy, legacy))
                .hasMessage("The legacy and postgres implementations of Greetings are the same object; pass one "
                        + "implementation per backend");
        assertThatThrownBy(() -> Cutover.builder().repository(Greetings.class, legacy, null))
                .hasMessage("Repository Greetings needs both implementations; the postgres one is null");
        assertThatThrownBy(() -> Cutover.builder().repository(Greetings.class, legacy, postgres)
                        .repository(Greetings.class, legacy, postgres))
                .hasMessage("Repository dev.cutover.routing.RouterTest$Greetings is registered twice");
        assertThatThrownBy(() -> Cutover.builder().repository(Greetings.class, legacy, postgres).build())
                .hasMessageStartingWith("Cutover needs a route source: call routes(...)");
        Cutover cutover = cutover(RouteSource.fixed(Route.LEGACY));
        assertThatThrownBy(() -> cutover.repository(Plain.class))
                .hasMessage("No repository dev.cutover.routing.RouterTest$Plain was registered; registered: [Greetings]");
    }

    @Test
    void shouldRouteAPackagePrivateInterface() {
        Hidden a = () -> "a";
        Hidden b = () -> "b";
        Hidden routed = Cutover.builder().routes(RouteSource.fixed(Route.POSTGRES)).repository(Hidden.class, a, b).build()
                .repository(Hidden.class);
        assertThat(routed.findName()).isEqualTo("b");
    }

    @Test
    void shouldRouteSeveralRepositoriesFromOneSource() {
        MutableRoutes routes = new MutableRoutes();
        routes.set("Plain.findName", Route.POSTGRES);
        Cutover cutover = Cutover.builder().routes(routes)
                .repository(Greetings.class, legacy, postgres)
                .repository(Plain.class, new PlainImpl("old"), new PlainImpl("new"))
                .build();

        assertThat(cutover.repository(Plain.class).findName()).isEqualTo("new");
        assertThat(cutover.repository(Greetings.class).backendName()).isEqualTo("legacy");
        assertThat(cutover.routes()).hasSize(8);
    }
}

interface Hidden {
    String findName();
}
