package dev.cutover.scaffold;

import dev.cutover.CutoverException;

/**
 * Scaffold cannot generate what it was asked for: a table named is not in its catalog, or tables cannot be paired. The
 * message names the table and what exists. A failed catalog read is a {@link dev.cutover.DataAccessException} instead.
 */
public class ScaffoldException extends CutoverException {
    private static final long serialVersionUID = 1L;

    public ScaffoldException(String message) {
        super(message, null);
    }
}
