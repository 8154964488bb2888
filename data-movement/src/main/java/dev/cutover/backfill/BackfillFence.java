package dev.cutover.backfill;

import dev.cutover.backfill.internal.ChunkFence;
import dev.cutover.dual.spi.UncommittedCopies;
import dev.cutover.postgres.CutoverSchema;
import dev.cutover.postgres.PostgresAdapter;
import java.util.Objects;

/**
 * The backfill's chunks as a watermark for dual-write's reconciler: a key inside a chunk that is being copied (leased,
 * not done) is held, so that its legacy-primary outbox entries are kept until the chunk commits, and a row changed or
 * deleted on legacy while its chunk was being copied is then compared again and repaired instead of being left stale.
 * Give it to {@code DualWrites.custom().uncommittedCopies(BackfillFence.of(postgresAdapter))} wherever entries are
 * settled while a backfill may run: the application, {@code cutover reconcile}, change data capture.
 *
 * <p>Reads {@code cutover.backfill_chunks} once per batch and table (an indexed read of the chunks not done). A chunk is
 * being copied while it is leased and its lease has not expired, or its row is locked (its worker's transaction holds it
 * from before it reads legacy until the rows commit with the chunk's {@code done}). Keys with a text column are held
 * while any chunk of their table is being copied, since Java's order of text is the database's only under a binary
 * collation. Thread-safe.
 */
public final class BackfillFence {
    private BackfillFence() {
    }

    /** The fence over the backfill tables of {@code postgres} (created first if absent, as every Cutover table is). */
    public static UncommittedCopies of(PostgresAdapter postgres) {
        Objects.requireNonNull(postgres, "postgres");
        CutoverSchema.migrate(postgres);
        return new ChunkFence(postgres.connections().dataSource());
    }
}
