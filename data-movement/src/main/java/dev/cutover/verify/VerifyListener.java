package dev.cutover.verify;

import java.util.List;

/**
 * Hears what a verification does, for progress displays and tests. Called on the verifying thread; a listener
 * that throws fails the verification. Implementations used by several verifiers at once must be thread-safe.
 */
public interface VerifyListener {
    /** A listener that does nothing. */
    VerifyListener NONE = new VerifyListener() {
    };

    /**
     * Rows found missing, extra or different are about to be read again on both sides.
     *
     * @param keys    their keys
     * @param attempt 1 for the first re-check
     */
    default void beforeRecheck(List<?> keys, int attempt) {
    }

    /** Progress: every legacy row up to some key has been compared, {@code rows} of them in all so far. */
    default void progress(VerifyProgress progress) {
    }
}
