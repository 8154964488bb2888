package dev.cutover.shadow;

import dev.cutover.Backend;
import dev.cutover.routing.RepositoryMethod;

/**
 * Told of every sampled shadow read: metrics (the {@code cutover-resilience4j} module's {@code CutoverMetrics}),
 * a mismatch table ({@code ShadowMismatchTable} in {@code cutover-backend-postgres}), an application's alerting.
 * Called on the shadow threads, and on the caller's thread for {@link ShadowOutcome#DROPPED} and
 * {@link ShadowOutcome#SKIPPED}: implementations are thread-safe and quick. An exception thrown here is logged
 * (at a limited rate) and goes no further.
 */
public interface ShadowReadListener {

    /** One sampled call ended with {@code outcome}; for a mismatch, {@link #mismatch} is called first. */
    default void outcome(RepositoryMethod method, Backend secondary, ShadowOutcome outcome) {
    }

    /** The secondary answered differently. */
    default void mismatch(ShadowMismatch mismatch) {
    }
}
