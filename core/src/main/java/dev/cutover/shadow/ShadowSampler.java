package dev.cutover.shadow;

import dev.cutover.routing.RepositoryMethod;
import java.util.Objects;
import java.util.concurrent.ThreadLocalRandom;
import java.util.random.RandomGenerator;

/**
 * Decides, on the caller's thread before the primary is called, whether a call gets a shadow read. Must be
 * fast and thread-safe; an exception from it is logged and the call goes unsampled.
 */
@FunctionalInterface
public interface ShadowSampler {

    boolean sample(RepositoryMethod method, Object[] arguments);

    static ShadowSampler always() {
        return (method, arguments) -> true;
    }

    static ShadowSampler never() {
        return (method, arguments) -> false;
    }

    /**
     * Samples each call independently with probability {@code rate}, with {@link ThreadLocalRandom}.
     *
     * @throws IllegalArgumentException if {@code rate} is not between 0.0 and 1.0
     */
    static ShadowSampler rate(double rate) {
        checkRate(rate);
        return sampler(rate, null);
    }

    /**
     * Samples each call with probability {@code rate}, drawing from {@code random}: with a seeded generator the
     * choices are reproducible (tests). The generator must be thread-safe ({@link java.util.Random} is,
     * {@link java.util.SplittableRandom} is not).
     */
    static ShadowSampler rate(double rate, RandomGenerator random) {
        checkRate(rate);
        return sampler(rate, Objects.requireNonNull(random, "random"));
    }

    private static ShadowSampler sampler(double rate, RandomGenerator random) {
        if (rate >= 1.0) {
            return always();
        }
        if (rate <= 0.0) {
            return never();
        }
        if (random == null) {
            return (method, arguments) -> ThreadLocalRandom.current().nextDouble() < rate;
        }
        return (method, arguments) -> random.nextDouble() < rate;
    }

    private static void checkRate(double rate) {
        if (!(rate >= 0.0 && rate <= 1.0)) {
            throw new IllegalArgumentException("sampleRate must be between 0.0 and 1.0, was '" + rate + "'");
        }
    }
}
