package dev.cutover.spring.boot.actuate;

import dev.cutover.Cutover;
import dev.cutover.status.Backlog;
import dev.cutover.flags.FlagStoreStatus;
import dev.cutover.flags.LiveRoutes;
import dev.cutover.postgres.PostgresAdapter;
import dev.cutover.routing.MethodRoute;
import dev.cutover.routing.RouteSource;
import dev.cutover.spring.boot.CutoverAutoConfiguration.DualWritesHolder;
import dev.cutover.spring.boot.internal.PropertyRoutes;
import dev.cutover.spring.boot.internal.RouteChanges;
import dev.cutover.spring.boot.internal.VerifyResults;
import dev.cutover.status.reports.InstanceStatus;
import dev.cutover.status.reports.StatusReports;
import java.security.Principal;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.springframework.boot.actuate.endpoint.SecurityContext;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;
import org.springframework.boot.actuate.endpoint.annotation.WriteOperation;
import org.springframework.boot.actuate.endpoint.web.WebEndpointResponse;
import org.springframework.boot.actuate.endpoint.web.annotation.WebEndpoint;
import org.springframework.lang.Nullable;

/**
 * {@code /actuator/cutover}: what this instance routes and why, and changes to the live flag store.
 *
 * <p>GET answers every method's route and where it came from, the flag store's entries (rollouts among them) and
 * state, the instances that report their status, each outbox's backlog and age, and the latest verify of each table
 * (with {@code cutover-data-movement} on the class path). POST changes a route, as {@code cutover flags} does:
 * {@code {"action": "set", "target": "ClientRepository.findById", "route": "postgres", "reason": "canary"}}, or
 * {@code "rollout"} (with {@code route}, {@code percentage}, {@code tenants}, {@code otherwise}) or {@code "clear"}. The
 * actor is the authenticated user (Spring Security); a change without one, or without a reason, is refused with 400,
 * as is an invalid one, with the flag store's message. The answer is the change and its audit entry.
 */
@WebEndpoint(id = "cutover")
public class CutoverEndpoint {
    private final Cutover cutover;
    private final PropertyRoutes routes;
    private final PostgresAdapter postgres;
    private final DualWritesHolder dualWrites;

    public CutoverEndpoint(Cutover cutover, PropertyRoutes routes, PostgresAdapter postgres, DualWritesHolder dualWrites) {
        this.cutover = cutover;
        this.routes = routes;
        this.postgres = postgres;
        this.dualWrites = dualWrites;
    }

    @ReadOperation
    public Map<String, Object> state() {
        Map<String, Object> state = new LinkedHashMap<>();
        state.put("routes", cutover.routes().stream().map(this::route).toList());
        RouteSource source = routes.delegate();
        if (source instanceof LiveRoutes live) {
            FlagStoreStatus status = live.status();
            Map<String, Object> store = new LinkedHashMap<>();
            store.put("reachable", status.reachable());
            store.put("lastRead", status.lastRead());
            store.put("failure", status.failure());
            store.put("ignored", status.ignored());
            store.put("entries", live.entries());
            store.put("rollouts", live.entries().stream().filter(e -> e.value().startsWith("rollout")).toList());
            state.put("flagStore", store);
        } else {
            state.put("flagStore", Map.of("enabled", false));
        }
        state.put("instances", StatusReports.read(postgres.connections().dataSource()).stream().map(this::instance).toList());
        List<Backlog> backlog = dualWrites.dualWrites() == null ? List.of() : dualWrites.dualWrites().outboxBacklog();
        state.put("outboxes", backlog.stream().map(CutoverEndpoint::outbox).toList());
        state.put("verify", VerifyResults.latest(postgres));
        return state;
    }

    @WriteOperation
    public WebEndpointResponse<Map<String, Object>> change(SecurityContext security, String action, String target,
            @Nullable String route, @Nullable Integer percentage, @Nullable String tenants, @Nullable String otherwise,
            @Nullable String reason) {
        Principal principal = security.getPrincipal();
        if (principal == null) {
            return refused("Route changes through the actuator need an authenticated user, the audit log's actor: secure"
                    + " /actuator/cutover with Spring Security (docs/embedding.md)");
        }
        if (!(routes.delegate() instanceof LiveRoutes live)) {
            return refused("The live flag store is off (cutover.flag-store.enabled=false): routes come from properties and"
                    + " variables only, and change with a restart");
        }
        if (reason == null || reason.isBlank()) {
            return refused("A reason is required: every route change is audited");
        }
        RouteChanges changes = new RouteChanges(live);
        String actor = principal.getName() + " (" + RouteChanges.TOOL + ")";
        RouteChanges.Applied applied;
        try {
            applied = switch (action.strip().toLowerCase(Locale.ROOT)) {
                case "set" -> changes.set(target, required("route", route), actor, reason);
                case "rollout" -> changes.rollout(target, required("route", route), required("percentage", percentage),
                        RouteChanges.tenants(tenants), otherwise, actor, reason);
                case "clear" -> changes.clear(target, actor, reason);
                default -> throw new IllegalArgumentException("action='" + action + "' is not a route change; allowed: set,"
                        + " rollout, clear");
            };
        } catch (RuntimeException e) {
            if (e instanceof dev.cutover.flags.FlagStoreException) {
                return new WebEndpointResponse<>(Map.of("error", String.valueOf(e.getMessage())),
                        WebEndpointResponse.STATUS_SERVICE_UNAVAILABLE);
            }
            return refused(e.getMessage());
        }
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("change", applied.change());
        answer.put("audit", applied.audit());
        return new WebEndpointResponse<>(answer, WebEndpointResponse.STATUS_OK);
    }

    private static <T> T required(String name, T value) {
        if (value == null) {
            throw new IllegalArgumentException(name + " is required for this action");
        }
        return value;
    }

    private static WebEndpointResponse<Map<String, Object>> refused(String message) {
        return new WebEndpointResponse<>(Map.of("error", String.valueOf(message)), WebEndpointResponse.STATUS_BAD_REQUEST);
    }

    private Map<String, Object> route(MethodRoute route) {
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("method", route.method().qualifiedName());
        row.put("kind", route.method().kind().name().toLowerCase(Locale.ROOT));
        row.put("route", route.decision().route().id());
        row.put("origin", route.decision().origin().name().toLowerCase(Locale.ROOT));
        row.put("source", routes.describe(route.decision().source()));
        return row;
    }

    private Map<String, Object> instance(InstanceStatus instance) {
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("id", instance.instanceId());
        row.put("state", instance.state());
        row.put("host", instance.host());
        row.put("lastSeen", instance.lastSeen());
        row.put("breakers", instance.breakers());
        row.put("outboxes", instance.outboxes().stream().map(CutoverEndpoint::outbox).toList());
        return row;
    }

    static Map<String, Object> outbox(Backlog backlog) {
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("primary", backlog.primary().name().toLowerCase(Locale.ROOT));
        row.put("outbox", backlog.outbox());
        row.put("entries", backlog.entries());
        row.put("oldestAge", backlog.oldestAge().toString());
        row.put("measuredAt", backlog.measuredAt());
        return row;
    }
}
