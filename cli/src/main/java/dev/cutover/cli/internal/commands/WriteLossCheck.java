package dev.cutover.cli.internal.commands;

import dev.cutover.routing.MethodKind;
import dev.cutover.routing.MethodRoute;
import dev.cutover.routing.Route;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * The route changes of write methods that can lose a write or serve stale rows, found before a flag change is
 * made (docs/runbook.md, "Emergency rollback"):
 *
 * <ul>
 *   <li>{@code postgres} to {@code legacy} or {@code legacy-dual}: legacy lacks every write made on PostgreSQL alone;
 *   <li>{@code postgres-dual} to {@code legacy}: a write on legacy alone records no outbox entry, so an entry PostgreSQL
 *       recorded before the flip (or an instance still on the old route for its poll interval) can copy an older
 *       row over a newer legacy write;
 *   <li>anything to {@code legacy} while PostgreSQL's outbox holds entries: the same, for entries already there.
 * </ul>
 *
 * Each method is compared by its route for a call without a tenant, plus the routes a rollout being set gives.
 */
final class WriteLossCheck {
    private WriteLossCheck() {
    }

    /**
     * @param before          every method's route now
     * @param after           every method's route after the change
     * @param alsoAfter       routes the change gives some tenants of the changed method (a rollout's), else empty
     * @param changedMethod   the method a rollout targets, or {@code null}
     * @param postgresBacklog entries in PostgreSQL's outbox; asked only if a write method would go to {@code legacy}
     * @return one line per risky method, empty if none
     */
    static List<String> risks(List<MethodRoute> before, List<MethodRoute> after, Collection<Route> alsoAfter,
            String changedMethod, LongSupplier postgresBacklog) {
        Map<String, Route> was = new LinkedHashMap<>();
        before.forEach(route -> was.put(route.method().qualifiedName(), route.decision().route()));
        List<String> risks = new ArrayList<>();
        Long backlog = null;
        for (MethodRoute route : after) {
            if (route.method().kind() != MethodKind.WRITE) {
                continue;
            }
            String method = route.method().qualifiedName();
            Route from = was.get(method);
            List<Route> to = new ArrayList<>(List.of(route.decision().route()));
            if (method.equals(changedMethod)) {
                alsoAfter.stream().filter(r -> !to.contains(r)).forEach(to::add);
            }
            for (Route target : to) {
                if (from == null || from == target) {
                    continue;
                }
                if (from == Route.POSTGRES && (target == Route.LEGACY || target == Route.LEGACY_DUAL)) {
                    risks.add(method + ": postgres -> " + target.id() + ": legacy lacks every write made on postgres alone;"
                            + " go to postgres-dual and bring legacy up to date first (runbook: Rollback from postgres)");
                } else if (from == Route.POSTGRES_DUAL && target == Route.LEGACY) {
                    risks.add(method + ": postgres-dual -> legacy: writes on legacy alone record no outbox entry, so an entry"
                            + " PostgreSQL recorded before the flip could copy an older row over a newer legacy write; go to"
                            + " legacy-dual first, drain with 'cutover reconcile', then legacy");
                } else if (target == Route.LEGACY) {
                    if (backlog == null) {
                        backlog = postgresBacklog.getAsLong();
                    }
                    if (backlog > 0) {
                        risks.add(method + ": " + from.id() + " -> legacy while PostgreSQL's outbox holds " + backlog
                                + " entries not yet copied to legacy: one could copy an older row over a newer legacy write;"
                                + " drain with 'cutover reconcile' first");
                    }
                }
            }
        }
        return risks;
    }
}
