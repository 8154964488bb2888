package dev.cutover.dual.internal;

import dev.cutover.Backend;
import dev.cutover.dual.Outbox;
import dev.cutover.dual.OutboxEntry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Where the reconciler's batches come from, per outbox: the entries handed over in memory (this process's writes,
 * mirrored or not), and, when a scan is due, those the outbox holds that are older than the grace period (other
 * processes', or left by an outage or a restart) and than this process's calls still copying their own
 * ({@link CopiesInFlight}). A batch that failed is carried into the next pass. {@link #hand} is
 * thread-safe; {@link #next} is called by the reconciler's thread only.
 */
final class Intake {
    /** How long a call still copying its own entries holds back the scan of entries recorded since it began, at most. */
    static final Duration HOLD_AT_MOST = Duration.ofMinutes(5);
    /**
     * How many batches a pass takes while a backlog is long (the last scan filled its batch): a batch's statements are
     * sent once per part however many rows it holds, so a drain makes fewer round trips per row.
     */
    static final int LONG_BACKLOG_BATCHES = 4;

    private final Map<Backend, Outbox> outboxes;
    private final Set<String> tables;
    private final Clock clock;
    private final int batchSize;
    private final Duration pollInterval;
    private final Duration gracePeriod;
    private final int queueCapacity;
    private final LeftAside leftAside;
    private final CopiesInFlight inFlight;

    private final Map<Backend, ConcurrentLinkedQueue<OutboxEntry>> queues = new EnumMap<>(Backend.class);
    private final AtomicInteger queued = new AtomicInteger();
    private final Map<Backend, List<OutboxEntry>> carried = new EnumMap<>(Backend.class);
    private final Map<Backend, Instant> lastScan = new EnumMap<>(Backend.class);
    private final Map<Backend, Boolean> scanAgain = new EnumMap<>(Backend.class);
    private final Map<Backend, Boolean> longBacklog = new EnumMap<>(Backend.class);

    Intake(Map<Backend, Outbox> outboxes, Set<String> tables, Clock clock, int batchSize, Duration pollInterval,
            Duration gracePeriod, int queueCapacity, LeftAside leftAside, CopiesInFlight inFlight) {
        this.outboxes = outboxes;
        this.tables = Set.copyOf(tables);
        this.clock = clock;
        this.batchSize = batchSize;
        this.pollInterval = pollInterval;
        this.gracePeriod = gracePeriod;
        this.queueCapacity = queueCapacity;
        this.leftAside = leftAside;
        this.inFlight = inFlight;
        for (Backend backend : Backend.values()) {
            queues.put(backend, new ConcurrentLinkedQueue<>());
            carried.put(backend, new ArrayList<>());
            lastScan.put(backend, Instant.EPOCH);
            scanAgain.put(backend, true);
            longBacklog.put(backend, false);
        }
    }

    /**
     * Queues entries of committed writes; beyond the queue's capacity they are left in the outbox, where a scan finds
     * them after the grace period. Returns how many entries wait in all, or -1 if these were not queued.
     */
    int hand(Backend primary, Collection<OutboxEntry> entries) {
        int waiting = queued.addAndGet(entries.size());
        if (waiting > queueCapacity) {
            queued.addAndGet(-entries.size());
            return -1;
        }
        queues.get(primary).addAll(entries);
        return waiting;
    }

    /**
     * The next batch of {@code primary}'s outbox: what a failed pass left, then queued entries, then, when a scan is due
     * (or {@code drain}: everything, however recent), the outbox's own, without entries left aside until their row's
     * next attempt. The list is kept until {@link List#clear cleared}: a pass that throws leaves it for the next.
     */
    List<OutboxEntry> next(Backend primary, boolean drain) {
        List<OutboxEntry> batch = carried.get(primary);
        ConcurrentLinkedQueue<OutboxEntry> queue = queues.get(primary);
        int size = longBacklog.get(primary) ? batchSize * LONG_BACKLOG_BATCHES : batchSize;
        while (batch.size() < size) {
            OutboxEntry entry = queue.poll();
            if (entry == null) {
                break;
            }
            queued.decrementAndGet();
            batch.add(entry);
        }
        Instant now = clock.instant();
        if (batch.size() < size && (drain || scanAgain.get(primary)
                || !now.isBefore(lastScan.get(primary).plus(pollInterval)))) {
            scan(primary, batch, size, drain ? now.plusNanos(1) : before(now), now);
        }
        leftAside.keepDue(primary, batch, now);
        return batch;
    }

    /**
     * Older than the grace period, and than every call of this process still copying its own entries, unless it has
     * been copying for longer than {@link #HOLD_AT_MOST}: a hung call does not hold back the others' entries for ever.
     */
    private Instant before(Instant now) {
        Instant before = now.minus(gracePeriod);
        Instant copying = inFlight.oldest();
        if (copying == null || !copying.isBefore(before)) {
            return before;
        }
        Instant limit = now.minus(HOLD_AT_MOST);
        return copying.isBefore(limit) ? limit : copying;
    }

    private void scan(Backend primary, List<OutboxEntry> batch, int size, Instant before, Instant now) {
        // Entries left aside are found again, oldest first: read past them so that they take no room
        int room = size - batch.size();
        int limit = room + leftAside.now(primary);
        List<OutboxEntry> found = outboxes.get(primary).pending(before, limit);
        lastScan.put(primary, now);
        scanAgain.put(primary, found.size() == limit);
        longBacklog.put(primary, found.size() == limit && limit >= batchSize / 2);
        Set<Long> ids = new HashSet<>();
        batch.forEach(e -> ids.add(e.id()));
        Map<String, Long> unknownFound = new HashMap<>();
        for (OutboxEntry entry : found) {
            if (!tables.contains(entry.key().table())) {
                unknownFound.merge(entry.key().table(), 1L, Long::sum);
                leftAside.logUnknownTable(primary, entry.key().table());
            } else if (ids.add(entry.id())) {
                batch.add(entry);
            }
        }
        leftAside.scanned(primary, unknownFound, found.size() < limit, before, ids);
    }
}
