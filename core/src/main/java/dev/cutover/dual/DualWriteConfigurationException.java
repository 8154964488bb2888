package dev.cutover.dual;

import dev.cutover.CutoverException;

/** Dual-write cannot be set up as configured: found when {@link DualWrites.Builder#build()} runs, or on a call it was not told about. */
public class DualWriteConfigurationException extends CutoverException {
    private static final long serialVersionUID = 1L;

    public DualWriteConfigurationException(String message) {
        super(message);
    }
}
