package dev.cutover.spring.boot.internal;

import dev.cutover.flags.AuditEntry;
import dev.cutover.flags.ChangeTool;
import dev.cutover.flags.LiveRoutes;
import dev.cutover.flags.Rollout;
import dev.cutover.flags.RouteChange;
import dev.cutover.flags.RouteFlags;
import dev.cutover.routing.Route;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * The actuator's route changes (set, rollout, clear), in one place so that the checks they go through can change in
 * one place: the flag store's own validation (targets, routes, rollouts), a required actor and reason, the write-loss
 * and stale-read checks every change of {@link LiveRoutes} makes ({@code RouteChangeCheck}; a refused change throws
 * {@code RouteChangeRefusedException}), and the audit entry the change wrote, recorded as made by tool
 * {@code actuator}. Thread-safe.
 */
public final class RouteChanges {
    /** The tool the audit log names for changes made here. */
    public static final String TOOL = "actuator";

    private final LiveRoutes routes;
    private final RouteFlags changes;

    public RouteChanges(LiveRoutes routes) {
        this.routes = Objects.requireNonNull(routes, "routes");
        this.changes = routes.via(ChangeTool.ACTUATOR);
    }

    /** A change and the audit entry it wrote. */
    public record Applied(RouteChange change, AuditEntry audit) {
    }

    public Applied set(String target, String route, String actor, String reason) {
        return audited(changes.set(target, route, actor, reason));
    }

    /** A rollout to {@code route} for {@code percentage}% of tenants and the listed ones, {@code otherwise} for the rest. */
    public Applied rollout(String method, String route, int percentage, List<String> tenants, String otherwise, String actor,
            String reason) {
        Rollout rollout = Rollout.of(Route.parse(route), percentage).withTenants(tenants);
        if (otherwise != null) {
            rollout = rollout.withOtherwise(Route.parse(otherwise));
        }
        return audited(changes.rollout(method, rollout, actor, reason));
    }

    public Applied clear(String target, String actor, String reason) {
        return audited(changes.clear(target, actor, reason));
    }

    /** Tenants as a comma-separated list; none when blank. */
    public static List<String> tenants(String list) {
        return list == null || list.isBlank() ? List.of()
                : Arrays.stream(list.split(",")).map(String::strip).filter(t -> !t.isEmpty()).toList();
    }

    private Applied audited(RouteChange change) {
        // The newest audit row of the target, written in the change's transaction: this change unless another
        // instance changed the same target in the same instant.
        List<AuditEntry> latest = routes.auditLog(change.target(), 1);
        return new Applied(change, latest.isEmpty() ? null : latest.get(0));
    }
}
