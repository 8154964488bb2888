package dev.cutover.flags.internal;

import dev.cutover.routing.RouteDecision;
import dev.cutover.routing.RouteSwitch;
import dev.cutover.routing.Tenant;

/**
 * A method's switch whose plan the refresher replaces: {@link #current()} is a volatile read, plus the
 * tenant's bucket when the method is under a rollout.
 */
final class LiveRouteSwitch implements RouteSwitch {
    private volatile SwitchPlan plan;

    LiveRouteSwitch(SwitchPlan plan) {
        this.plan = plan;
    }

    @Override
    public RouteDecision current() {
        SwitchPlan current = plan;
        RouteDecision fixed = current.fixed();
        return fixed != null ? fixed : current.decide(Tenant.current());
    }

    SwitchPlan plan() {
        return plan;
    }

    /** Whether the plan changed. */
    boolean publish(SwitchPlan next) {
        if (next.equals(plan)) {
            return false;
        }
        plan = next;
        return true;
    }

    @Override
    public String toString() {
        return "LiveRouteSwitch[" + plan.summary() + "]";
    }
}
