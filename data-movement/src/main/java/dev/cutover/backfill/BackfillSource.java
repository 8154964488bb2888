package dev.cutover.backfill;

import dev.cutover.backfill.internal.LegacyBackfillSource;
import dev.cutover.backfill.internal.StoreBackfillSource;
import dev.cutover.legacy.LegacyAdapter;
import dev.cutover.legacy.LegacyStore;
import dev.cutover.mapping.EntityMapping;
import dev.cutover.store.EntityStore;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * Where a backfill reads: keys and rows of one entity, in key order, by key range. A small SPI: the two
 * factories cover the legacy backend ({@link #legacy}, streamed straight from the legacy table) and any
 * {@link EntityStore} ({@link #store}); a source for another database implements its two reads.
 *
 * <p>Keys and values travel as arrays: key values in key order, row values in the mapping's column order,
 * in the canonical Java types of their {@link dev.cutover.mapping.ColumnType}, except that a JSON column's
 * value may be a {@link String} holding JSON text (the backfill checks it before sending), and a TEXT or JSON
 * column's value may be a {@code byte[]} holding its UTF-8 text, which must not contain a NUL character.
 *
 * <p>Implementations are thread-safe: several workers read different ranges at once.
 */
public interface BackfillSource<E, K> {

    /**
     * The legacy table behind {@code store}, streamed by key range with a bounded fetch size
     * ({@code SELECT ... WHERE key > ? AND NOT key > ? ORDER BY key}) on the adapter's pool. Rows with a value
     * the legacy backend cannot read are quarantined with their key, not fatal.
     */
    static <E, K> BackfillSource<E, K> legacy(LegacyAdapter adapter, LegacyStore<E, K> store) {
        return LegacyBackfillSource.create(Objects.requireNonNull(adapter, "adapter"), Objects.requireNonNull(store, "store"));
    }

    /**
     * Any entity store, through {@link EntityStore#scan}; the upper bound of a chunk is applied in Java, so
     * text keys must sort in the store as Java sorts them (a binary, "C", collation). Use {@link #legacy} for
     * legacy tables: it streams, and it reads past rows whose values do not convert.
     */
    static <E, K> BackfillSource<E, K> store(EntityStore<E, K> store) {
        return new StoreBackfillSource<>(Objects.requireNonNull(store, "store"));
    }

    EntityMapping<E, K> mapping();

    /** For messages and the run record, without credentials: {@code legacy tbl_clients (PostgreSQL)}. */
    String description();

    /**
     * Up to {@code limit} keys after {@code after} ({@code null}: from the first), in key order.
     *
     * @return how many keys were visited and the last one
     */
    Page keys(Object[] after, int limit, Consumer<Object[]> visitor);

    /**
     * Up to {@code limit} rows whose key is after {@code after} ({@code null}: from the first) and not after
     * {@code upTo} ({@code null}: no bound), in key order. A source may return fewer rows than asked (a page
     * cap) without being at the end: the backfill asks again after the last key until a page is empty.
     */
    Page read(Object[] after, Object[] upTo, int limit, RowVisitor visitor);

    /**
     * What one call read.
     *
     * @param rows rows (or keys) read within the range, readable or not
     * @param lastKey the last one's key, {@code null} if none
     * @param passedUpperBound whether the source saw a row after {@code upTo} (so the range is complete)
     */
    record Page(int rows, Object[] lastKey, boolean passedUpperBound) {
    }

    /** Receives rows from {@link #read}; called on the reading thread, in key order. */
    interface RowVisitor {
        /** A row's values in mapping order. The array may be kept. */
        void row(Object[] values);

        /**
         * A row the source could not turn into values: its key (in key order), its raw content for the
         * quarantine (any text, typically JSON) and why.
         */
        void unreadable(Object[] key, String raw, String reason);

        /**
         * The same, with the SQLState PostgreSQL raises for such a value ({@code 22003}), or {@code null}; by default
         * the SQLState is dropped.
         */
        default void unreadable(Object[] key, String raw, String reason, String sqlState) {
            unreadable(key, raw, reason);
        }
    }
}
