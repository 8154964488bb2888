package dev.cutover.testkit;

import dev.cutover.Backend;
import dev.cutover.Cutover;
import dev.cutover.routing.Route;
import dev.cutover.routing.RouteSource;

/**
 * What a repository contract suite runs against: each implementation alone, and the routed repository in
 * each supported route. Write the suite once against the repository interface, then run it for every
 * target with JUnit's class parameterization:
 *
 * <pre>{@code
 * @ParameterizedClass
 * @EnumSource(ContractTarget.class)
 * class ClientRepositoryContractTest {
 *     @Parameter ContractTarget target;
 *     ClientRepository clients;
 *
 *     @BeforeEach
 *     void setUp() {
 *         clients = target.select(ClientRepository.class, legacyClients, postgresClients);
 *     }
 *     ...
 * }
 * }</pre>
 *
 * <p>The dual targets need more than two implementations: their router writes through dual-write (an outbox per
 * database, a reconciler) and reads through a handler for the dual route (shadow reads, or the primary alone).
 * Build that router once per test with {@link #routes()}, install them, and take each repository with
 * {@link #select(Cutover, Class, Object, Object)}; after the test, let the reconciler settle and check that both
 * databases hold the same rows: what the suite wrote must reach the secondary too.
 *
 * Thread-safe.
 */
public enum ContractTarget {
    /** The legacy implementation, called directly. */
    LEGACY_ADAPTER(Backend.LEGACY, null),
    /** The PostgreSQL implementation, called directly. */
    POSTGRES_ADAPTER(Backend.POSTGRES, null),
    /** The routed repository with every method on route {@code legacy}. */
    ROUTED_LEGACY(Backend.LEGACY, Route.LEGACY),
    /** The routed repository with every method on route {@code postgres}. */
    ROUTED_POSTGRES(Backend.POSTGRES, Route.POSTGRES),
    /** The routed repository with every method on route {@code legacy-dual}: legacy serves, writes are mirrored to PostgreSQL. */
    ROUTED_LEGACY_DUAL(Backend.LEGACY, Route.LEGACY_DUAL),
    /** The routed repository with every method on route {@code postgres-dual}: PostgreSQL serves, writes are mirrored to legacy. */
    ROUTED_POSTGRES_DUAL(Backend.POSTGRES, Route.POSTGRES_DUAL);

    private final Backend backend;
    private final Route route;

    ContractTarget(Backend backend, Route route) {
        this.backend = backend;
        this.route = route;
    }

    /** The backend whose data the target reads and writes. */
    public Backend backend() {
        return backend;
    }

    /** Whether calls go through the router. */
    public boolean routed() {
        return route != null;
    }

    /** Whether the router's route is a dual one: its router needs dual-write and a read handler installed. */
    public boolean dual() {
        return route != null && route.isDual();
    }

    /**
     * Every method on this target's route, for a router built by the test ({@code Cutover.builder().routes(...)}).
     *
     * @throws IllegalStateException for an adapter target, which has no router
     */
    public RouteSource routes() {
        if (route == null) {
            throw new IllegalStateException("Contract target '" + this + "' calls an implementation directly and has no "
                    + "route; check routed() before building a router");
        }
        return RouteSource.fixed(route);
    }

    /**
     * The repository to test: one implementation, or both behind a router on this target's route. The
     * router built here owns no adapter, so it needs no closing.
     *
     * @throws IllegalStateException for a dual target: see {@link #select(Cutover, Class, Object, Object)}
     */
    public <R> R select(Class<R> type, R legacyImplementation, R postgresImplementation) {
        if (route == null) {
            return backend == Backend.LEGACY ? legacyImplementation : postgresImplementation;
        }
        if (route.isDual()) {
            throw new IllegalStateException("Contract target '" + this + "' needs a router with dual-write and a read "
                    + "handler for " + route.id() + ": build one with routes(), install them, and call "
                    + "select(router, type, legacy, postgres)");
        }
        return Cutover.builder()
                .routes(RouteSource.fixed(route))
                .repository(type, legacyImplementation, postgresImplementation)
                .build()
                .repository(type);
    }

    /**
     * The repository to test: one implementation, or {@code router}'s repository of {@code type} for a routed
     * target. {@code router} was built with {@link #routes()} and, for a dual target, with dual-write and a read
     * handler installed; the caller closes it.
     */
    public <R> R select(Cutover router, Class<R> type, R legacyImplementation, R postgresImplementation) {
        if (route == null) {
            return backend == Backend.LEGACY ? legacyImplementation : postgresImplementation;
        }
        return router.repository(type);
    }

    @Override
    public String toString() {
        return route == null ? backend.id() + " adapter" : "router, route " + route.id();
    }
}
