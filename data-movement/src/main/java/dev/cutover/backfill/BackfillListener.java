package dev.cutover.backfill;

/**
 * Hears a backfill's progress. Called on worker threads, after the chunk's transaction committed, one call
 * at a time per run; keep it short. An exception thrown here fails the worker that called it.
 */
public interface BackfillListener {
    /** A listener that does nothing. */
    BackfillListener NONE = new BackfillListener() {
    };

    /** When {@link Backfill#run()} starts, once the plan is known (made now or before), on the calling thread. */
    default void onStart(BackfillPlan plan, BackfillStatus before) {
    }

    /**
     * When {@link Backfill#run()} returns its report (sequences reset), on the calling thread; not when it throws.
     *
     * @param status the run's state across every worker, read after this call's workers stopped
     */
    default void onFinish(BackfillReport report, BackfillStatus status) {
    }

    /** After each chunk this process finished. */
    default void onProgress(BackfillProgress progress) {
    }

    /** For each row set aside, after its chunk committed. */
    default void onQuarantined(QuarantinedRow row) {
    }
}
