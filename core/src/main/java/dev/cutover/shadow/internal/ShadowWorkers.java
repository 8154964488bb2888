package dev.cutover.shadow.internal;

import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The shadow threads: a bounded, lock-free queue that the callers only append to, and workers that poll it. A
 * {@link java.util.concurrent.ThreadPoolExecutor} wakes an idle worker on every task, a system call on the
 * caller's thread (and, on a small machine, often a preemption of the caller by the woken worker): measured on
 * 2 cores, 4-10% of a 30-80 µs read. Here the caller never wakes anyone: idle workers look again after
 * {@value #BUSY_PARK_MICROS} µs while work came in the last second, after {@value #IDLE_PARK_MILLIS} ms otherwise.
 * A shadow read so starts at most that late, which costs it nothing that matters (its time limit counts from
 * submission); an idle worker costs 100 wake-ups a second. Thread-safe.
 */
final class ShadowWorkers implements Executor {
    static final long BUSY_PARK_MICROS = 1_000;
    static final long IDLE_PARK_MILLIS = 10;
    private static final long BUSY_WINDOW_NANOS = TimeUnit.SECONDS.toNanos(1);
    private static final Logger LOG = LoggerFactory.getLogger(ShadowWorkers.class);

    private final ConcurrentLinkedQueue<Runnable> queue = new ConcurrentLinkedQueue<>();
    private final AtomicInteger queued = new AtomicInteger();
    private final int capacity;
    private final Thread[] threads;
    private final AtomicBoolean started = new AtomicBoolean();
    private volatile boolean stopping;

    ShadowWorkers(int threads, int capacity, String namePrefix) {
        this.capacity = capacity;
        this.threads = new Thread[threads];
        for (int i = 0; i < threads; i++) {
            Thread thread = new Thread(this::work, namePrefix + (i + 1));
            thread.setDaemon(true);
            this.threads[i] = thread;
        }
    }

    void start() {
        if (started.compareAndSet(false, true)) {
            for (Thread thread : threads) {
                thread.start();
            }
        }
    }

    /** Appends, or refuses at once when {@code capacity} tasks wait or the workers are stopping. Never blocks. */
    @Override
    public void execute(Runnable task) {
        if (stopping || !started.get()) {
            throw new RejectedExecutionException("shadow workers are not running");
        }
        if (queued.incrementAndGet() > capacity) {
            queued.decrementAndGet();
            throw new RejectedExecutionException("shadow queue full");
        }
        queue.offer(task);
    }

    private void work() {
        long lastWork = System.nanoTime();
        while (true) {
            Runnable task = queue.poll();
            if (task == null) {
                if (stopping) {
                    return;
                }
                boolean busy = System.nanoTime() - lastWork < BUSY_WINDOW_NANOS;
                LockSupport.parkNanos(busy ? TimeUnit.MICROSECONDS.toNanos(BUSY_PARK_MICROS)
                        : TimeUnit.MILLISECONDS.toNanos(IDLE_PARK_MILLIS));
                if (Thread.interrupted() && stopping) {
                    return;
                }
                continue;
            }
            queued.decrementAndGet();
            try {
                task.run();
            } catch (VirtualMachineError e) {
                throw e;
            } catch (RuntimeException | Error e) {
                LOG.warn("A shadow read task threw: {}", e.toString(), e);
            }
            Thread.interrupted();
            lastWork = System.nanoTime();
        }
    }

    /** Takes no more work and lets the workers finish what is queued; false if they did not within {@code nanos}. */
    boolean shutdown(long nanos) throws InterruptedException {
        stopping = true;
        long deadline = System.nanoTime() + nanos;
        for (Thread thread : threads) {
            if (!started.get()) {
                break;
            }
            long remaining = deadline - System.nanoTime();
            if (remaining > 0) {
                TimeUnit.NANOSECONDS.timedJoin(thread, remaining);
            }
        }
        for (Thread thread : threads) {
            if (thread.isAlive()) {
                return false;
            }
        }
        return true;
    }

    /** Drops what is queued and interrupts the workers (a JDBC call in progress usually ignores it). */
    void shutdownNow() {
        stopping = true;
        queue.clear();
        for (Thread thread : threads) {
            thread.interrupt();
        }
    }

    int queued() {
        return Math.max(0, queued.get());
    }
}
