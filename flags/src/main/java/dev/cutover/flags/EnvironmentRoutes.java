package dev.cutover.flags;

import dev.cutover.flags.internal.DefaultEnvironmentRoutes;
import dev.cutover.routing.RepositoryMethod;
import dev.cutover.routing.RouteSource;
import dev.cutover.routing.RouteSwitch;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.togglz.core.manager.FeatureManager;

/**
 * Routes from environment variables, through Togglz: the route source for operations, where a
 * rollback is a changed variable and a restart.
 *
 * <pre>{@code
 * Cutover cutover = Cutover.builder()
 *         .routes(EnvironmentRoutes.fromEnvironment())
 *         .repository(ClientRepository.class, legacyClients, postgresClients)
 *         .build();
 * }</pre>
 *
 * <p>The variables, highest precedence first (see {@link RouteVariables}):
 * {@code CUTOVER_ROUTE_OVERRIDE}, {@code CUTOVER_ROUTE__<REPOSITORY>__<METHOD>},
 * {@code CUTOVER_ROUTE__<REPOSITORY>}, {@code CUTOVER_ROUTE_DEFAULT}, then the built-in default
 * {@code legacy}. Values are route ids ({@code legacy}, {@code postgres}), case ignored, surrounding
 * blanks trimmed; nothing else.
 *
 * <p>{@link #bind} validates every {@code CUTOVER_} variable (any case) against the routed methods and
 * throws one {@link dev.cutover.routing.RouteConfigurationException} listing every problem: unknown
 * variables, repositories and methods (with a "did you mean" when a name is close), invalid values,
 * two methods or repositories sharing a variable name. Values are
 * quoted only for route variables; for any other variable only the name is given, as it might hold a
 * secret. Then it builds a Togglz {@link FeatureManager} with one feature per method (see
 * {@link RouteFeatures}), and returns one switch per method whose decision was computed once, from
 * that manager.
 *
 * <p>Immutable after {@link Builder#build()}, and thread-safe. One instance binds one set of methods:
 * binding it again with the same methods returns the same switches; with other methods it throws.
 */
public interface EnvironmentRoutes extends RouteSource {

    /** Routes from this process's environment ({@link System#getenv()}), with the default known variables. */
    static EnvironmentRoutes fromEnvironment() {
        return builder().build();
    }

    /** A builder, for tests and for applications with more {@code CUTOVER_} variables of their own. */
    static Builder builder() {
        return new DefaultEnvironmentRoutes.DefaultBuilder();
    }

    /**
     * Validates the variables against {@code methods} and binds one precomputed switch per method.
     *
     * @throws dev.cutover.routing.RouteConfigurationException listing every problem found
     * @throws IllegalStateException if this source is already bound to other methods
     */
    @Override
    List<RouteSwitch> bind(List<RepositoryMethod> methods);

    /**
     * The Togglz feature manager built by {@link #bind}: one feature per routed method, state from the
     * environment. Read-only: {@code setFeatureState}, {@code enable} and {@code disable} throw
     * {@link UnsupportedOperationException}, since an environment variable changes only with a restart.
     *
     * @throws IllegalStateException before {@link #bind}, since the features are made from the routed methods
     */
    FeatureManager featureManager();

    /** The {@code CUTOVER_} variables that are not route variables and are left alone. Sorted, unmodifiable. */
    Set<String> knownVariables();

    /**
     * Configures an {@link EnvironmentRoutes}. Each method validates its argument, quoting a bad value;
     * {@link #build()} snapshots the configuration. Not thread-safe.
     */
    interface Builder {

        /**
         * The environment to read, instead of {@link System#getenv()}. Copied.
         *
         * @throws NullPointerException if {@code environment} is null
         * @throws IllegalArgumentException if a name or a value is null
         */
        Builder environment(Map<String, String> environment);

        /**
         * Declares more {@code CUTOVER_} variables that are not route variables (your application's own),
         * in addition to {@link RouteVariables#KNOWN_VARIABLES}. Cumulative.
         *
         * @throws IllegalArgumentException quoting a name that does not start with {@code CUTOVER_}, is not
         *                                  upper snake case, or is in the {@code CUTOVER_ROUTE_} namespace
         */
        Builder knownVariables(String... names);

        /** {@link #knownVariables(String...)} for a collection. */
        Builder knownVariables(Collection<String> names);

        /** An immutable {@link EnvironmentRoutes}; validation against the methods happens at bind. */
        EnvironmentRoutes build();
    }
}
