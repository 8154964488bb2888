package dev.cutover.shadow;

import java.util.Locale;

/** How one sampled shadow read ended. The caller's answer is the primary's in every case. */
public enum ShadowOutcome {
    /** The secondary answered the same as the primary, after normalisation. */
    MATCH,
    /** The secondary answered differently; see {@link ShadowMismatch}. */
    MISMATCH,
    /** The secondary's call threw. Recorded and logged, never thrown to the caller. */
    FAILED,
    /** The secondary did not answer within the time limit (waiting in the queue counts). */
    TIMED_OUT,
    /** The shadow executor's queue was full (or the executor closed), so the read was not made. */
    DROPPED,
    /**
     * Not compared: the call ran inside a unit of work (the secondary, on another thread, could not see the
     * unit's uncommitted writes), or the primary answered with something that can be read only once (a stream
     * or an iterator).
     */
    SKIPPED;

    private final String tag = name().toLowerCase(Locale.ROOT);

    /** The lower-case name used in metric tags and logs: {@code timed_out}. */
    public String tag() {
        return tag;
    }
}
