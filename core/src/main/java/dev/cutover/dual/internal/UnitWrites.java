package dev.cutover.dual.internal;

import dev.cutover.Backend;
import dev.cutover.dual.OutboxEntry;
import dev.cutover.dual.OutboxKey;
import dev.cutover.tx.spi.UnitOfWork;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What one unit of work recorded in the outboxes, per primary: each key once, however often the unit writes its row,
 * and the entries to mirror once the unit ends. Kept as the unit's resource under dual-write's key; its first entries
 * of a primary arrange their mirroring ({@link Mirroring#completed}) after the unit ends. Confined to the unit's thread.
 */
final class UnitWrites {
    private final UnitOfWork unit;
    private final Mirroring mirroring;
    private final Map<Backend, Set<OutboxKey>> keys = new EnumMap<>(Backend.class);
    private final Map<Backend, List<OutboxEntry>> entries = new EnumMap<>(Backend.class);
    /** Per primary, whether any of its entries is a dual route's, copied at once by a synchronous mirror. */
    private final Map<Backend, Boolean> copyNow = new EnumMap<>(Backend.class);
    /** Per primary, this unit's mark in {@link CopiesInFlight} from its first dual-route entry until it is mirrored. */
    private final Map<Backend, Object> copying = new EnumMap<>(Backend.class);

    private UnitWrites(UnitOfWork unit, Mirroring mirroring) {
        this.unit = unit;
        this.mirroring = mirroring;
    }

    /** The books of {@code unit}, kept under {@code key} (dual-write's), created on first use. */
    static UnitWrites of(UnitOfWork unit, Object key, Mirroring mirroring) {
        UnitWrites writes = unit.resource(key, UnitWrites.class);
        if (writes == null) {
            writes = new UnitWrites(unit, mirroring);
            unit.bindResource(key, writes);
        }
        return writes;
    }

    /** The keys not recorded in this unit yet, in order; from now on they count as recorded. */
    List<OutboxKey> fresh(Backend primary, List<OutboxKey> written) {
        Set<OutboxKey> known = keys.computeIfAbsent(primary, b -> new HashSet<>());
        List<OutboxKey> fresh = new ArrayList<>(written.size());
        for (OutboxKey key : written) {
            if (known.add(key)) {
                fresh.add(key);
            }
        }
        return fresh;
    }

    /** Whether {@code key} is recorded in this unit's transaction already. */
    boolean known(Backend primary, OutboxKey key) {
        Set<OutboxKey> known = keys.get(primary);
        return known != null && known.contains(key);
    }

    /**
     * Entries recorded in the unit's transaction: their keys count as recorded, and they are mirrored once it ends.
     *
     * @param now whether a synchronous mirror copies them once the unit ends (a dual route's), or leaves them to the
     *            reconciler (a single route's recorded writes)
     */
    void recorded(Backend primary, List<OutboxEntry> recorded, boolean now) {
        copyNow.merge(primary, now, Boolean::logicalOr);
        if (now && !recorded.isEmpty() && !copying.containsKey(primary)) {
            // The reconciler's scans leave this unit's entries to its own copy when it ends, however long it runs.
            Instant earliest = recorded.stream().map(OutboxEntry::createdAt).min(Comparator.naturalOrder()).orElseThrow();
            copying.put(primary, mirroring.inFlight().begin(earliest.minusNanos(1_000)));
        }
        Set<OutboxKey> known = keys.computeIfAbsent(primary, b -> new HashSet<>());
        recorded.forEach(entry -> known.add(entry.key()));
        List<OutboxEntry> list = entries.get(primary);
        if (list != null) {
            list.addAll(recorded);
            return;
        }
        List<OutboxEntry> first = new ArrayList<>(recorded);
        entries.put(primary, first);
        unit.afterCompletion(primary, committed -> {
            try {
                mirroring.completed(primary, first, committed, copyNow.getOrDefault(primary, true), Map.of());
            } finally {
                Object mark = copying.remove(primary);
                if (mark != null) {
                    mirroring.inFlight().done(mark);
                }
            }
        });
    }
}
