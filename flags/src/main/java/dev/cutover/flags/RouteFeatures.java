package dev.cutover.flags;

import dev.cutover.routing.RepositoryMethod;
import java.util.Objects;
import org.togglz.core.Feature;
import org.togglz.core.util.NamedFeature;

/**
 * The Togglz vocabulary of routes. Each routed method is one dynamic feature, named
 * {@code Repository.method} (for example {@code ClientRepository.findById}), made from the repository
 * interfaces rather than kept in an enum. In {@link EnvironmentRoutes#featureManager()}:
 *
 * <ul>
 *   <li>a feature's metadata has the method as label, the repository as group, and the attributes
 *       {@value #KIND_ATTRIBUTE} ({@code read} or {@code write}), {@value #REPOSITORY_ATTRIBUTE},
 *       {@value #METHOD_ATTRIBUTE} and {@value #VARIABLE_ATTRIBUTE} (the method's route variable);</li>
 *   <li>a feature is enabled iff its route is not {@code legacy}; its state carries the parameters
 *       {@value #ROUTE_PARAMETER} (a route id such as {@code postgres}), {@value #ORIGIN_PARAMETER}
 *       ({@code override}, {@code method}, {@code repository} or {@code default}) and
 *       {@value #SOURCE_PARAMETER} (the variable that set it, or {@code built-in default}).</li>
 * </ul>
 *
 * <p>A method's route is {@code legacy} when its feature is inactive, else its {@value #ROUTE_PARAMETER}.
 *
 * <p>In {@link LiveRoutes#featureManager()} the states are those decided now, store and environment
 * together, and a method under a {@link Rollout} is enabled with the activation strategy
 * {@value #ROLLOUT_STRATEGY_ID} (parameters {@value #PERCENTAGE_PARAMETER} and {@value #TENANTS_PARAMETER},
 * comma-separated) and the current {@link dev.cutover.routing.Tenant} as the user: its route is
 * {@value #ROUTE_PARAMETER} when the feature is active, {@value #OTHERWISE_PARAMETER} when not.
 *
 * <p>Stateless and thread-safe.
 */
public final class RouteFeatures {

    /** Feature state parameter: the route id, for example {@code postgres}. */
    public static final String ROUTE_PARAMETER = "route";

    /** Feature state parameter: which rule set the route, a lower-case {@link dev.cutover.routing.RouteOrigin}. */
    public static final String ORIGIN_PARAMETER = "origin";

    /** Feature state parameter: what set the route, for example {@code CUTOVER_ROUTE__CLIENT_REPOSITORY}. */
    public static final String SOURCE_PARAMETER = "source";

    /** Feature state parameter of a rollout: the route of the calls outside it, for example {@code legacy}. */
    public static final String OTHERWISE_PARAMETER = "otherwise";

    /** The Togglz activation strategy of a {@link Rollout}: a share of tenants plus listed tenants, sticky per tenant. */
    public static final String ROLLOUT_STRATEGY_ID = "cutover-tenant-rollout";

    /** Parameter of {@value #ROLLOUT_STRATEGY_ID}: the share of tenants, 0 to 100. */
    public static final String PERCENTAGE_PARAMETER = "percentage";

    /** Parameter of {@value #ROLLOUT_STRATEGY_ID}: the listed tenants, comma-separated. */
    public static final String TENANTS_PARAMETER = "tenants";

    /** Feature metadata attribute: {@code read} or {@code write}. */
    public static final String KIND_ATTRIBUTE = "kind";

    /** Feature metadata attribute: the repository's name, for example {@code ClientRepository}. */
    public static final String REPOSITORY_ATTRIBUTE = "repository";

    /** Feature metadata attribute: the method's name, for example {@code findById}. */
    public static final String METHOD_ATTRIBUTE = "method";

    /** Feature metadata attribute: the method-level route variable. */
    public static final String VARIABLE_ATTRIBUTE = "variable";

    private RouteFeatures() {
    }

    /** The feature of one routed method, named {@code Repository.method}. */
    public static Feature feature(RepositoryMethod method) {
        Objects.requireNonNull(method, "method");
        return new NamedFeature(method.qualifiedName());
    }
}
