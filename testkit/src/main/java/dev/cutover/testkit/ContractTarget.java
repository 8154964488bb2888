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
    ROUTED_POSTGRES(Backend.POSTGRES, Route.POSTGRES);

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


    /**
     * The repository to test: one implementation, or both behind a router on this target's route. The
     * router built here owns no adapter, so it needs no closing.
     */
    public <R> R select(Class<R> type, R legacyImplementation, R postgresImplementation) {
        if (route == null) {
            return backend == Backend.LEGACY ? legacyImplementation : postgresImplementation;
        }
        return Cutover.builder()
                .routes(RouteSource.fixed(route))
                .repository(type, legacyImplementation, postgresImplementation)
                .build()
                .repository(type);
    }

    @Override
    public String toString() {
        return route == null ? backend.id() + " adapter" : "router, route " + route.id();
    }
}
