package dev.cutover.flags;

import dev.cutover.routing.Route;

/**
 * Changes to the shared flag store: validated like the route variables, checked by {@link RouteChangeCheck}, written
 * in one transaction with a row of the audit log, and seen by every instance at once (notified) or within its poll
 * interval. {@link LiveRoutes} writes; {@link #dryRun()} validates, checks and answers the same {@link RouteChange}
 * without writing; {@link #via(ChangeTool)} and {@link #forced()} give the same changes recorded as made by another
 * tool, or made past the checks.
 *
 * <p>A <em>target</em> names what a store entry sets, in the precedence order of the variables:
 * <ul>
 *   <li>{@value #OVERRIDE}: every method (the store's emergency override);</li>
 *   <li>{@code Repository.method}, for example {@code ClientRepository.findById} (every overload);</li>
 *   <li>{@code Repository}, for example {@code ClientRepository}: every method of the repository;</li>
 *   <li>{@value #DEFAULT}: every method no other entry sets.</li>
 * </ul>
 * Any environment variable beats every store entry (see {@code docs/configuration.md}).
 *
 * <p>A change that {@link RouteChangeCheck} finds can lose a write or serve stale reads (judged on the store's entries
 * as they are when the change is made, under its lock, and this instance's variables) is refused with a
 * {@link RouteChangeRefusedException} naming each method, the reason and the safe order, unless made through
 * {@link #forced()}.
 *
 * <p>Every method throws {@link dev.cutover.routing.RouteConfigurationException} listing every problem
 * (unknown target, repository or method, with a "did you mean"; invalid or unsupported route; a
 * rollout that is not per method, has one route twice or reaches no tenant),
 * {@link IllegalArgumentException} for a blank actor or reason, {@link FlagStoreException} if the store
 * cannot be read or written, and {@link IllegalStateException} before {@code bind} or after {@code close}.
 * A change commits on its own connection, never as part of a unit of work. Thread-safe.
 */
public interface RouteFlags {

    /** The target of the store's emergency override. */
    String OVERRIDE = "override";

    /** The target of the store's default route. */
    String DEFAULT = "default";

    /** How the audit log shows a target without a store entry. */
    String UNSET = "unset";

    /**
     * Sets the route of {@code target}, replacing its entry (and any rollout).
     *
     * @param route a route id, as in the variables: case ignored, blanks trimmed
     */
    RouteChange set(String target, String route, String actor, String reason);

    /** {@link #set(String, String, String, String)} with a route constant. */
    RouteChange set(String target, Route route, String actor, String reason);

    /** Rolls {@code method} ({@code Repository.method}) out gradually, replacing its entry. */
    RouteChange rollout(String method, Rollout rollout, String actor, String reason);

    /** Removes the entry of {@code target}, so that the next level decides. Audited even if there was none. */
    RouteChange clear(String target, String actor, String reason);

    /**
     * The same changes validated, checked and answered, with nothing written or audited: a refused change throws as it
     * would for real.
     */
    RouteFlags dryRun();

    /** The same changes, recorded in the audit as made by {@code tool} ({@link ChangeTool#API} unless chosen). */
    RouteFlags via(ChangeTool tool);

    /**
     * The same changes made even when {@link RouteChangeCheck} finds that they can lose writes or serve stale reads,
     * for someone who has checked: the findings are logged at WARN, returned in {@link RouteChange#forced()} and
     * recorded in the audit row ({@link AuditEntry#forced()}).
     */
    RouteFlags forced();
}
