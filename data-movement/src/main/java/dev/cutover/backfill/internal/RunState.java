package dev.cutover.backfill.internal;

import dev.cutover.backfill.Backfill;
import dev.cutover.backfill.BackfillPlan;
import dev.cutover.backfill.BackfillProgress;
import dev.cutover.backfill.BackfillStatus;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** One {@code run()}'s counters and first failure, shared by its workers. Thread-safe. */
final class RunState {
    private static final Logger LOG = LoggerFactory.getLogger(Backfill.class);

    final long startNanos = System.nanoTime();
    private final RunContext<?, ?> context;
    final BackfillPlan plan;
    final long baseRowsDone;
    final int baseChunksDone;
    final AtomicLong copied = new AtomicLong();
    final AtomicLong passedThrough = new AtomicLong();
    final AtomicLong skipped = new AtomicLong();
    final AtomicLong quarantined = new AtomicLong();
    final AtomicInteger chunksDone = new AtomicInteger();
    final AtomicInteger pageCap = new AtomicInteger();
    /** Time workers spent reading, checking and streaming rows, and finishing their COPY: where a run spends its time. */
    final AtomicLong readNanos = new AtomicLong();
    final AtomicLong writeNanos = new AtomicLong();
    final AtomicBoolean failed = new AtomicBoolean();
    private final AtomicBoolean pageCapWarned = new AtomicBoolean();
    volatile Throwable failure;
    /** Counts chunks this process finished (or gave back), so that an idle worker wakes at once rather than polling. */
    private final Object finishedLock = new Object();
    private long finished;

    RunState(RunContext<?, ?> context, BackfillPlan plan, BackfillStatus before) {
        this.context = context;
        this.plan = plan;
        this.baseRowsDone = before.rowsCopied() + before.rowsSkipped() + before.rowsQuarantined();
        this.baseChunksDone = before.chunksDone();
    }

    /** For a retry, which reports no progress against the run's totals. */
    RunState(RunContext<?, ?> context, BackfillPlan plan) {
        this.context = context;
        this.plan = plan;
        this.baseRowsDone = 0;
        this.baseChunksDone = 0;
    }

    synchronized void fail(Throwable e) {
        if (failure == null) {
            failure = e;
        } else if (failure != e) {
            failure.addSuppressed(e);
        }
        failed.set(true);
        chunkFinished();
    }

    /** Called when a local worker is done with a chunk (finished, or gave it back): idle workers look again. */
    void chunkFinished() {
        synchronized (finishedLock) {
            finished++;
            finishedLock.notifyAll();
        }
    }

    long finishedCount() {
        synchronized (finishedLock) {
            return finished;
        }
    }

    /**
     * Waits until a local worker is done with a chunk after {@code seen} was read, or {@code max} passed (for chunks
     * other processes hold, which send no signal here).
     */
    void awaitChunkFinished(long seen, long maxMillis) throws InterruptedException {
        long deadline = System.nanoTime() + maxMillis * 1_000_000;
        synchronized (finishedLock) {
            while (finished == seen && !failed.get()) {
                long left = (deadline - System.nanoTime()) / 1_000_000;
                if (left <= 0) {
                    return;
                }
                finishedLock.wait(left);
            }
        }
    }

    void warnPageCap(int shortPage, String description) {
        if (pageCapWarned.compareAndSet(false, true)) {
            LOG.warn("Backfill {} of {}: the source ({}) returned {} rows when {} were asked, yet had more rows after "
                    + "them: it caps its pages; reading on after the last key of each page", context.run, context.entity,
                    description, shortPage, context.config.chunkSize());
        }
    }

    BackfillProgress progress() {
        long local = copied.get() + skipped.get() + quarantined.get();
        double seconds = Math.max(System.nanoTime() - startNanos, 1) / 1e9;
        double rate = local / seconds;
        long done = baseRowsDone + local;
        long left = Math.max(0, plan.rowsEstimate() - done);
        Optional<Duration> eta = rate > 0 ? Optional.of(Duration.ofMillis((long) (left / rate * 1000))) : Optional.empty();
        return new BackfillProgress(context.run, context.entity, done, plan.rowsEstimate(),
                baseChunksDone + chunksDone.get(), plan.chunks(), rate, eta);
    }
}
