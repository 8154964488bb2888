package dev.cutover.dual;

/** When a write's keys are copied to the secondary backend. Either way they are in the outbox first. */
public enum MirrorMode {
    /**
     * Right after the primary commits, on the caller's thread: the caller waits for the copy, but a failed
     * copy never fails the call (the reconciler finishes it).
     */
    SYNCHRONOUS,
    /** On the reconciler's thread, in batches: the caller waits only for the primary's commit. */
    ASYNCHRONOUS
}
