package dev.cutover.flags.internal;

import dev.cutover.flags.EnvironmentRoutes;
import dev.cutover.flags.MethodRouting;
import dev.cutover.flags.RouteChangeCheck;
import dev.cutover.flags.RouteFeatures;
import dev.cutover.flags.RouteVariables;
import dev.cutover.routing.MethodRoute;
import dev.cutover.routing.RepositoryMethod;
import dev.cutover.routing.RouteDecision;
import dev.cutover.routing.RouteOrigin;
import dev.cutover.routing.RouteSwitch;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.togglz.core.manager.FeatureManager;
import org.togglz.core.manager.FeatureManagerBuilder;
import org.togglz.core.user.NoOpUserProvider;

/** The {@link EnvironmentRoutes} built by {@link EnvironmentRoutes#builder()}. Thread-safe. */
public final class DefaultEnvironmentRoutes implements EnvironmentRoutes {
    private static final Logger LOG = LoggerFactory.getLogger(EnvironmentRoutes.class);
    static final String FEATURE_MANAGER_NAME = "cutover-routes";

    /** Only the {@code CUTOVER_} variables: the rest of the environment is none of our business. */
    private final Map<String, String> environment;
    private final Set<String> knownVariables;
    private final AtomicReference<Binding> binding = new AtomicReference<>();
    /** Whether binding warns of stale reads: not when LiveRoutes binds it, since the store decides the rest. */
    private final boolean warnStaleReads;

    private DefaultEnvironmentRoutes(Map<String, String> environment, Set<String> knownVariables, boolean warnStaleReads) {
        this.warnStaleReads = warnStaleReads;
        Map<String, String> ours = new HashMap<>();
        environment.forEach((name, value) -> {
            if (RouteResolver.isCutoverVariable(name)) {
                ours.put(name, value);
            }
        });
        this.environment = Map.copyOf(ours);
        this.knownVariables = Collections.unmodifiableSet(new TreeSet<>(knownVariables));
    }

    @Override
    public List<RouteSwitch> bind(List<RepositoryMethod> methods) {
        Objects.requireNonNull(methods, "methods");
        List<RepositoryMethod> bound = List.copyOf(methods);
        Binding current = binding.get();
        if (current == null) {
            Binding fresh = new Binding(bound, RouteResolver.resolve(environment, knownVariables, bound));
            if (binding.compareAndSet(null, fresh)) {
                fresh.logOverride();
                if (warnStaleReads) {
                    fresh.logStaleReads();
                }
                return fresh.switches;
            }
            current = binding.get();
        }
        if (current.methods.equals(bound)) {
            return current.switches;
        }
        throw new IllegalStateException("This EnvironmentRoutes is already bound to the methods of "
                + current.methods.stream().map(RepositoryMethod::repository).distinct().toList()
                + "; its FeatureManager belongs to one Cutover, so create one EnvironmentRoutes per Cutover");
    }

    @Override
    public FeatureManager featureManager() {
        Binding current = binding.get();
        if (current == null) {
            throw new IllegalStateException("No FeatureManager yet: its features are made from the routed methods when"
                    + " Cutover.builder().routes(...).build() binds this EnvironmentRoutes");
        }
        return current.featureManager;
    }

    @Override
    public Set<String> knownVariables() {
        return knownVariables;
    }

    /** Names only: any {@code CUTOVER_} value might be a secret. */
    @Override
    public String toString() {
        return "EnvironmentRoutes[variables=" + new TreeSet<>(environment.keySet()) + ", known=" + knownVariables + "]";
    }

    /** The features and switches of one set of methods. */
    private static final class Binding {
        final List<RepositoryMethod> methods;
        final FeatureManager featureManager;
        final List<RouteSwitch> switches;
        private final List<RouteDecision> decisions;

