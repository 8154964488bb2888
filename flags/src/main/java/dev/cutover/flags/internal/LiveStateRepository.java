package dev.cutover.flags.internal;

import dev.cutover.flags.RouteFeatures;
import dev.cutover.flags.Rollout;
import dev.cutover.routing.Route;
import dev.cutover.routing.RouteDecision;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import org.togglz.core.Feature;
import org.togglz.core.repository.FeatureState;
import org.togglz.core.repository.StateRepository;

/**
 * Feature states as the switches decide now, store and environment together. A fixed route is enabled
 * iff it is not {@code legacy}; a rollout is enabled with the {@link TenantRolloutStrategy}, and its
 * route is {@code route} when active, {@code otherwise} when not. Read-only: changes go through
 * {@link dev.cutover.flags.RouteFlags}, which validates and audits. Thread-safe.
 */
final class LiveStateRepository implements StateRepository {
    private final Map<String, LiveRouteSwitch> switches;

    /** @param switches by feature name */
    LiveStateRepository(Map<String, LiveRouteSwitch> switches) {
        this.switches = Map.copyOf(switches);
    }

    @Override
    public FeatureState getFeatureState(Feature feature) {
        LiveRouteSwitch routeSwitch = feature == null ? null : switches.get(feature.name());
        if (routeSwitch == null) {
            return null;
        }
        SwitchPlan plan = routeSwitch.plan();
        Rollout rollout = plan.rollout();
        if (rollout == null) {
            RouteDecision decision = plan.fixed();
            return new FeatureState(feature, decision.route() != Route.LEGACY)
                    .setParameter(RouteFeatures.ROUTE_PARAMETER, decision.route().id())
                    .setParameter(RouteFeatures.ORIGIN_PARAMETER, decision.origin().name().toLowerCase(Locale.ROOT))
                    .setParameter(RouteFeatures.SOURCE_PARAMETER, decision.source());
        }
        return new FeatureState(feature, true)
                .setStrategyId(TenantRolloutStrategy.ID)
                .setParameter(TenantRolloutStrategy.PERCENTAGE, Integer.toString(rollout.percentage()))
                .setParameter(TenantRolloutStrategy.TENANTS, String.join(",", rollout.tenants()))
                .setParameter(RouteFeatures.ROUTE_PARAMETER, rollout.route().id())
                .setParameter(RouteFeatures.OTHERWISE_PARAMETER, rollout.otherwise().id())
                .setParameter(RouteFeatures.ORIGIN_PARAMETER, plan.in().origin().name().toLowerCase(Locale.ROOT))
                .setParameter(RouteFeatures.SOURCE_PARAMETER, plan.summary());
    }

    @Override
    public void setFeatureState(FeatureState state) {
        Objects.requireNonNull(state, "state");
        throw new UnsupportedOperationException("Cannot set the state of " + state.getFeature().name()
                + " through Togglz: change routes with LiveRoutes.set, rollout or clear, which validate and audit them");
    }

    @Override
    public String toString() {
        return "LiveStateRepository[" + switches.size() + " features]";
    }
}
