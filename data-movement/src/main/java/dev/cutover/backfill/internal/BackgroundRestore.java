package dev.cutover.backfill.internal;

import dev.cutover.backfill.ForeignKey;
import dev.cutover.backfill.internal.SecondaryIndexes.Index;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * What can be restored while other tables still copy, as pgcopydb's index jobs do: as soon as a table is copied its
 * dropped indexes are built, and each dropped foreign key whose two tables are both copied is added back {@code NOT
 * VALID} and validated; {@code atOnce} at a time, on threads of its own. A key that finds rows without a parent keeps
 * its record and is left to the end of the run, which quarantines them. Used by the thread of one schema run.
 */
final class BackgroundRestore implements AutoCloseable {
    private static final AtomicInteger THREADS = new AtomicInteger();

    private final ExecutorService pool;
    private final DeferredRestore restore;
    private final Map<String, List<Index>> indexes = new HashMap<>();
    private final List<ForeignKey> keys;
    private final Set<String> copied = new HashSet<>();
    private final Set<ForeignKey> keysStarted = new HashSet<>();
    private final List<Future<?>> started = new ArrayList<>();
    private final AtomicLong indexNanos = new AtomicLong();
    private final AtomicLong keyNanos = new AtomicLong();

    BackgroundRestore(int atOnce, DeferredRestore restore, List<Index> indexes, List<ForeignKey> keys) {
        this.restore = restore;
        indexes.forEach(index -> this.indexes.computeIfAbsent(index.table(), t -> new ArrayList<>()).add(index));
        this.keys = List.copyOf(keys);
        this.pool = Executors.newFixedThreadPool(atOnce, task -> {
            Thread thread = new Thread(task, "cutover-schema-backfill-restore-" + THREADS.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
    }

    /** Called once {@code table} is copied: starts its index builds and the keys it makes ready. */
    synchronized void copied(String table) {
        copied.add(table);
        for (Index index : indexes.getOrDefault(table, List.of())) {
            started.add(pool.submit(() -> timed(indexNanos, () -> restore.buildIndex(index))));
        }
        List<ForeignKey> ready = keys.stream().filter(key -> !keysStarted.contains(key) && copied.contains(key.table())
                && copied.contains(key.referencedTable())).toList();
        keysStarted.addAll(ready);
        Map<String, List<ForeignKey>> byTable = new LinkedHashMap<>();
        ready.forEach(key -> byTable.computeIfAbsent(key.table(), t -> new ArrayList<>()).add(key));
        // One job per referencing table: two validations of one table would wait for each other's lock.
        byTable.values().forEach(tableKeys -> started.add(pool.submit(() -> timed(keyNanos, () -> {
            restore.addNotValid(tableKeys);
            tableKeys.forEach(restore::validate);
        }))));
    }

    private static void timed(AtomicLong nanos, Runnable work) {
        long begun = System.nanoTime();
        try {
            work.run();
        } finally {
            nanos.addAndGet(System.nanoTime() - begun);
        }
    }

    /** Waits for every job started; throws the first failure, the others suppressed. */
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
                failure = TableScheduler.firstFailure(failure, e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("Interrupted while restoring the indexes and keys", e);
            }
        }
        if (failure != null) {
            throw failure;
        }
    }

    /** Time spent building indexes, summed over builds. */
    long indexNanos() {
        return indexNanos.get();
    }

    /** Time spent adding back and validating keys, summed over jobs. */
    long keyNanos() {
        return keyNanos.get();
    }

    /** Lets the jobs in flight finish (each index and key is one transaction) and starts no more. */
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
