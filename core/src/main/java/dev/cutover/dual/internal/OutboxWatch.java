package dev.cutover.dual.internal;

import dev.cutover.Backend;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Whether an outbox may hold entries, as this process knows it: what decides if a write on a single route must be
 * recorded. A write on route {@code legacy} (or {@code postgres}) whose other backend's outbox may still hold entries is
 * recorded in its own primary's outbox, so that the reconciler sees it as the newer write of its row and never copies
 * the other side's older row over it.
 *
 * <p>An outbox counts as empty only after a measurement found it empty with no write of this process to it completing
 * while the measurement ran: a write that completed before the measurement began is visible to it (its entries committed
 * before its completion is counted). It stops counting as empty the moment one more write to it completes, and until a
 * first measurement. Writes still running while a measurement finds the outbox empty are concurrent with whatever is
 * written next; one of them wins, as for any two writes of a row at the same moment. Thread-safe.
 */
final class OutboxWatch {
    private static final long NEVER = -1;

    /** Per backend, how many writes recording entries in its outbox have completed (committed or not). */
    private final Map<Backend, AtomicLong> completed = new EnumMap<>(Backend.class);
    /** Per backend, the value of {@link #completed} at which its outbox was last found empty; {@link #NEVER} if not. */
    private final Map<Backend, AtomicLong> emptyAt = new EnumMap<>(Backend.class);

    OutboxWatch() {
        for (Backend backend : Backend.values()) {
            completed.put(backend, new AtomicLong());
            emptyAt.put(backend, new AtomicLong(NEVER));
        }
    }

    /** Counts a write to {@code primary}'s outbox as completed: called after its unit of work committed or rolled back. */
    void completed(Backend primary) {
        completed.get(primary).incrementAndGet();
    }

    /** The mark to take before measuring {@code primary}'s outbox and to give back to {@link #measured}. */
    long mark(Backend primary) {
        return completed.get(primary).get();
    }

    /** Takes a measurement of {@code primary}'s outbox begun at {@code mark}. */
    void measured(Backend primary, long mark, long entries) {
        AtomicLong at = emptyAt.get(primary);
        if (entries > 0) {
            at.set(NEVER);
        } else if (completed.get(primary).get() == mark) {
            at.accumulateAndGet(mark, Math::max);
        }
    }

    /** Whether {@code primary}'s outbox is known to hold no entries of writes completed so far. */
    boolean empty(Backend primary) {
        return emptyAt.get(primary).get() == completed.get(primary).get();
    }
}
