package dev.cutover.dual.internal;

import java.time.Instant;
import java.util.Comparator;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * This process's calls on a dual route, and units of work with dual-route writes, from before they record their outbox
 * entries until the entries are handed to the reconciler (after the synchronous copy, if any): when each began. The reconciler's scan leaves alone the entries
 * recorded since the oldest began, for their caller copies them: a write of many rows takes longer to copy than the
 * grace period, and a reconciler copying the same rows at the same time does the work twice and deadlocks with it.
 * Those entries are handed over, or found by the next scan, once the call is done. Thread-safe.
 */
final class CopiesInFlight {
    private final Map<Object, Instant> began = new ConcurrentHashMap<>();

    /** Marks a call as begun at {@code now}; give the token to {@link #done}. */
    Object begin(Instant now) {
        Object token = new Object();
        began.put(token, now);
        return token;
    }

    void done(Object token) {
        began.remove(token);
    }

    /** When the oldest call in flight began, or {@code null} if none is. */
    Instant oldest() {
        return began.values().stream().min(Comparator.naturalOrder()).orElse(null);
    }
}
