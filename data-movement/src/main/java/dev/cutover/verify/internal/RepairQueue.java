package dev.cutover.verify.internal;

import dev.cutover.Backend;
import dev.cutover.dual.Outbox;
import dev.cutover.dual.OutboxKey;
import dev.cutover.mapping.EntityMapping;
import dev.cutover.tx.spi.UnitOfWork;
import dev.cutover.verify.RepairReport;
import dev.cutover.verify.RowMismatch;
import dev.cutover.verify.VerifyReport;
import java.time.Clock;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The keys a repair queues: every row verify reports missing, extra or different, recorded in the primary's outbox
 * {@value RepairReport#BATCH} at a time, each batch in a unit of work of its own (so a table of any size is queued with
 * bounded memory and transactions). After the outbox fails once, no more is recorded: the rest is counted as not
 * queued. Confined to the verifying thread.
 */
final class RepairQueue<K> implements Findings.Sink {
    private static final Logger LOG = LoggerFactory.getLogger(RepairQueue.class);

    private final EntityMapping<?, K> mapping;
    private final Outbox outbox;
    private final Clock clock;
    private final List<OutboxKey> batch = new ArrayList<>();
    private final Map<RowMismatch.Kind, Long> batched = new EnumMap<>(RowMismatch.Kind.class);
    private final Map<RowMismatch.Kind, Long> queued = new EnumMap<>(RowMismatch.Kind.class);
    /** Rows found different whose key the mapping cannot hold, not repairable: the first {@value RepairReport#BATCH}. */
    private final List<RowMismatch> unencodable = new ArrayList<>();
    private long unencodableCount;
    private long batches;
    private long notQueued;
    private String failure;

    RepairQueue(EntityMapping<?, K> mapping, Outbox outbox, Clock clock) {
        this.mapping = mapping;
        this.outbox = outbox;
        this.clock = clock;
    }

    @Override
    public void found(RowMismatch.Kind kind, Object[] keyValues) {
        if (kind == RowMismatch.Kind.UNREADABLE) {
            return; // its key or a value is not what the mapping reads: the reconciler could not copy it either
        }
        if (failure != null) {
            notQueued++;
            return;
        }
        OutboxKey key;
        try {
            key = OutboxKey.of(mapping, mapping.key(keyValues));
        } catch (RuntimeException e) { // a key as the legacy database shows it, which the mapping's key type cannot hold
            if (++unencodableCount > RepairReport.BATCH) {
                return; // counted, not listed
            }
            unencodable.add(new RowMismatch(RowMismatch.Kind.UNREADABLE, Keys.asMap(mapping, keyValues), List.of(), 0,
                    kind == RowMismatch.Kind.EXTRA ? Backend.POSTGRES : Backend.LEGACY, null,
                    "its key is not a value of the mapping's key type, so the reconciler could not read the row by it: "
                            + e.getMessage()));
            return;
        }
        batch.add(key);
        batched.merge(kind, 1L, Long::sum);
        if (batch.size() >= RepairReport.BATCH) {
            flush();
        }
    }

    private void flush() {
        if (batch.isEmpty()) {
            return;
        }
        try {
            List<OutboxKey> keys = List.copyOf(batch);
            UnitOfWork.run(() -> {
                outbox.record(keys, clock.instant());
                return true;
            });
            batches++;
            batched.forEach((kind, count) -> queued.merge(kind, count, Long::sum));
        } catch (RuntimeException e) {
            failure = "recording keys in " + outbox.description() + " failed: " + (e.getMessage() == null ? e : e.getMessage());
            notQueued += batch.size();
            LOG.warn("Repair of {} stopped queuing: {}", mapping.table(), failure, e);
        }
        batch.clear();
        batched.clear();
    }

    /** Records what is left and gives the report of the repair run whose verification gave {@code report}. */
    RepairReport finish(VerifyReport report) {
        flush();
        List<RowMismatch> notRepairable = new ArrayList<>(report.mismatches().stream()
                .filter(m -> m.kind() == RowMismatch.Kind.UNREADABLE).toList());
        notRepairable.addAll(unencodable);
        return new RepairReport(report, outbox.primary(), outbox.description(), count(RowMismatch.Kind.MISSING),
                count(RowMismatch.Kind.EXTRA), count(RowMismatch.Kind.DIFFERENT), batches, notQueued,
                report.unreadable() + unencodableCount, notRepairable, failure);
    }

    private long count(RowMismatch.Kind kind) {
        return queued.getOrDefault(kind, 0L);
    }
}
