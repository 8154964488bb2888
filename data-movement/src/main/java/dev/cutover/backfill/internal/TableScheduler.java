package dev.cutover.backfill.internal;

import dev.cutover.backfill.ForeignKey;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorCompletionService;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

/**
 * Runs one job per table, up to {@code atOnce} at a time, each table once every table it references (through the
 * enforced keys) is done; in the order given where several may start. The first failure stops new tables from
 * starting, waits for those running and is thrown. One instance per run; used by one thread.
 */
final class TableScheduler {
    private static final AtomicInteger THREADS = new AtomicInteger();

    private final List<String> order;
    private final Map<String, Set<String>> parents = new HashMap<>();
    private final int atOnce;

    TableScheduler(List<String> order, List<ForeignKey> enforced, int atOnce) {
        this.order = order;
        this.atOnce = atOnce;
        order.forEach(table -> parents.put(table, new HashSet<>()));
        enforced.stream().filter(key -> !key.selfReference())
                .forEach(key -> parents.get(key.table()).add(key.referencedTable()));
    }

    <R> Map<String, R> run(Function<String, R> job) {
        Map<String, R> results = new LinkedHashMap<>();
        if (atOnce == 1) {
            order.forEach(table -> results.put(table, job.apply(table)));
            return results;
        }
        ExecutorService pool = Executors.newFixedThreadPool(atOnce, task -> {
            Thread thread = new Thread(task, "cutover-schema-backfill-" + THREADS.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
        ExecutorCompletionService<Map.Entry<String, R>> done = new ExecutorCompletionService<>(pool);
        Set<String> started = new HashSet<>();
        RuntimeException failure = null;
        int running = 0;
        try {
            while (results.size() < order.size()) {
                if (failure == null) {
                    for (String table : order) {
                        if (running < atOnce && !started.contains(table) && results.keySet().containsAll(parents.get(table))) {
                            started.add(table);
                            running++;
                            done.submit(() -> Map.entry(table, job.apply(table)));
                        }
                    }
                }
                if (running == 0) {
                    break;
                }
                Future<Map.Entry<String, R>> next = done.take();
                running--;
                try {
                    Map.Entry<String, R> result = next.get();
                    results.put(result.getKey(), result.getValue());
                } catch (ExecutionException e) {
                    failure = firstFailure(failure, e);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while backfilling the tables", e);
        } finally {
            pool.shutdown();
        }
        if (failure != null) {
            throw failure;
        }
        return results;
    }

    /** The first failure of several jobs, the later ones suppressed in it. */
    static RuntimeException firstFailure(RuntimeException first, ExecutionException e) {
        RuntimeException cause = e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e.getCause());
        if (first == null) {
            return cause;
        }
        first.addSuppressed(cause);
        return first;
    }

    @Override
    public String toString() {
        return "TableScheduler[" + order + ", " + atOnce + " at once, " + new ArrayList<>(parents.keySet()) + "]";
    }
}
