package dev.cutover.sequences;

import dev.cutover.CutoverException;

/**
 * A sequence cannot be moved past its column's values (its {@code MAXVALUE} would be exceeded), or a table to
 * reset is not there. The message names the sequence, the value, the limit and what to change.
 */
public class SequenceException extends CutoverException {
    private static final long serialVersionUID = 1L;

    private final String sequence;

    public SequenceException(String sequence, String message) {
        super(message, null);
        this.sequence = sequence;
    }

    /** The sequence concerned, or {@code null} when the problem is a table. */
    public String sequence() {
        return sequence;
    }
}
