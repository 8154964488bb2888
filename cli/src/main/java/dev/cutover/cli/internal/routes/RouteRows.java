package dev.cutover.cli.internal.routes;

import dev.cutover.flags.AuditEntry;
import dev.cutover.flags.FlagEntry;
import dev.cutover.flags.RouteChange;
import dev.cutover.flags.RouteFinding;
import dev.cutover.routing.MethodRoute;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Routes, store entries, audit rows and changes as JSON objects (stable field names) and as table rows. */
public final class RouteRows {

    private RouteRows() {
    }

    /** {@code method, repository, name, kind, route, origin, source}. */
    public static Map<String, Object> json(MethodRoute route) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("method", route.method().qualifiedName());
        json.put("repository", route.method().repository());
        json.put("name", route.method().method());
        json.put("kind", lower(route.method().kind()));
        json.put("route", route.decision().route().id());
        json.put("origin", lower(route.decision().origin()));
        json.put("source", route.decision().source());
        return json;
    }

    public static List<Map<String, Object>> json(List<MethodRoute> routes) {
        return routes.stream().map(RouteRows::json).toList();
    }

    /** A header and one row per method: method, kind, route, origin, source. */
    public static List<List<String>> table(List<MethodRoute> routes) {
        List<List<String>> rows = new ArrayList<>();
        rows.add(List.of("METHOD", "KIND", "ROUTE", "ORIGIN", "SOURCE"));
        for (MethodRoute route : routes) {
            rows.add(List.of(route.method().qualifiedName(), lower(route.method().kind()), route.decision().route().id(),
                    lower(route.decision().origin()), route.decision().source()));
        }
        return rows;
    }

    /** {@code target, value, setBy, setAt, reason}. */
    public static Map<String, Object> json(FlagEntry entry) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("target", entry.target());
        json.put("value", entry.value());
        json.put("setBy", entry.setBy());
        json.put("setAt", entry.setAt().toString());
        json.put("reason", entry.reason());
        return json;
    }

    /**
     * {@code id, at, actor, recorded: {databaseUser, sessionUser, clientAddress, osUser, host, tool}, target, from, to,
     * reason, forced[]}.
     */
    public static Map<String, Object> json(AuditEntry entry) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("id", entry.id());
        json.put("at", entry.at().toString());
        json.put("actor", entry.actor());
        Map<String, Object> recorded = new LinkedHashMap<>();
        recorded.put("databaseUser", entry.identity().databaseUser());
        recorded.put("sessionUser", entry.identity().sessionUser());
        recorded.put("clientAddress", entry.identity().clientAddress());
        recorded.put("osUser", entry.identity().osUser());
        recorded.put("host", entry.identity().host());
        recorded.put("tool", entry.identity().tool());
        json.put("recorded", recorded);
        json.put("target", entry.target());
        json.put("from", entry.from());
        json.put("to", entry.to());
        json.put("reason", entry.reason());
        json.put("forced", entry.forced());
        return json;
    }

    /** {@code rule, method, reason, safeOrder, message}. */
    public static Map<String, Object> json(RouteFinding finding) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("rule", lower(finding.rule()));
        json.put("method", finding.method());
        json.put("reason", finding.reason());
        json.put("safeOrder", finding.safeOrder());
        json.put("message", finding.message());
        return json;
    }

    /** {@code target, from, to, actor, reason, at, dryRun, routesAfter, forced[]}. */
    public static Map<String, Object> json(RouteChange change) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("target", change.target());
        json.put("from", change.from());
        json.put("to", change.to());
        json.put("actor", change.actor());
        json.put("reason", change.reason());
        json.put("at", change.at().toString());
        json.put("dryRun", change.dryRun());
        json.put("routesAfter", json(change.routesAfter()));
        json.put("forced", change.forced().stream().map(RouteRows::json).toList());
        return json;
    }

    public static String lower(Enum<?> value) {
        return value.name().toLowerCase(Locale.ROOT);
    }
}
