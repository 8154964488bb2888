package dev.cutover.flags.internal;

import dev.cutover.routing.RouteDecision;
import dev.cutover.routing.RouteSwitch;

/** A switch whose decision was computed at bind time: {@link #current()} is a field read. */
record FixedRouteSwitch(RouteDecision decision) implements RouteSwitch {

    @Override
    public RouteDecision current() {
        return decision;
    }
}
