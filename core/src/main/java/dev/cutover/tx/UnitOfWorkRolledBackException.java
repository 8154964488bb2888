package dev.cutover.tx;

import dev.cutover.Backend;
import dev.cutover.DataAccessException;
import java.util.List;

/**
 * A unit of work whose body returned normally was rolled back instead of committed, because a repository call in it
 * failed (or a statement in it failed and aborted its transaction) and the failure was caught: a unit in which a call
 * failed can only roll back, on every backend and route. Named after Spring's {@code UnexpectedRollbackException}.
 *
 * <p>Why: PostgreSQL aborts a transaction at its first failed statement and turns its COMMIT into a rollback; MariaDB
 * rolls back the failed statement only. Cutover gives both the same contract, PostgreSQL's, so that what a caught
 * failure means does not depend on the database or the route. Nothing the unit wrote was committed, on either backend,
 * and dual-write mirrors and records nothing of it. To go on after a failure, let the exception leave the unit and run
 * the rest in a new unit of work.
 */
public class UnitOfWorkRolledBackException extends DataAccessException {
    private static final long serialVersionUID = 1L;

    private final List<Backend> rolledBack;

    /**
     * @param failure    what failed, for the message: {@code ClientRepository.save}, or the backend whose transaction a
     *                   statement aborted
     * @param rolledBack the backends the unit had touched, all rolled back
     * @param cause      the failure the body caught, or {@code null} if only the database's state showed it
     */
    public UnitOfWorkRolledBackException(Backend backend, String failure, List<Backend> rolledBack, Throwable cause) {
        super(backend, "The unit of work was rolled back, not committed: " + failure + ", and a unit of work in which "
                + "a call failed can only roll back, even if the failure was caught (PostgreSQL aborts the transaction at a"
                + " failed statement; Cutover gives every database and route that contract). Rolled back on "
                + names(rolledBack) + "; nothing it wrote was committed. Let the failure leave the unit, or run what "
                + "follows it in a new unit of work", cause);
        this.rolledBack = List.copyOf(rolledBack);
    }

    /** The backends the unit had touched; each was rolled back. */
    public List<Backend> rolledBack() {
        return rolledBack;
    }

    private static String names(List<Backend> backends) {
        return backends.isEmpty() ? "no backend (it had touched none)"
                : String.join(" and ", backends.stream().map(Backend::id).toList());
    }
}
