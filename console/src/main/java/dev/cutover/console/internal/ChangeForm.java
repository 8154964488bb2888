package dev.cutover.console.internal;

import dev.cutover.flags.RouteFlags;
import dev.cutover.routing.MethodRoute;
import dev.cutover.routing.Route;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/** The parts of the change pages: the chooser form, the routes a change leads to, an error. */
final class ChangeForm {

    private ChangeForm() {
    }

    static String error(String message) {
        return new Html().el("p", "error", message).toString();
    }

    /** A form (GET, so it only previews) choosing a target, an action and a route or rollout. */
    static String chooser(Exchange exchange, DefaultConsole.Snapshot snapshot) {
        Map<String, String> targets = new LinkedHashMap<>();
        targets.put(RouteFlags.OVERRIDE, "override (every method)");
        targets.put(RouteFlags.DEFAULT, "default (every method nothing else sets)");
        TreeSet<String> repositories = new TreeSet<>();
        TreeSet<String> methods = new TreeSet<>();
        snapshot.routes().forEach(r -> {
            repositories.add(r.method().repository());
            methods.add(r.method().qualifiedName());
        });
        repositories.forEach(r -> targets.put(r, r + " (every method of it)"));
        methods.forEach(m -> targets.put(m, m));
        Map<String, String> routes = new LinkedHashMap<>();
        for (Route route : Route.values()) {
            routes.put(route.id(), route.id());
        }
        Map<String, String> actions = new LinkedHashMap<>();
        actions.put("set", "set a route");
        actions.put("rollout", "roll out to tenants (a method)");
        actions.put("clear", "clear the store entry");
        String target = exchange.param("target");
        Html html = new Html();
        html.raw("<form method=\"get\" class=\"chooser\" id=\"chooser\"" + Html.attr("action", exchange.link("/change")) + ">");
        html.raw("<label>Target ").select("target", "target", targets, target).raw("</label>");
        html.raw("<label>Action ").select("action", "action", actions, exchange.param("action").isEmpty() ? "set"
                : exchange.param("action")).raw("</label>");
        html.raw("<label>Route ").select("route", "route", routes, exchange.param("route")).raw("</label>");
        html.raw("<fieldset><legend>Rollout (action: roll out)</legend><label>Percentage of tenants <input type=\"number\""
                + " name=\"percentage\" id=\"percentage\" min=\"0\" max=\"100\"" + Html.attr("value", exchange.param("percentage"))
                + "></label><label>Tenants <input name=\"tenants\" id=\"tenants\" placeholder=\"acme,beta\""
                + Html.attr("value", exchange.param("tenants")) + "></label><label>Other calls ")
                .select("otherwise", "otherwise", routes, exchange.param("otherwise").isEmpty() ? "legacy"
                        : exchange.param("otherwise")).raw("</label></fieldset>");
        html.raw("<button type=\"submit\" id=\"preview\">Preview the change</button></form>");
        html.el("p", "note", "Nothing is written yet: the next page shows what would change and the write-loss and"
                + " stale-read checks, and asks for a reason.");
        return html.toString();
    }

    /** The routes of {@code routes}, those that differ from {@code before} highlighted. */
    static String routesTable(List<MethodRoute> routes, Map<String, String> before) {
        Html html = new Html();
        html.raw("<table class=\"after\"><thead><tr><th>Method</th><th>Kind</th>" + (before.isEmpty() ? ""
                : "<th>Before</th>") + "<th>Route</th><th>Origin</th></tr></thead><tbody>");
        for (MethodRoute route : routes) {
            String name = route.method().qualifiedName();
            String now = route.decision().route().id();
            String was = before.get(name);
            boolean changed = was != null && !was.equals(now);
            html.raw("<tr" + (changed ? " class=\"changed\"" : "") + ">").el("td", null, name)
                    .el("td", null, route.method().kind().name().toLowerCase(java.util.Locale.ROOT));
            if (!before.isEmpty()) {
                html.el("td", null, was == null ? "" : was);
            }
            html.el("td", "route route-" + now, now + (changed ? " (changes)" : ""))
                    .el("td", null, RoutesPage.origin(route) + ", " + RoutesPage.setIn(route)).raw("</tr>");
        }
        return html.raw("</tbody></table>").toString();
    }
}