        Binding(List<RepositoryMethod> methods, List<RouteDecision> decisions) {
            this.methods = methods;
            this.decisions = decisions;
            this.featureManager = FeatureManagerBuilder.begin()
                    .name(FEATURE_MANAGER_NAME)
                    .featureProvider(new RouteFeatureProvider(methods))
                    .stateRepository(new EnvironmentStateRepository(methods, decisions))
                    .userProvider(new NoOpUserProvider())
                    .build();
            List<RouteSwitch> computed = new ArrayList<>(methods.size());
            for (RepositoryMethod method : methods) {
                computed.add(new FixedRouteSwitch(FeatureDecisions.decide(featureManager, RouteFeatures.feature(method))));
            }
            this.switches = List.copyOf(computed);
        }

        void logStaleReads() {
            List<MethodRoute> routes = new ArrayList<>(methods.size());
            for (int i = 0; i < methods.size(); i++) {
                routes.add(new MethodRoute(methods.get(i), decisions.get(i)));
            }
            RouteChangeCheck.staleReads(MethodRouting.of(routes))
                    .forEach(finding -> LOG.warn("Stale reads possible: {}", finding.message()));
        }

        void logOverride() {
            decisions.stream().filter(d -> d.origin() == RouteOrigin.OVERRIDE).findFirst().ifPresent(d ->
                    LOG.warn("{} is set: every repository method is routed to {}", RouteVariables.OVERRIDE, d.route().id()));
        }
    }

    /** Collects the configuration; each method validates its argument. Not thread-safe. */
    public static final class DefaultBuilder implements EnvironmentRoutes.Builder {
        private static final Pattern KNOWN_NAME = Pattern.compile("CUTOVER_[A-Z0-9]+(?:_[A-Z0-9]+)*");
        private static final String ROUTE_NAMESPACE = "CUTOVER_ROUTE_";

        private Map<String, String> environment;
        private final Set<String> knownVariables = new TreeSet<>(RouteVariables.KNOWN_VARIABLES);

        @Override
        public Builder environment(Map<String, String> environment) {
            Objects.requireNonNull(environment, "environment");
            Map<String, String> copy = new TreeMap<>();
            for (Map.Entry<String, String> variable : environment.entrySet()) {
                if (variable.getKey() == null) {
                    throw new IllegalArgumentException("The environment has a variable with a null name");
                }
                if (variable.getValue() == null) {
                    throw new IllegalArgumentException("Environment variable " + variable.getKey()
                            + " has a null value; leave it out instead");
                }
                copy.put(variable.getKey(), variable.getValue());
            }
            this.environment = copy;
            return this;
        }

        @Override
        public Builder knownVariables(String... names) {
            Objects.requireNonNull(names, "names");
            return knownVariables(Arrays.asList(names));
        }

        @Override
        public Builder knownVariables(Collection<String> names) {
            Objects.requireNonNull(names, "names");
            List<String> checked = new ArrayList<>(names.size());
            for (String name : names) {
                checked.add(checkKnown(name));
            }
            knownVariables.addAll(checked);
            return this;
        }

        @Override
        public EnvironmentRoutes build() {
            return new DefaultEnvironmentRoutes(environment == null ? System.getenv() : environment, knownVariables, true);
        }

        /** For {@link DefaultLiveRoutes}, which warns of stale reads itself, with the store's entries. */
        EnvironmentRoutes buildQuietly() {
            return new DefaultEnvironmentRoutes(environment == null ? System.getenv() : environment, knownVariables, false);
        }

        private static String checkKnown(String name) {
            if (name == null || !KNOWN_NAME.matcher(name).matches()) {
                throw new IllegalArgumentException("Known variable " + (name == null ? "null" : "'" + name + "'")
                        + " is not a CUTOVER_ name in upper snake case, like CUTOVER_TEST_POSTGRES_URL;"
                        + " only CUTOVER_ variables are checked, so no other name needs declaring");
            }
            if (name.startsWith(ROUTE_NAMESPACE)) {
                throw new IllegalArgumentException("Known variable '" + name + "' is in the " + ROUTE_NAMESPACE
                        + " namespace, which is reserved for route variables");
            }
            return name;
        }
    }
}
