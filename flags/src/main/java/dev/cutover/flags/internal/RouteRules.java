package dev.cutover.flags.internal;

import dev.cutover.Backend;
import dev.cutover.flags.MethodRouting;
import dev.cutover.flags.Rollout;
import dev.cutover.flags.RouteFinding;
import dev.cutover.flags.RouteFinding.Rule;
import dev.cutover.routing.MethodKind;
import dev.cutover.routing.Route;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

/** The rules of {@link dev.cutover.flags.RouteChangeCheck}, as pure functions of routes. Stateless. */
public final class RouteRules {

    /** One way calls of a method can move from a route before to another after. */
    private record Move(Route from, Route to) {
    }

    private static final Comparator<Move> ORDER = Comparator.comparing(Move::from).thenComparing(Move::to);

    private RouteRules() {
    }

    public static List<RouteFinding> writeLosses(Collection<MethodRouting> before, Collection<MethodRouting> after) {
        Map<String, MethodRouting> was = new HashMap<>();
        before.forEach(routing -> was.put(routing.method().qualifiedName(), routing));
        List<RouteFinding> findings = new ArrayList<>();
        for (MethodRouting now : after) {
            MethodRouting then = was.get(now.method().qualifiedName());
            if (now.method().kind() != MethodKind.WRITE || then == null) {
                continue;
            }
            for (Move move : moves(then, now)) {
                RouteFinding finding = writeLoss(now.method().qualifiedName(), move.from(), move.to());
                if (finding != null) {
                    findings.add(finding);
                }
            }
        }
        return List.copyOf(findings);
    }

    /** The write loss of one move of a write method's calls, or {@code null} if the move keeps every write. */
    static RouteFinding writeLoss(String method, Route from, Route to) {
        if (from.primary() == to.primary()) {
            return null; // the primary keeps every write; a dual route's mirror copies the primary's current rows
        }
        if (from == Route.POSTGRES) {
            // Legacy never received the writes made on postgres alone (nothing recorded them). Writes leaving legacy for
            // PostgreSQL leave the same gap the other way, but that move is not refused: it is how a first table or a
            // test starts, and the backfill and verify bring PostgreSQL up to date (guarantees.md, section 5, limits).
            return new RouteFinding(Rule.WRITE_LOSS, method, "postgres -> " + to.id() + ": legacy lacks every write made"
                    + " on postgres alone", "go to postgres-dual and bring legacy up to date first (runbook: Rollback from"
                    + " postgres)");
        }
        if (from.isDual() && !to.isDual()) {
            // A single route's write is recorded only while this process knows the other outbox may hold entries: a
            // write another instance makes on the old dual route just before (the change has not reached it yet, or
            // this instance measured the outbox before that write) is copied over it.
            Route through = to == Route.LEGACY ? Route.LEGACY_DUAL : Route.POSTGRES_DUAL;
            return new RouteFinding(Rule.WRITE_LOSS, method, from.id() + " -> " + to.id() + ": while the change reaches"
                    + " every instance, a write of a row on " + to.id() + " alone, made just after another instance wrote it"
                    + " on " + from.id() + ", records nothing, and the copy of that older row overwrites it", "go to "
                    + through.id() + " first (no drain needed), then " + to.id() + " once every instance routes there");
        }
        return null; // dual to dual: every write is recorded; the newer entry of a row wins (dual-write.md)
    }

    /**
     * The moves a method's calls can make, from the routes of {@code before} to those of {@code after}. A rollout's
     * tenants are sticky (the same bucket before and after), so a tenant leaves a rollout's route only if the rollout
     * after can exclude one it included, and joins it only if it can include one it excluded.
     */
    static List<Move> moves(MethodRouting before, MethodRouting after) {
        TreeSet<Move> moves = new TreeSet<>(ORDER);
        moves.add(new Move(before.routeWithoutTenant(), after.routeWithoutTenant()));
        Rollout then = before.rollout();
        Rollout now = after.rollout();
        if (then == null && now == null) {
            moves.add(new Move(before.route(), after.route()));
        } else if (then == null) {
            after.routes().forEach(to -> moves.add(new Move(before.route(), to)));
        } else if (now == null) {
            before.routes().forEach(from -> moves.add(new Move(from, after.route())));
        } else {
            moves.add(new Move(then.route(), now.route())); // a tenant in both
            if (!includes(now, then)) {
                moves.add(new Move(then.route(), now.otherwise()));
            }
            if (!includes(then, now)) {
                moves.add(new Move(then.otherwise(), now.route()));
            }
            if (then.percentage() < 100 && now.percentage() < 100) {
                moves.add(new Move(then.otherwise(), now.otherwise()));
            }
        }
        moves.removeIf(move -> move.from() == move.to());
        return List.copyOf(moves);
    }

    /** Whether every tenant {@code inner} includes, {@code outer} includes too. */
    private static boolean includes(Rollout outer, Rollout inner) {
        return outer.percentage() >= inner.percentage() && outer.tenants().containsAll(inner.tenants());
    }

    public static List<RouteFinding> staleReads(Collection<MethodRouting> routing) {
        Map<String, List<MethodRouting>> byRepository = new LinkedHashMap<>();
        routing.forEach(r -> byRepository.computeIfAbsent(r.method().repository(), k -> new ArrayList<>()).add(r));
        List<RouteFinding> findings = new ArrayList<>();
        for (List<MethodRouting> methods : byRepository.values()) {
            List<MethodRouting> writes = methods.stream().filter(m -> m.method().kind() == MethodKind.WRITE).toList();
            for (MethodRouting read : methods) {
                if (read.method().kind() != MethodKind.READ) {
                    continue;
                }
                for (Backend served : new TreeSet<>(read.routes().stream().map(Route::primary).toList())) {
                    staleRead(read, served, writes, findings);
                }
            }
        }
        return List.copyOf(findings);
    }

    private static void staleRead(MethodRouting read, Backend served, List<MethodRouting> writes, List<RouteFinding> findings) {
        List<String> missed = new ArrayList<>();
        for (MethodRouting write : writes) {
            Set<Route> notReaching = new TreeSet<>(write.routes());
            notReaching.removeIf(route -> route.isDual() || route.primary() == served);
            if (!notReaching.isEmpty()) {
                missed.add(write.method().qualifiedName() + " (on " + ids(notReaching) + (write.rollout() == null ? ""
                        : " for some calls") + ")");
            }
        }
        if (missed.isEmpty()) {
            return;
        }
        Set<Route> serving = new TreeSet<>(read.routes());
        serving.removeIf(route -> route.primary() != served);
        String database = served == Backend.POSTGRES ? "postgres" : "legacy";
        String reason = "reads served by " + database + " (on " + ids(serving) + (read.rollout() == null ? ""
                : " for some calls") + ") miss the writes of " + String.join(", ", missed) + ", which do not reach " + database;
        String safeOrder = served == Backend.POSTGRES
                ? "put those writes on legacy-dual first (they then reach both databases), or keep the reads on legacy"
                        + " or legacy-dual"
                : "put those writes on postgres-dual first (legacy then receives them too), or move the reads to"
                        + " postgres-dual or postgres";
        findings.add(new RouteFinding(Rule.STALE_READ, read.method().qualifiedName(), reason, safeOrder));
    }

    private static String ids(Set<Route> routes) {
        return routes.stream().map(Route::id).collect(Collectors.joining(" and "));
    }
}
