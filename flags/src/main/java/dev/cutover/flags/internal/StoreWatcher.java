package dev.cutover.flags.internal;

import dev.cutover.flags.LiveRoutes;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Keeps a {@link LiveRoutes} following its store: one daemon thread that reads it every poll interval. */
final class StoreWatcher implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(LiveRoutes.class);

    private final String threadName;
    private final ScheduledExecutorService executor;
    /** Joined by {@link #close()} so that it is gone when close returns. */
    private volatile Thread thread;

    private StoreWatcher(String threadName, Duration pollInterval, Runnable refresh) {
        this.threadName = threadName;
        this.executor = Executors.newSingleThreadScheduledExecutor(task -> {
            Thread made = new Thread(task, threadName);
            made.setDaemon(true);
            thread = made;
            return made;
        });
        long nanos = pollInterval.toNanos();
        executor.scheduleWithFixedDelay(refresh, nanos, nanos, TimeUnit.NANOSECONDS);
    }

    /** @param refresh reads the store and publishes what changed; must not throw */
    static StoreWatcher start(String threadName, Duration pollInterval, Runnable refresh) {
        return new StoreWatcher(threadName, pollInterval, refresh);
    }

    /** Stops the thread and waits for it. */
    @Override
    public void close() {
        executor.shutdownNow();
        Thread running = thread;
        try {
            // The executor reports termination just before its thread ends: join the thread itself.
            if (running != null) {
                running.join(TimeUnit.SECONDS.toMillis(10));
            }
            if (running != null && running.isAlive()) {
                LOG.warn("The route refresher {} did not stop within 10 s of close()", threadName);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
