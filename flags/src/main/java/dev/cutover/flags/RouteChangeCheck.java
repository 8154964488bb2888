package dev.cutover.flags;

import dev.cutover.flags.internal.RouteRules;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.LongSupplier;

/**
 * The rules every tool applies before routes change ({@code cutover flags}, {@link LiveRoutes} called by an
 * application, the actuator endpoint, the ops console), so that no tool can make a change another refuses.
 *
 * <p><b>Write loss</b>, for each write method, comparing its routes before and after (every route a rollout gives some
 * tenants included, with a rollout's sticky buckets taken into account):
 * <ul>
 *   <li>{@code postgres} to {@code legacy} or {@code legacy-dual}: legacy lacks every write made on PostgreSQL alone;
 *   <li>{@code postgres-dual} to {@code legacy}: a write on legacy alone records no outbox entry, so an entry
 *       PostgreSQL recorded before the flip (or an instance still on the old route) can copy an older row over a newer
 *       legacy write;
 *   <li>anything else to {@code legacy} while PostgreSQL's outbox holds entries: the same, for the entries already there.
 * </ul>
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
 * List<RouteFinding> findings = RouteChangeCheck.check(before, after, () -> outbox.backlog(Instant.now()).entries());
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
     * @param postgresBacklog the entries in PostgreSQL's outbox; asked only if a write method would move to
     *                        {@code legacy}
     * @return the findings, write losses first, each in the order of {@code after}; empty if the change is safe
     */
    public static List<RouteFinding> check(Collection<MethodRouting> before, Collection<MethodRouting> after,
            LongSupplier postgresBacklog) {
        List<RouteFinding> findings = new ArrayList<>(writeLosses(before, after, postgresBacklog));
        Set<RouteFinding> already = new HashSet<>(staleReads(before));
        for (RouteFinding finding : staleReads(after)) {
            if (!already.contains(finding)) {
                findings.add(finding);
            }
        }
        return List.copyOf(findings);
    }

    /** The write losses of a change: one finding per write method and move that can lose writes. */
    public static List<RouteFinding> writeLosses(Collection<MethodRouting> before, Collection<MethodRouting> after,
            LongSupplier postgresBacklog) {
        return RouteRules.writeLosses(before, after, postgresBacklog);
    }

    /** The stale reads of a set of routes: one finding per read method and database that can serve stale rows. */
    public static List<RouteFinding> staleReads(Collection<MethodRouting> routing) {
        return RouteRules.staleReads(routing);
    }
}
