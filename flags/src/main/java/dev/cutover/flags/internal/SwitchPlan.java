package dev.cutover.flags.internal;

import dev.cutover.flags.Rollout;
import dev.cutover.routing.RouteDecision;
import dev.cutover.routing.RouteOrigin;
import java.util.Set;

/**
 * What one method's switch answers, computed when the store or the environment changes: a fixed
 * decision, or a rollout with its three precomputed decisions, so that deciding a call is a field read,
 * or a set lookup, a hash of the tenant and a compare. Immutable.
 *
 * @param fixed   the decision of every call, or {@code null} for a rollout
 * @param rollout the rollout, or {@code null}
 * @param seed    the hash state of the method's feature name ({@link TenantBuckets#seed})
 * @param listed  the rollout's listed tenants, as a hash set (the rollout's own set is sorted, for people)
 * @param percentage the rollout's percentage
 * @param in      the decision of a tenant in the rollout
 * @param out     the decision of a tenant outside it
 * @param none    the decision of a call without a tenant
 * @param summary the plan for logs and the Togglz view: the decision without a tenant's part
 */
record SwitchPlan(RouteDecision fixed, Rollout rollout, long seed, Set<String> listed, int percentage, RouteDecision in,
        RouteDecision out, RouteDecision none, String summary) {

    static SwitchPlan fixed(RouteDecision decision) {
        return new SwitchPlan(decision, null, 0, Set.of(), 0, null, null, null, decision.source());
    }

    /** @param provenance who set it and when: {@code set by alice at 2026-11-21T06:40:00Z} */
    static SwitchPlan rollout(String feature, Rollout rollout, RouteOrigin origin, String provenance) {
        String summary = "store: " + RolloutText.summarize(rollout.route().id(), rollout.percentage(), rollout.tenants().size(),
                rollout.otherwise().id()) + "; " + provenance;
        String prefix = summary.substring(0, summary.length() - provenance.length());
        RouteDecision none = new RouteDecision(rollout.percentage() == 100 ? rollout.route() : rollout.otherwise(), origin,
                prefix + "no tenant; " + provenance);
        return new SwitchPlan(null, rollout, TenantBuckets.seed(feature), Set.copyOf(rollout.tenants()), rollout.percentage(),
                new RouteDecision(rollout.route(), origin, prefix + "tenant in; " + provenance),
                new RouteDecision(rollout.otherwise(), origin, prefix + "tenant out; " + provenance),
                none, summary);
    }

    /** The decision of a call for {@code tenant}, which may be {@code null}. */
    RouteDecision decide(String tenant) {
        if (fixed != null) {
            return fixed;
        }
        if (tenant == null) {
            return none;
        }
        return includes(tenant) ? in : out;
    }

    boolean includes(String tenant) {
        return listed.contains(tenant) || TenantBuckets.bucket(seed, tenant) < percentage;
    }
}
