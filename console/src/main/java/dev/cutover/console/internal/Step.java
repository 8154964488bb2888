package dev.cutover.console.internal;

import dev.cutover.flags.RouteChange;
import dev.cutover.flags.RouteFlags;
import dev.cutover.flags.Rollout;
import dev.cutover.routing.Route;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/** One change of the flag store as a form describes it: set a route, roll out, or clear. */
record Step(String action, String target, Route route, Rollout rollout) {

    static final Set<String> ACTIONS = Set.of("set", "rollout", "clear");

    /** Makes (or, through a dry-run {@code flags}, checks) the change. */
    RouteChange apply(RouteFlags flags, String actor, String reason) {
        return switch (action) {
            case "set" -> flags.set(target, route, actor, reason);
            case "rollout" -> flags.rollout(target, rollout, actor, reason);
            default -> flags.clear(target, actor, reason);
        };
    }

    /** For people: {@code set ClientRepository.findById to postgres}. */
    String describe() {
        return switch (action) {
            case "set" -> "set " + target + " to " + route.id();
            case "rollout" -> "roll " + target + " out: " + rollout;
            default -> "clear " + target + "'s entry (the next level decides)";
        };
    }

    /** The form fields that describe this step again. */
    Map<String, String> fields() {
        Map<String, String> fields = new LinkedHashMap<>();
        fields.put("action", action);
        fields.put("target", target);
        if (route != null) {
            fields.put("route", route.id());
        }
        if (rollout != null) {
            fields.put("route", rollout.route().id());
            fields.put("percentage", Integer.toString(rollout.percentage()));
            fields.put("tenants", String.join(",", rollout.tenants()));
            fields.put("otherwise", rollout.otherwise().id());
        }
        return fields;
    }

    /**
     * The step the request's parameters describe.
     *
     * @throws IllegalArgumentException naming the field, the value and what is allowed
     */
    static Step parse(Exchange exchange) {
        String action = exchange.param("action").isEmpty() ? "set" : exchange.param("action");
        if (!ACTIONS.contains(action)) {
            throw new IllegalArgumentException("action '" + action + "' is not one of: set, rollout, clear");
        }
        String target = exchange.param("target");
        if (target.isEmpty()) {
            throw new IllegalArgumentException("choose a target: override, default, a repository or Repository.method");
        }
        if (action.equals("clear")) {
            return new Step(action, target, null, null);
        }
        Route route = route("route", exchange.param("route"));
        if (action.equals("set")) {
            return new Step(action, target, route, null);
        }
        int percentage;
        try {
            percentage = exchange.param("percentage").isEmpty() ? 0 : Integer.parseInt(exchange.param("percentage"));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("percentage '" + exchange.param("percentage") + "' is not a whole number"
                    + " from 0 to 100");
        }
        TreeSet<String> tenants = new TreeSet<>();
        Arrays.stream(exchange.param("tenants").split(",")).map(String::strip).filter(t -> !t.isEmpty()).forEach(tenants::add);
        Route otherwise = exchange.param("otherwise").isEmpty() ? Route.LEGACY : route("otherwise", exchange.param("otherwise"));
        return new Step(action, target, null, new Rollout(route, percentage, tenants, otherwise));
    }

    private static Route route(String field, String value) {
        try {
            return Route.parse(value);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(field + ": " + e.getMessage());
        }
    }
}
