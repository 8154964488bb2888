package dev.cutover.flags.internal;

import dev.cutover.flags.LiveRoutes;
import java.sql.SQLException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps a {@link LiveRoutes} following its store, on one daemon thread. While its listening connection is up it waits
 * for notifications and applies the state they carry, reading the store only when one does not carry it (and checks
 * the connection with a round trip every {@link #LISTENER_CHECK} of quiet); so a change costs the store no read per
 * instance, and at rest the store serves no query per poll interval, whatever the number of instances. While that connection is down it polls every poll interval and reconnects with a growing backoff; once
 * reconnected it reads the store once, to catch up. Without notifications (turned off, or no PgJDBC) it polls.
 */
final class StoreWatcher implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(LiveRoutes.class);
    /** Quiet time after which the listening connection is checked, so a silently dropped one is found within it. */
    static final Duration LISTENER_CHECK = Duration.ofSeconds(30);
    private static final Duration FIRST_BACKOFF = Duration.ofMillis(100);
    private static final Duration MAX_BACKOFF = Duration.ofSeconds(10);

    private final String threadName;
    private final Duration pollInterval;
    /** Where the listening connection comes from, or {@code null} to poll. */
    private final DataSource listenSource;
    /** Where the connection that wakes the listener on close comes from. */
    private final DataSource wakeSource;
    private final Runnable refresh;
    private final Consumer<List<String>> notified;
    private final String wakeChannel = "cutover_route_flag_wake_" + HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextLong());
    private final Object monitor = new Object();
    private final Thread thread;
    private volatile boolean closed;
    /** Written by the thread alone. */
    private volatile StoreListener listener;

    private StoreWatcher(String threadName, Duration pollInterval, DataSource listenSource, DataSource wakeSource,
            Runnable refresh, Consumer<List<String>> notified) {
        this.notified = notified;
        this.threadName = threadName;
        this.pollInterval = pollInterval;
        this.listenSource = listenSource;
        this.wakeSource = wakeSource;
        this.refresh = refresh;
        this.thread = new Thread(this::run, threadName);
        thread.setDaemon(true);
    }

    /**
     * @param listenSource where to listen, or {@code null} to poll only
     * @param wakeSource   another connection to the same database, to wake the listener on close
     * @param refresh      reads the store and publishes what changed; must not throw
     * @param notified     publishes what the store's notifications say (their payloads, in the order they came),
     *                     reading the store if they do not say enough; must not throw
     */
    static StoreWatcher start(String threadName, Duration pollInterval, DataSource listenSource, DataSource wakeSource,
            Runnable refresh, Consumer<List<String>> notified) {
        StoreWatcher watcher = new StoreWatcher(threadName, pollInterval, listenSource, wakeSource, refresh, notified);
        watcher.thread.start();
        return watcher;
    }

    /** Whether changes reach this instance by notification now (if not, it polls). */
    boolean listening() {
        return listener != null;
    }

    private void run() {
        Duration backoff = FIRST_BACKOFF;
        long nextAttempt = System.nanoTime();
        boolean listen = listenSource != null;
        boolean down = false;
        while (!closed) {
            StoreListener current = listener;
            if (current == null && listen && System.nanoTime() - nextAttempt >= 0) {
                try {
                    current = StoreListener.open(listenSource, wakeChannel);
                    listener = current;
                    if (down) {
                        LOG.info("Listening for route changes again; polling stopped");
                        down = false;
                    }
                    backoff = FIRST_BACKOFF;
                    refresh.run(); // what changed while nobody listened
                    continue;
                } catch (LinkageError e) {
                    LOG.warn("Cannot listen for route changes without PgJDBC ({}); polling the store every {} ms", e,
                            pollInterval.toMillis());
                    listen = false;
                } catch (SQLException | RuntimeException e) {
                    if (!down) {
                        LOG.warn("Cannot listen for route changes ({}); polling the store every {} ms until it can", e,
                                pollInterval.toMillis());
                        down = true;
                    }
                    nextAttempt = System.nanoTime() + backoff.toNanos();
                    backoff = next(backoff);
                }
            }
            if (current != null) {
                try {
                    StoreListener.Heard heard = current.await(LISTENER_CHECK);
                    switch (heard.kind()) {
                        case CHANGED -> notified.accept(heard.payloads());
                        case QUIET -> current.check();
                        case WOKEN -> { }
                    }
                } catch (SQLException | RuntimeException e) {
                    listener = null;
                    current.close();
                    if (closed) {
                        break;
                    }
                    LOG.warn("Lost the connection listening for route changes ({}); polling the store every {} ms until it"
                            + " is back", e, pollInterval.toMillis());
                    down = true;
                    nextAttempt = System.nanoTime() + backoff.toNanos();
                    backoff = next(backoff);
                    refresh.run();
                }
                continue;
            }
            refresh.run();
            pause(listen ? Math.min(pollInterval.toNanos(), Math.max(0, nextAttempt - System.nanoTime())) : pollInterval.toNanos());
        }
        StoreListener last = listener;
        listener = null;
        if (last != null) {
            last.close();
        }
    }

    private static Duration next(Duration backoff) {
        Duration doubled = backoff.multipliedBy(2);
        return doubled.compareTo(MAX_BACKOFF) > 0 ? MAX_BACKOFF : doubled;
    }

    private void pause(long nanos) {
        synchronized (monitor) {
            if (!closed && nanos > 0) {
                try {
                    TimeUnit.NANOSECONDS.timedWait(monitor, nanos);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    closed = true;
                }
            }
        }
    }

    /** Stops the thread and waits for it: wakes a poll's pause, and a listener's wait by a notification of its own. */
    @Override
    public void close() {
        closed = true;
        synchronized (monitor) {
            monitor.notifyAll();
        }
        StoreListener current = listener;
        if (current != null) {
            try {
                StoreListener.wake(wakeSource, wakeChannel);
            } catch (SQLException | RuntimeException e) {
                current.abort();
            }
        }
        try {
            thread.join(TimeUnit.SECONDS.toMillis(5));
            if (thread.isAlive() && current != null) {
                current.abort();
                thread.join(TimeUnit.SECONDS.toMillis(5));
            }
            if (thread.isAlive()) {
                LOG.warn("The route refresher {} did not stop within 10 s of close()", threadName);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
