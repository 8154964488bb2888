package dev.cutover.dual.internal;

import dev.cutover.Backend;
import dev.cutover.dual.OutboxEntry;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Settles a batch in parts at once, each part holding rows of its own: every entry of a row falls in the same part
 * (by its outbox key), so a row is never settled by two threads at once and a row's entries are settled in one
 * {@link Settler#settle} call, as without parts. A drain is then bounded by the two databases rather than by one
 * thread's round trips. A batch too small to be worth a thread is settled on the calling thread. Used by the
 * reconciler's thread only.
 */
final class SettleParts implements AutoCloseable {
    /** Entries per part at the least: below, a thread's hand-over costs more than it saves. */
    static final int MIN_PART = 100;

    private final Settler settler;
    private final int parts;
    private final ExecutorService workers;

    /** @param parts how many parts a large batch is settled in at once, the calling thread settling one */
    SettleParts(Settler settler, int parts) {
        this.settler = settler;
        this.parts = parts;
        this.workers = parts > 1 ? Executors.newFixedThreadPool(parts - 1, runnable -> {
            Thread thread = new Thread(runnable, "cutover-reconciler-settle");
            thread.setDaemon(true);
            return thread;
        }) : null;
    }

    /**
     * Settles {@code batch}; throws the first failure once every part is done, leaving in {@code batch} only the entries
     * of the parts that failed (kept for the next pass).
     */
    void settle(Backend primary, List<OutboxEntry> batch) {
        int count = Math.min(parts, Math.max(1, batch.size() / MIN_PART));
        if (count == 1) {
            settler.settle(primary, batch);
            return;
        }
        List<List<OutboxEntry>> split = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            split.add(new ArrayList<>(batch.size() / count + 16));
        }
        for (OutboxEntry entry : batch) {
            split.get(Math.floorMod(entry.key().hashCode(), count)).add(entry);
        }
        split.removeIf(List::isEmpty); // a failed part carried into the next pass falls in one part again
        if (split.size() == 1) {
            settler.settle(primary, batch);
            return;
        }
        count = split.size();
        List<Future<?>> others = new ArrayList<>(count - 1);
        for (List<OutboxEntry> part : split.subList(1, count)) {
            others.add(workers.submit(() -> settler.settle(primary, part)));
        }
        RuntimeException failure = null;
        Set<Long> settled = new HashSet<>();
        for (int i = 0; i < count; i++) {
            try {
                if (i == 0) {
                    settler.settle(primary, split.get(0));
                } else {
                    joined(others.get(i - 1));
                }
                split.get(i).forEach(entry -> settled.add(entry.id()));
            } catch (RuntimeException e) {
                if (failure == null) {
                    failure = e;
                } else {
                    failure.addSuppressed(e);
                }
            }
        }
        if (failure != null) {
            batch.removeIf(entry -> settled.contains(entry.id()));
            throw failure;
        }
    }

    private static void joined(Future<?> part) {
        boolean interrupted = false;
        try {
            while (true) {
                try {
                    part.get();
                    return;
                } catch (InterruptedException e) {
                    interrupted = true; // the part goes on with connections of its own: wait for it, then say so
                }
            }
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException failure) {
                throw failure;
            }
            if (e.getCause() instanceof Error error) {
                throw error;
            }
            throw new IllegalStateException("A part of a reconciler batch failed", e.getCause());
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    @Override
    public void close() {
        if (workers != null) {
            workers.shutdown();
        }
    }
}
