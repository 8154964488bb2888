package dev.cutover.flags.internal;

import dev.cutover.flags.RouteFeatures;
import dev.cutover.flags.RouteVariables;
import dev.cutover.routing.Route;
import dev.cutover.routing.RouteDecision;
import dev.cutover.routing.RouteOrigin;
import java.util.Locale;
import org.togglz.core.Feature;
import org.togglz.core.manager.FeatureManager;
import org.togglz.core.repository.FeatureState;

/** Reads a method's route from its feature: inactive means legacy, active means the state's route parameter. */
final class FeatureDecisions {

    private FeatureDecisions() {
    }

    static RouteDecision decide(FeatureManager manager, Feature feature) {
        FeatureState state = manager.getFeatureState(feature);
        RouteOrigin origin = RouteOrigin.DEFAULT;
        String source = RouteVariables.BUILT_IN_DEFAULT_SOURCE;
        if (state != null && state.getParameter(RouteFeatures.ORIGIN_PARAMETER) != null) {
            origin = RouteOrigin.valueOf(state.getParameter(RouteFeatures.ORIGIN_PARAMETER).toUpperCase(Locale.ROOT));
            source = state.getParameter(RouteFeatures.SOURCE_PARAMETER);
        }
        if (!manager.isActive(feature)) {
            return new RouteDecision(Route.LEGACY, origin, source);
        }
        String route = state == null ? null : state.getParameter(RouteFeatures.ROUTE_PARAMETER);
        if (route == null) {
            throw new IllegalStateException("Feature " + feature.name() + " is active but its state has no '"
                    + RouteFeatures.ROUTE_PARAMETER + "' parameter, so its route is unknown");
        }
        return new RouteDecision(Route.parse(route), origin, source);
    }
}
