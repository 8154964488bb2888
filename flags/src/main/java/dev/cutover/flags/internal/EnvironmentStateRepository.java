package dev.cutover.flags.internal;

import dev.cutover.flags.RouteFeatures;
import dev.cutover.flags.RouteVariables;
import dev.cutover.routing.RepositoryMethod;
import dev.cutover.routing.Route;
import dev.cutover.routing.RouteDecision;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import org.togglz.core.Feature;
import org.togglz.core.repository.FeatureState;
import org.togglz.core.repository.StateRepository;

/**
 * Feature states read from route variables, strictly: the routes were validated before this repository
 * exists (unlike Togglz's {@code PropertyBasedStateRepository}, which reads {@code treu} or {@code 1}
 * as disabled). A feature is enabled iff its route is not {@code legacy}. Read-only: the environment
 * cannot change while the process runs. Immutable and thread-safe.
 */
final class EnvironmentStateRepository implements StateRepository {
    private final Map<String, FeatureState> states;
    private final Map<String, String> variables;

    /** @param decisions the route of each method, in the same order as {@code methods} */
    EnvironmentStateRepository(List<RepositoryMethod> methods, List<RouteDecision> decisions) {
        Map<String, FeatureState> stateByName = new HashMap<>();
        Map<String, String> variableByName = new HashMap<>();
        for (int i = 0; i < methods.size(); i++) {
            RepositoryMethod method = methods.get(i);
            RouteDecision decision = decisions.get(i);
            Feature feature = RouteFeatures.feature(method);
            FeatureState state = new FeatureState(feature, decision.route() != Route.LEGACY)
                    .setParameter(RouteFeatures.ROUTE_PARAMETER, decision.route().id())
                    .setParameter(RouteFeatures.ORIGIN_PARAMETER, decision.origin().name().toLowerCase(Locale.ROOT))
                    .setParameter(RouteFeatures.SOURCE_PARAMETER, decision.source());
            stateByName.put(feature.name(), state);
            variableByName.put(feature.name(), RouteVariables.forMethod(method));
        }
        this.states = Map.copyOf(stateByName);
        this.variables = Map.copyOf(variableByName);
    }

    /** A copy, since {@link FeatureState} is mutable; {@code null} (Togglz's "no state") for other features. */
    @Override
    public FeatureState getFeatureState(Feature feature) {
        FeatureState state = feature == null ? null : states.get(feature.name());
        return state == null ? null : state.copy();
    }

    @Override
    public void setFeatureState(FeatureState state) {
        Objects.requireNonNull(state, "state");
        String name = state.getFeature().name();
        String variable = variables.get(name);
        if (variable == null) {
            throw new UnsupportedOperationException("Cannot set the state of " + name + ": it is not a routed method, and"
                    + " routes from environment variables are read-only");
        }
        throw new UnsupportedOperationException("Cannot set the state of " + name + ": routes from environment variables"
                + " are read-only. Change " + variable + " (or " + RouteVariables.OVERRIDE + ", the repository's variable or "
                + RouteVariables.DEFAULT + ") and restart; live flips come with the shared flag store.");
    }

    @Override
    public String toString() {
        return "EnvironmentStateRepository[" + states.size() + " features]";
    }
}
