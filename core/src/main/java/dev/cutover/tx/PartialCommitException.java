package dev.cutover.tx;

import dev.cutover.Backend;
import dev.cutover.DataAccessException;
import java.util.List;

/**
 * A unit of work touched both backends and one of them committed before the other failed to.
 * Atomicity holds per backend, not across them; the message says which backend kept its changes.
 */
public class PartialCommitException extends DataAccessException {
    private static final long serialVersionUID = 1L;

    private final List<Backend> committed;

    public PartialCommitException(Backend failed, List<Backend> committed, Throwable cause) {
        super(failed, "Unit of work committed on " + committed + " but its commit on " + failed
                + " failed; the changes on " + failed + " were rolled back", cause);
        this.committed = List.copyOf(committed);
    }

    public List<Backend> committed() {
        return committed;
    }
}
