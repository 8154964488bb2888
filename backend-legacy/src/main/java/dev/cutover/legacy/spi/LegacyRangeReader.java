package dev.cutover.legacy.spi;

import dev.cutover.legacy.LegacyAdapter;
import dev.cutover.legacy.LegacyStore;
import dev.cutover.mapping.InvalidValueException;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.function.Consumer;

/**
 * Streams a key range of a legacy table, row by row, with a bounded fetch size: what a backfill needs and
 * {@link LegacyStore#scan} (a list per page) does not give. Rows come in key order, one
 * {@code SELECT ... WHERE key > :after AND NOT key > :upTo ORDER BY key LIMIT n} per call, read in a
 * read-only transaction of its own so that drivers stream (PgJDBC fetches {@code fetchSize} rows per round
 * trip only outside autocommit).
 *
 * <p>Values are the mapping's canonical types, except JSON columns, which are handed over as the text the
 * legacy table holds, unparsed: the caller checks it (a streaming check is far cheaper than a parse into a
 * tree and back); and, when asked, text the caller will only re-encode comes as its UTF-8 bytes. A row whose non-key
 * value cannot be read (text that is not a UUID, a smallint boolean holding 2, a number out of range, a date the driver
 * refuses) is handed to {@link RowVisitor#unreadable} with its key, the raw text of each column and the problem, and
 * reading goes on.
 *
 * <p>Implementations are immutable and thread-safe; each call takes a connection of its own from the adapter's pool.
 */
public interface LegacyRangeReader {

    /**
     * A reader of the store's legacy table, through the adapter's pool; checks the legacy table again to
     * learn its column types.
     */
    static LegacyRangeReader create(LegacyAdapter adapter, LegacyStore<?, ?> store) {
        return dev.cutover.legacy.internal.DefaultLegacyRangeReader.create(adapter, store);
    }

    /** What a call read: how many rows the database returned (readable or not) and the last one's key. */
    record Page(int rows, Object[] lastKey) {
    }

    /** Receives the rows of {@link #read}. */
    interface RowVisitor {
        /** A row, values in mapping order: canonical types, JSON columns as the legacy text. */
        void row(Object[] values);

        /**
         * A row with a value that cannot be read.
         *
         * @param keyValues the row's key, in key order
         * @param raw each column's text as the database gives it ({@code null} for NULL or unreadable), in
         *     mapping order
         */
        void unreadable(Object[] keyValues, String[] raw, InvalidValueException problem);
    }

    /** The legacy table, for messages. */
    String tableName();

    /**
     * The columns {@link #read} can hand over as the UTF-8 bytes the database sent, without decoding them into a
     * {@code String} (which the caller would encode again): non-key TEXT and JSON columns of a PostgreSQL legacy
     * database (whose text holds no NUL character) without a NUL rule. A copy; in mapping order.
     */
    boolean[] rawTextColumns();

    /** The legacy names of the mapping's columns, in mapping order. */
    List<String> legacyColumnNames();

    /**
     * Up to {@code limit} rows whose key is after {@code after} and not after {@code upTo}, in key order.
     *
     * @param after key values in key order, or {@code null} for the first row on
     * @param upTo key values in key order, or {@code null} for no upper bound
     */
    Page read(Object[] after, Object[] upTo, int limit, int fetchSize, RowVisitor visitor);

    /**
     * {@link #read(Object[], Object[], int, int, RowVisitor)}, handing the columns marked in {@code asBytes} (a
     * subset of {@link #rawTextColumns()}) over as {@code byte[]} holding their UTF-8 text.
     */
    Page read(Object[] after, Object[] upTo, int limit, int fetchSize, boolean[] asBytes, RowVisitor visitor);

    /** Up to {@code limit} keys after {@code after} ({@code null}: from the first), in key order; reads only key columns. */
    Page keys(Object[] after, int limit, int fetchSize, Consumer<Object[]> visitor);

    /**
     * The type of each legacy column whose values a reader could hand over exactly as the database stores them, named as
     * PostgreSQL's {@code format_type(atttypid, atttypmod)} names it ({@code character varying(50)}, {@code numeric(12,2)},
     * {@code jsonb}): on a PostgreSQL legacy database, a column of a built-in type, stored natively, with no conversion,
     * no NUL or zero-date rule; a key column also needs a type whose values {@link #rangeSelect} can write as literals
     * (integers, numeric, text, uuid). {@code null} for every other column; in mapping order. An empty list where the
     * legacy database is not PostgreSQL. What a backfill compares with the target's columns to copy a table with
     * PostgreSQL's own {@code COPY ... (FORMAT binary)} rather than value by value.
     */
    default List<String> storedTypes() {
        return List.of();
    }

    /**
     * The query of {@link #read}'s range without a limit, its bounds written as literals (a {@code COPY} takes no
     * parameters): {@code SELECT <legacy columns in mapping order> FROM <table> WHERE <key after> AND NOT <key after>
     * ORDER BY <key>}, for {@code COPY (<query>) TO STDOUT}. Empty where {@link #storedTypes()} is empty or a bound
     * holds a value that cannot be written as a literal.
     */
    default Optional<String> rangeSelect(Object[] after, Object[] upTo) {
        return Optional.empty();
    }

    /**
     * Visits the key of every {@code every}-th row in key order (the {@code every}-th, the 2 x {@code every}-th, ...),
     * chosen by the database, which sends no other key, and returns how many rows the table holds: what walking
     * {@link #keys} finds, in one round trip. Empty, visiting nothing, where the dialect cannot (then walk the keys).
     */
    default OptionalLong boundaries(int every, Consumer<Object[]> visitor) {
        return OptionalLong.empty();
    }
}
