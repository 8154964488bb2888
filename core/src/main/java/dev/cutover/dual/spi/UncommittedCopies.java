package dev.cutover.dual.spi;

import dev.cutover.mapping.EntityMapping;
import java.util.Collection;
import java.util.Set;

/**
 * Copies of legacy rows into PostgreSQL that have begun and not committed: the backfill's chunks being copied. The
 * reconciler asks before it compares a batch of legacy-primary entries, and keeps the entries of the keys this returns
 * (compares them again on a later pass) even when both sides match now. A chunk that read a row before legacy changed or
 * deleted it commits the old row after such a comparison; only an entry kept until then repairs it. This is DBLog's
 * watermark idea, with the backfill's own chunk table as the watermark; it holds for captured changes and for the
 * application's own dual writes alike.
 *
 * <p>Sound when a copy is announced (committed) before it reads legacy, and stops being announced only when its rows
 * commit: the reconciler asks before it reads either side, so a key asked about after the copy's rows committed is
 * compared against them, and one asked about before it was announced was changed before the copy read it. An
 * implementation that cannot place a key in a range must answer that it is held: holding an entry costs a later
 * comparison, releasing one too early can leave a stale row. The data-movement module's
 * {@code dev.cutover.backfill.BackfillFence} implements it over {@code cutover.backfill_chunks}.
 *
 * <p>Implementations are thread-safe; the reconciler's threads call them once per batch part and table,
 * two parts at a time.
 */
@FunctionalInterface
public interface UncommittedCopies {

    /**
     * Of {@code keys} of {@code mapping}'s table, those inside a copy into PostgreSQL that has begun and not committed.
     *
     * @throws dev.cutover.DataAccessException if it cannot tell (the reconciler then keeps the batch and backs off)
     */
    <K> Set<K> holding(EntityMapping<?, K> mapping, Collection<K> keys);

    /** No copies: nothing is held (the default). */
    static UncommittedCopies none() {
        return new UncommittedCopies() {
            @Override
            public <K> Set<K> holding(EntityMapping<?, K> mapping, Collection<K> keys) {
                return Set.of();
            }
        };
    }
}
