package dev.cutover.backfill.internal;

import dev.cutover.backfill.internal.SecondaryIndexes.Index;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * Builds a bulk-loaded table's indexes in the background as soon as the table is copied, while other tables still
 * copy, as pgcopydb's index jobs do; {@code atOnce} at a time. Used by the thread of one schema run; its builds run on
 * their own threads.
 */
final class IndexBuilds implements AutoCloseable {
    private static final AtomicInteger THREADS = new AtomicInteger();

    private final ExecutorService pool;
    private final Consumer<Index> build;
    private final List<Future<?>> started = new ArrayList<>();
    private final AtomicLong nanos = new AtomicLong();

    IndexBuilds(int atOnce, Consumer<Index> build) {
        this.build = build;
        this.pool = Executors.newFixedThreadPool(atOnce, task -> {
            Thread thread = new Thread(task, "cutover-schema-backfill-index-" + THREADS.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
    }

    synchronized void start(List<Index> indexes) {
        for (Index index : indexes) {
            started.add(pool.submit(() -> {
                long begun = System.nanoTime();
                build.accept(index);
                nanos.addAndGet(System.nanoTime() - begun);
            }));
        }
    }

    /** Waits for every build started; throws the first failure, the others suppressed. */
    void awaitAll() {
        List<Future<?>> all;
        synchronized (this) {
            all = List.copyOf(started);
        }
        RuntimeException failure = null;
        for (Future<?> future : all) {
            try {
                future.get();
            } catch (ExecutionException e) {
                RuntimeException cause = e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e.getCause());
                if (failure == null) {
                    failure = cause;
                } else {
                    failure.addSuppressed(cause);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("Interrupted while building the indexes", e);
            }
        }
        if (failure != null) {
            throw failure;
        }
    }

    /** Time spent building, summed over builds. */
    long nanos() {
        return nanos.get();
    }

    /** Lets the builds in flight finish (each is one transaction) and starts no more. */
    @Override
    public void close() {
        pool.shutdown();
        try {
            pool.awaitTermination(1, TimeUnit.HOURS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
