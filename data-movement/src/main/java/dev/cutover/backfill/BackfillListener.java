package dev.cutover.backfill;

/**
 * Hears a backfill's progress. Called on worker threads, after the chunk's transaction committed, one call
 * at a time per run; keep it short. An exception thrown here fails the worker that called it.
 */
public interface BackfillListener {
    /** A listener that does nothing. */
    BackfillListener NONE = new BackfillListener() {
    };

    /** After each chunk this process finished. */
    default void onProgress(BackfillProgress progress) {
    }

    /** For each row set aside, after its chunk committed. */
    default void onQuarantined(QuarantinedRow row) {
    }
}
