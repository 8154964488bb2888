package dev.cutover.console.internal;

import dev.cutover.flags.FlagEntry;
import dev.cutover.flags.MethodRouting;
import dev.cutover.flags.RouteFinding;
import dev.cutover.routing.MethodRoute;
import dev.cutover.routing.Route;
import dev.cutover.status.reports.InstanceStatus;
import dev.cutover.status.reports.ReportedRoute;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;

/**
 * Every method's route, where it came from, its rollout, and what each running instance reports for it (a difference
 * highlighted); filters; the store's entries; the rollback actions.
 */
final class RoutesPage {
    private final DefaultConsole console;
    private final ConsoleData data;

    RoutesPage(DefaultConsole console, ConsoleData data) {
        this.console = console;
        this.data = data;
    }

    /** Where a decision was set: {@code variable}, {@code store} or {@code built-in}. */
    static String setIn(MethodRoute route) {
        String source = route.decision().source();
        return source.startsWith("store") ? "store" : source.startsWith("CUTOVER_") ? "variable" : "built-in";
    }

    static String origin(MethodRoute route) {
        return route.decision().origin().name().toLowerCase(Locale.ROOT);
    }

    String render(Exchange exchange) {
        DefaultConsole.Snapshot snapshot = console.snapshot();
        ConsoleData.Instances instances = data.instances();
        List<InstanceStatus> live = instances.live();
        String repository = exchange.param("repository");
        String route = exchange.param("route");
        String origin = exchange.param("origin");
        String text = exchange.param("q").toLowerCase(Locale.ROOT);

        Html html = new Html();
        if (!snapshot.status().reachable()) {
            html.el("p", "warning", "The flag store could not be read (" + snapshot.status().failure()
                    + "): the routes shown are from this console's environment alone.");
        }
        snapshot.status().ignored().forEach(ignored -> html.el("p", "warning", "Ignored store entry: " + ignored));
        if (!snapshot.findings().isEmpty()) {
            html.raw("<div class=\"findings\" id=\"stale-reads\"><p>The routes in force can serve stale reads:</p><ul>");
            for (RouteFinding finding : snapshot.findings()) {
                html.raw("<li>").el("strong", null, finding.method()).raw(": ").text(finding.reason())
                        .raw("<br><em>Safe order:</em> ").text(finding.safeOrder()).raw("</li>");
            }
            html.raw("</ul></div>");
        }

        TreeSet<String> repositories = new TreeSet<>();
        snapshot.routes().forEach(r -> repositories.add(r.method().repository()));
        html.raw("<form method=\"get\" class=\"filters\" id=\"filters\"" + Html.attr("action", exchange.link("/routes"))
                + Html.attr("hx-get", exchange.link("/routes")) + " hx-trigger=\"change, keyup changed delay:300ms from:#q\""
                + " hx-target=\"#routes-table\" hx-select=\"#routes-table\" hx-swap=\"outerHTML\" hx-push-url=\"true\">");
        Map<String, String> repositoryOptions = new LinkedHashMap<>();
        repositoryOptions.put("", "every repository");
        repositories.forEach(r -> repositoryOptions.put(r, r));
        html.raw("<label>Repository ").select("repository", "filter-repository", repositoryOptions, repository).raw("</label>");
        Map<String, String> routeOptions = new LinkedHashMap<>();
        routeOptions.put("", "every route");
        for (Route r : Route.values()) {
            routeOptions.put(r.id(), r.id());
        }
        html.raw("<label>Route ").select("route", "filter-route", routeOptions, route).raw("</label>");
        Map<String, String> originOptions = new LinkedHashMap<>();
        originOptions.put("", "every origin");
        for (String o : List.of("override", "method", "repository", "store", "variable", "default")) {
            originOptions.put(o, o);
        }
        html.raw("<label>Origin ").select("origin", "filter-origin", originOptions, origin).raw("</label>");
        html.raw("<label>Method <input type=\"search\" name=\"q\" id=\"q\"" + Html.attr("value", exchange.param("q"))
                + " placeholder=\"findById\"></label><button type=\"submit\">Filter</button></form>");

        Map<String, MethodRouting> routing = new HashMap<>();
        snapshot.routing().forEach(r -> routing.put(r.method().qualifiedName(), r));
        Map<String, Map<String, ReportedRoute>> reported = new LinkedHashMap<>();
        for (InstanceStatus instance : live) {
            Map<String, ReportedRoute> theirs = new HashMap<>();
            instance.routes().forEach(r -> theirs.put(r.method(), r));
            reported.put(instance.instanceId(), theirs);
        }

        html.raw("<table id=\"routes-table\" class=\"routes\"><thead><tr><th>Method</th><th>Kind</th><th>Route</th>"
                + "<th>Origin</th><th>Set in</th><th>Source</th><th>Rollout</th>");
        live.forEach(i -> html.raw("<th class=\"instance\"" + Html.attr("title", i.state() + ", last seen " + i.lastSeen())
                + ">").text(i.instanceId()).raw("</th>"));
        html.raw("<th></th></tr></thead><tbody>");
        int shown = 0;
        for (MethodRoute r : snapshot.routes()) {
            String name = r.method().qualifiedName();
            if (!repository.isEmpty() && !repository.equals(r.method().repository())
                    || !route.isEmpty() && !route.equals(r.decision().route().id())
                    || !origin.isEmpty() && !origin.equals(origin(r)) && !origin.equals(setIn(r))
                    || !text.isEmpty() && !name.toLowerCase(Locale.ROOT).contains(text)) {
                continue;
            }
            shown++;
            MethodRouting rout = routing.get(name);
            String here = r.decision().route().id();
            html.raw("<tr" + Html.attr("data-method", name) + ">").el("td", "method", name)
                    .el("td", null, r.method().kind().name().toLowerCase(Locale.ROOT))
                    .el("td", "route route-" + here, here).el("td", null, origin(r)).el("td", null, setIn(r))
                    .el("td", "source", console.scrub(r.decision().source()))
                    .el("td", null, rout == null || rout.rollout() == null ? "" : rout.rollout().toString());
            for (InstanceStatus instance : live) {
                ReportedRoute theirs = reported.get(instance.instanceId()).get(name);
                if (theirs == null) {
                    html.raw("<td class=\"instance missing\" title=\"not routed by this instance\">-</td>");
                } else if (!theirs.route().equals(here)) {
                    html.raw("<td class=\"instance differs\"" + Html.attr("title", "differs: " + theirs.origin() + ", "
                            + theirs.source()) + ">").text(theirs.route()).raw(" ≠</td>");
                } else {
                    html.el("td", "instance same", theirs.route());
                }
            }
            html.raw("<td><a class=\"button\"" + Html.attr("href", exchange.link("/change?target=" + Html.url(name)))
                    + ">Change…</a></td></tr>");
        }
        html.raw("</tbody><tfoot><tr><td colspan=\"" + (8 + live.size()) + "\">").text(shown + " of "
                + snapshot.routes().size() + " methods").raw("</td></tr></tfoot></table>");
        if (instances.note() != null) {
            html.el("p", "note", instances.note());
        }

        html.raw("<h2>Roll back to legacy</h2><p class=\"actions\" id=\"rollback-actions\">");
        html.raw("<a class=\"button danger\" id=\"rollback-all\"" + Html.attr("href", exchange.link("/rollback?scope=all"))
                + ">Everything</a>");
        for (String r : repositories) {
            html.raw(" <a class=\"button\"" + Html.attr("href", exchange.link("/rollback?scope=" + Html.url(r))) + ">")
                    .text(r).raw("</a>");
        }
        html.raw("</p><p class=\"note\">Each shows what would change and the checks before anything is written.</p>");

        html.raw("<h2>Flag store entries</h2>");
        if (snapshot.entries().isEmpty()) {
            html.el("p", "note", "No entry: variables and the built-in default decide every route.");
        } else {
            html.raw("<table id=\"entries\"><thead><tr><th>Target</th><th>Value</th><th>Set by</th><th>Set at</th>"
                    + "<th>Reason</th><th></th></tr></thead><tbody>");
            for (FlagEntry entry : snapshot.entries()) {
                html.raw("<tr>").el("td", null, entry.target()).el("td", null, entry.value()).el("td", null, entry.setBy())
                        .el("td", null, entry.setAt()).el("td", null, entry.reason())
                        .raw("<td><a" + Html.attr("href", exchange.link("/change?target=" + Html.url(entry.target())))
                                + ">Change…</a> <a" + Html.attr("href", exchange.link("/change?action=clear&target="
                                + Html.url(entry.target()))) + ">Clear…</a></td></tr>");
            }
            html.raw("</tbody></table>");
        }
        return html.toString();
    }
}
