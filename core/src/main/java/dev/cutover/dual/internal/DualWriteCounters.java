package dev.cutover.dual.internal;

import dev.cutover.dual.Reconciler;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What dual-write's mirroring and reconciler have done since start (rows copied, entries settled and their rate over the
 * last ten seconds, failures), and their warnings, at most one per ten seconds with a count of those held back. Shared by
 * {@link Mirroring} and the reconciler, read by the metrics and {@link Reconciler#stats}. Thread-safe.
 */
final class DualWriteCounters {
    private static final Logger LOG = LoggerFactory.getLogger(Reconciler.class);
    private static final long WARN_EVERY_NANOS = TimeUnit.SECONDS.toNanos(10);

    private final AtomicLong mirrored = new AtomicLong();
    private final AtomicLong settled = new AtomicLong();
    private final AtomicLong failed = new AtomicLong();
    private final long[] settledPerSecond = new long[10];
    private final long[] bucketSecond = new long[10];
    private long lastWarnNanos = System.nanoTime() - WARN_EVERY_NANOS;
    private int suppressedWarnings;

    void mirrored(long rows) {
        mirrored.addAndGet(rows);
    }

    void failed() {
        failed.incrementAndGet();
    }

    void settled(int entries) {
        if (entries == 0) {
            return;
        }
        settled.addAndGet(entries);
        long second = System.nanoTime() / 1_000_000_000L;
        synchronized (settledPerSecond) {
            int bucket = (int) (second % settledPerSecond.length);
            if (bucketSecond[bucket] != second) {
                bucketSecond[bucket] = second;
                settledPerSecond[bucket] = 0;
            }
            settledPerSecond[bucket] += entries;
        }
    }

    long mirrored() {
        return mirrored.get();
    }

    long settled() {
        return settled.get();
    }

    long failures() {
        return failed.get();
    }

    /** Entries settled per second, over the last ten seconds. */
    double settledPerSecond() {
        long second = System.nanoTime() / 1_000_000_000L;
        long total = 0;
        synchronized (settledPerSecond) {
            for (int i = 0; i < settledPerSecond.length; i++) {
                if (second - bucketSecond[i] < settledPerSecond.length) {
                    total += settledPerSecond[i];
                }
            }
        }
        return total / (double) settledPerSecond.length;
    }

    /** Logs a failure as a warning, or at debug level if one was logged in the last ten seconds (then counted). */
    void warn(String message, Throwable failure) {
        long now = System.nanoTime();
        synchronized (this) {
            if (now - lastWarnNanos < WARN_EVERY_NANOS) {
                suppressedWarnings++;
                LOG.debug(message, failure);
                return;
            }
            lastWarnNanos = now;
            int suppressed = suppressedWarnings;
            suppressedWarnings = 0;
            LOG.warn("{}: {}{}", message, failure.toString(),
                    suppressed == 0 ? "" : " (" + suppressed + " similar failures in the last 10 s not logged)");
        }
    }
}
