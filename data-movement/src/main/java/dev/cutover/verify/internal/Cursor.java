package dev.cutover.verify.internal;

import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;

/**
 * The rows of one side in a key range {@code (after, atMost]} ({@code atMost} null: to the end), in key order,
 * a page at a time: read on demand, or read ahead by a thread of its own into a queue of two pages, so that
 * both sides are read at once while the caller compares. Memory: at most three pages. Not thread-safe.
 */
final class Cursor<E, K> implements AutoCloseable {
    private static final Object END = new Object();

    private final Side<E, K> side;
    private final Object[] atMost;
    private final int pageSize;
    private long remaining;
    private final BlockingQueue<Object> ahead;
    private final Future<?> reader;
    private K lastKey;
    private Object[] lastValues;
    private boolean exhausted;
    private List<Keyed<E, K>> page = List.of();
    private int index;
    private boolean ended;

    private Cursor(Side<E, K> side, K after, Object[] atMost, int pageSize, long expected, ExecutorService readAhead) {
        this.side = side;
        this.atMost = atMost;
        this.pageSize = pageSize;
        this.remaining = expected;
        this.lastKey = after;
        this.lastValues = after == null ? null : side.mapping().keyValues(after);
        if (readAhead == null) {
            this.ahead = null;
            this.reader = null;
        } else {
            this.ahead = new ArrayBlockingQueue<>(2);
            this.reader = readAhead.submit(this::readAhead);
        }
    }

    /**
     * Reads a page when the caller needs it.
     *
     * @param expected how many rows the range is expected to hold (counted when it was cut or summed), or -1: pages
     *     are sized so that a range holding what was expected is read with one more row, not one more page
     */
    static <E, K> Cursor<E, K> onDemand(Side<E, K> side, K after, Object[] atMost, int pageSize, long expected) {
        return new Cursor<>(side, after, atMost, pageSize, expected, null);
    }

    /** Reads ahead on a thread of {@code executor}; {@code expected} as for {@link #onDemand}. */
    static <E, K> Cursor<E, K> readingAhead(Side<E, K> side, K after, Object[] atMost, int pageSize, long expected,
            ExecutorService executor) {
        return new Cursor<>(side, after, atMost, pageSize, expected, executor);
    }

    /** The next row, without moving past it; {@code null} at the end of the range. */
    Keyed<E, K> peek() {
        while (index >= page.size()) {
            List<Keyed<E, K>> next = ended ? null : ahead == null ? read() : take();
            if (next == null) {
                ended = true;
                return null;
            }
            page = next;
            index = 0;
        }
        return page.get(index);
    }

    void advance() {
        index++;
    }

    /** The next page, or {@code null} at the end of the range. */
    private List<Keyed<E, K>> read() {
        if (exhausted) {
            return null;
        }
        int limit = remaining < 0 ? pageSize : (int) Math.min(pageSize, remaining + 1);
        Side.Page<E, K> read = side.page(lastKey, lastValues, limit);
        List<Keyed<E, K>> rows = read.rows();
        if (read.listed() < limit) {
            exhausted = true;
        }
        if (remaining >= 0) {
            remaining -= read.listed();
            if (remaining < 0) {
                remaining = -1; // more rows than expected (written meanwhile, or the other side's count): full pages
            }
        }
        int keep = rows.size();
        if (atMost != null) {
            while (keep > 0 && KeyOrder.INSTANCE.compare(rows.get(keep - 1).keyValues(), atMost) > 0) {
                keep--;
                exhausted = true;
            }
        }
        if (!rows.isEmpty()) {
            Keyed<E, K> last = rows.get(rows.size() - 1);
            lastKey = last.key();
            lastValues = last.keyValues();
        }
        List<Keyed<E, K>> kept = rows.subList(0, keep);
        return kept.isEmpty() && exhausted ? null : kept;
    }

    private void readAhead() {
        try {
            List<Keyed<E, K>> next;
            do {
                next = read();
                ahead.put(next == null ? END : next);
            } while (next != null);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException | Error e) {
            try {
                ahead.put(e);
            } catch (InterruptedException interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    @SuppressWarnings("unchecked")
    private List<Keyed<E, K>> take() {
        Object next;
        try {
            next = ahead.take();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while reading " + side, e);
        }
        if (next == END) {
            return null;
        }
        if (next instanceof RuntimeException failure) {
            throw failure;
        }
        if (next instanceof Error error) {
            throw error;
        }
        return (List<Keyed<E, K>>) next;
    }

    /** Stops reading ahead. */
    @Override
    public void close() {
        if (reader != null) {
            reader.cancel(true);
        }
    }
}
