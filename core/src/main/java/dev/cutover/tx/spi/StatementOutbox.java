package dev.cutover.tx.spi;

import dev.cutover.tx.SqlFunction;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.List;

/**
 * The outbox entries one store write carries in its own statement: the store sends
 *
 * <pre>{@code
 * WITH w AS (<the store's write> RETURNING <columns>), o AS (<outboxInsert()>)
 * SELECT w.*, o.id AS cutover_outbox_id, o.entity_key AS cutover_outbox_key FROM w FULL JOIN o ON false
 * }</pre>
 *
 * ({@link #statement}), runs it with {@link #execute} and reports what came back through {@link #returned}. One statement
 * is atomic in PostgreSQL whatever the transaction mode (a data-modifying {@code WITH} query runs exactly once, to
 * completion, in the statement's snapshot), so in autocommit the write and its keys commit or fail together in one round
 * trip. The rows come back as written ({@code RETURNING}: defaults and triggers applied), which synchronous mirroring
 * copies without reading them back.
 *
 * <p>Where it runs: inside the unit of work's transaction if it has begun on that backend (or the unit is the caller's
 * own), else, in dual-write's own unit for the call, on a pooled connection in autocommit. Given to a store by
 * {@link dev.cutover.tx.TransactionalConnections#upsertOutbox}; implemented by dual-write. A store that does not use it
 * loses nothing: dual-write records the keys after the call. Confined to the calling thread.
 */
public interface StatementOutbox {
    /** PostgreSQL's wire protocol counts bind parameters in 16 bits. */
    int MAX_PARAMETERS = 65_535;
    /** Up to this many entries {@link #outboxInsert()} is the same string each time: a store may cache around it. */
    int CACHEABLE_ENTRIES = 8;

    /**
     * The one statement of a write ({@code write}, with its {@code RETURNING}) and an outbox insert: the write's
     * returned columns, then {@code cutover_outbox_id} and {@code cutover_outbox_key}.
     */
    static String statement(String write, String outboxInsert) {
        return "WITH w AS (" + write + "), o AS (" + outboxInsert + ") SELECT w.*, o.id AS cutover_outbox_id,"
                + " o.entity_key AS cutover_outbox_key FROM w FULL JOIN o ON false";
    }

    /**
     * Whether the rows as written are wanted: by a synchronous mirror of a write in autocommit. If not, the statement
     * may return the key columns only (and pass no rows to {@link Returned#add}), sparing their transfer and reading.
     */
    boolean wantsRows();

    /** How many outbox entries the statement inserts: the parameters of {@link #outboxInsert()} are three times that. */
    int entries();

    /** Whether a write with {@code writeParameters} bind parameters and the outbox insert fit in one statement. */
    default boolean fits(long writeParameters) {
        return writeParameters + 3L * entries() <= MAX_PARAMETERS;
    }

    /**
     * {@code INSERT INTO <outbox> (table_name, entity_key, created_at) VALUES (?, ?, ?), ... RETURNING id, entity_key},
     * to be used as the {@code WITH} query {@code o}. The same string for the same number of entries (up to
     * {@link #CACHEABLE_ENTRIES}), so that a store may cache the statement around it.
     */
    String outboxInsert();

    /** The values of {@link #outboxInsert()}'s parameters, in order: table name, key text, created-at, per entry. */
    List<Object> outboxValues();

    /** Binds {@link #outboxValues()} from parameter {@code first} on. */
    default void bindOutbox(PreparedStatement statement, int first) throws SQLException {
        int index = first;
        for (Object value : outboxValues()) {
            statement.setObject(index++, value);
        }
    }

    /**
     * Runs the statement: on the unit of work's connection if its transaction on this backend has begun (or the unit is
     * the caller's), else on a pooled connection in autocommit.
     */
    <T> T execute(SqlFunction<T> statement) throws SQLException;

    /**
     * Collects what the statement returns, row by row, and reports it ({@link Returned#report}).
     *
     * @param rowsWanted whether the write returns its rows as written (see {@link #wantsRows}), to be read
     */
    <E> Returned<E> returned(boolean rowsWanted);

    /** Reads one written row of the result into an entity. */
    @FunctionalInterface
    interface RowReader<E> {
        E read() throws Exception;
    }

    /** What a statement returned: outbox entries, and the rows it wrote. Confined to the calling thread. */
    interface Returned<E> {
        /**
         * One result row: an outbox entry if {@code outboxId} is not null, else a written row, read by {@code row} while
         * every row so far has read (a row that does not is read back when mirrored, where a failure is logged).
         */
        void add(Long outboxId, String outboxKey, RowReader<E> row);

        /**
         * Reports the entries and rows to the outbox participant, which keeps the books; never throws (the write may
         * have committed already). Returns how many rows the write returned.
         */
        int report();
    }
}
