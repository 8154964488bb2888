package dev.cutover.backfill;

import dev.cutover.CutoverException;

/**
 * A backfill run stopped: a database failed (not one row's value, which is quarantined) or the run's
 * configuration does not match its plan. The chunks finished before stay finished; run again to resume.
 */
public class BackfillException extends CutoverException {
    private static final long serialVersionUID = 1L;

    private final String run;
    private final String entity;

    public BackfillException(String run, String entity, String message, Throwable cause) {
        super(message, cause);
        this.run = run;
        this.entity = entity;
    }

    public String run() {
        return run;
    }

    public String entity() {
        return entity;
    }
}
