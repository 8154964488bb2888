package dev.cutover.testsupport;

import java.time.Duration;
import java.util.function.BooleanSupplier;
import org.awaitility.Awaitility;
import org.awaitility.core.ConditionTimeoutException;

/**
 * Waits for an observable condition, never for a length of time: a test that sleeps and then asserts can pass with
 * the code wrong, or fail on a slow machine. Polls every few milliseconds through Awaitility and fails with
 * "Timed out after 10 s waiting for {description}". Thread-safe.
 */
public final class Await {
    /** How long {@link #until(String, BooleanSupplier)} waits: long enough for a busy 2-core machine. */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(10);
    private static final Duration POLL = Duration.ofMillis(5);

    private Await() {
    }

    /** Returns once {@code condition} holds; an {@link AssertionError} naming {@code description} after 10 s. */
    public static void until(String description, BooleanSupplier condition) {
        until(description, DEFAULT_TIMEOUT, condition);
    }

    /** Returns once {@code condition} holds; an {@link AssertionError} naming {@code description} after {@code timeout}. */
    public static void until(String description, Duration timeout, BooleanSupplier condition) {
        until(description, timeout, POLL, condition);
    }

    /**
     * Returns once {@code condition} holds, asking every {@code pollInterval}: longer than the default few
     * milliseconds when asking costs something (a condition that wakes a worker or queries a database).
     */
    public static void until(String description, Duration timeout, Duration pollInterval, BooleanSupplier condition) {
        try {
            Awaitility.await(description).atMost(timeout).pollDelay(Duration.ZERO).pollInterval(pollInterval)
                    .pollInSameThread().until(condition::getAsBoolean);
        } catch (ConditionTimeoutException e) {
            throw new AssertionError("Timed out after " + describe(timeout) + " waiting for " + description, e);
        }
    }

    private static String describe(Duration timeout) {
        return timeout.toMillis() % 1000 == 0 ? timeout.toSeconds() + " s" : timeout.toMillis() + " ms";
    }
}
