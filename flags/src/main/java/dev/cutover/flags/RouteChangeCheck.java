package dev.cutover.flags;

import dev.cutover.flags.internal.RouteRules;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The rules every tool applies before routes change ({@code cutover flags}, {@link LiveRoutes} called by an
 * application, the actuator endpoint, the ops console), so that no tool can make a change another refuses.
 *
 * <p><b>Write loss</b>, for each write method, comparing its routes before and after (every route a rollout gives some
 * tenants included, with a rollout's sticky buckets taken into account). A move whose route keeps its primary keeps every
 * write, and so does a move between the dual routes (every write is recorded, and the newer outbox entry of a row wins:
 * docs/dual-write.md, When routes change). What can lose a write:
 * <ul>
 *   <li>from {@code postgres} to {@code legacy} or {@code legacy-dual}: legacy never received the writes made on
 *       PostgreSQL alone. ({@code legacy} to {@code postgres} or {@code postgres-dual} leaves the same gap the other way
 *       and is not refused: it is how a first table starts; the backfill and verify bring PostgreSQL up to date.)
 *   <li>from a dual route to the other primary's single route ({@code postgres-dual} to {@code legacy},
 *       {@code legacy-dual} to {@code postgres}): a write on the single route is recorded only while this process
 *       knows the other outbox may hold entries, so while the change reaches every instance a row written on the new
 *       route alone just after another instance wrote it on the old one is overwritten by the copy of that older row.
 *       Going through the other dual route first is safe, and needs no drain.
 * </ul>
 * The outboxes' backlog plays no part: entries waiting in either outbox are settled newest-write-wins whatever the
 * routes are.
 *
 * <p><b>Stale read</b>, per repository: a read served by a database that some write method of the same repository does
 * not reach. A read is served by its route's primary (legacy for {@code legacy} and {@code legacy-dual}, PostgreSQL
 * for {@code postgres-dual} and {@code postgres}); a write on a dual route reaches both databases, on a single route
 * only its own. So reads on PostgreSQL need every write on a dual route or {@code postgres}, and reads on legacy need
 * every write on a dual route or {@code legacy}. A change is refused for the stale reads it adds, not for those
 * already there.
 *
 * <p>Each finding names the method, the reason and a safe order. The checks see the routes they are given: a
 * {@code CUTOVER_ROUTE_*} variable set on another instance, or a read that falls back to legacy while PostgreSQL
 * fails, is not in them. Stateless and thread-safe.
 *
 * <pre>{@code
 * List<RouteFinding> findings = RouteChangeCheck.check(before, after);
 * findings.forEach(f -> System.out.println(f.message()));
 * }</pre>
 */
public final class RouteChangeCheck {

    private RouteChangeCheck() {
    }

    /**
     * What a change from {@code before} to {@code after} can lose or make stale: every write loss, and the stale reads
     * of {@code after} that {@code before} did not have.
     *
     * @return the findings, write losses first, each in the order of {@code after}; empty if the change is safe
     */
    public static List<RouteFinding> check(Collection<MethodRouting> before, Collection<MethodRouting> after) {
        List<RouteFinding> findings = new ArrayList<>(writeLosses(before, after));
        Set<RouteFinding> already = new HashSet<>(staleReads(before));
        for (RouteFinding finding : staleReads(after)) {
            if (!already.contains(finding)) {
                findings.add(finding);
            }
        }
        return List.copyOf(findings);
    }

    /** The write losses of a change: one finding per write method and move that can lose writes. */
    public static List<RouteFinding> writeLosses(Collection<MethodRouting> before, Collection<MethodRouting> after) {
        return RouteRules.writeLosses(before, after);
    }

    /** The stale reads of a set of routes: one finding per read method and database that can serve stale rows. */
    public static List<RouteFinding> staleReads(Collection<MethodRouting> routing) {
        return RouteRules.staleReads(routing);
    }
}
