package dev.cutover.flags.internal;

import dev.cutover.flags.RouteFeatures;
import java.util.Arrays;
import org.togglz.core.activation.Parameter;
import org.togglz.core.activation.ParameterBuilder;
import org.togglz.core.repository.FeatureState;
import org.togglz.core.spi.ActivationStrategy;
import org.togglz.core.user.FeatureUser;

/**
 * The Togglz view of a {@link dev.cutover.flags.Rollout}: active for a user (the call's tenant) that is
 * listed or whose {@link TenantBuckets bucket} for the feature is below the percentage, and without a
 * user only at 100%. The same rule as the switches, which do not go through Togglz. Stateless.
 */
final class TenantRolloutStrategy implements ActivationStrategy {
    static final String ID = RouteFeatures.ROLLOUT_STRATEGY_ID;
    static final String PERCENTAGE = RouteFeatures.PERCENTAGE_PARAMETER;
    static final String TENANTS = RouteFeatures.TENANTS_PARAMETER;

    @Override
    public String getId() {
        return ID;
    }

    @Override
    public String getName() {
        return "Cutover rollout: a share of tenants and listed tenants, sticky per tenant";
    }

    @Override
    public boolean isActive(FeatureState state, FeatureUser user) {
        int percentage;
        try {
            percentage = Integer.parseInt(String.valueOf(state.getParameter(PERCENTAGE)).strip());
        } catch (NumberFormatException e) {
            return false;
        }
        if (user == null || user.getName() == null) {
            return percentage >= 100;
        }
        String tenant = user.getName();
        String listed = state.getParameter(TENANTS);
        if (listed != null && Arrays.stream(listed.split(",")).map(String::strip).anyMatch(tenant::equals)) {
            return true;
        }
        return TenantBuckets.bucket(state.getFeature().name(), tenant) < percentage;
    }

    @Override
    public Parameter[] getParameters() {
        return new Parameter[] {
            ParameterBuilder.create(PERCENTAGE).label("Percentage of tenants").matching("\\d{1,3}"),
            ParameterBuilder.create(TENANTS).label("Listed tenants").optional().largeText()
                    .description("Tenant ids, comma-separated")
        };
    }
}
