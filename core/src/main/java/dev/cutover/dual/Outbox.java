package dev.cutover.dual;

import dev.cutover.Backend;
import dev.cutover.dual.internal.JournalOutbox;
import dev.cutover.dual.internal.TableOutbox;
import dev.cutover.status.Backlog;
import dev.cutover.tx.TransactionalConnections;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Collection;
import java.util.List;

/**
 * Where dual-write records the keys of a primary backend's writes until the secondary has their rows: a
 * table in the primary's own database ({@link #table}), written in the same transaction as the write, or,
 * where the library may not create that table, a local {@link #journal} file. Backend modules give the
 * table outboxes ready to use: {@code PostgresOutbox.create(postgresAdapter)} and
 * {@code LegacyOutbox.create(legacyAdapter)}.
 *
 * <p>Implementations are thread-safe.
 */
public interface Outbox extends AutoCloseable {

    /**
     * A table outbox: entries are inserted through {@code connections}, so inside the unit of work of the
     * write they record, and vanish with it if it rolls back.
     *
     * @param connections the primary backend's connections
     * @param sql         the table's statements in the primary database's dialect
     */
    static Outbox table(TransactionalConnections connections, OutboxSql sql) {
        return new TableOutbox(connections, sql);
    }

    /**
     * A journal outbox, for a primary whose database the library may not create its table in: an append-only
     * file, forced to the disk ({@code FileChannel.force}) before the write's unit of work commits, so a
     * crash at any point leaves every committed write's keys in it (and, harmlessly, perhaps some of writes
     * that rolled back). One process at a time may use a journal: it is locked while open.
     *
     * @param primary the backend whose writes it records
     * @param file    the journal file, created if absent; its directory must exist
     * @throws dev.cutover.CutoverException if the file cannot be opened or is locked by another process
     */
    static Outbox journal(Backend primary, Path file) {
        return JournalOutbox.open(primary, file);
    }

    /** The backend whose writes this outbox records. */
    Backend primary();

    /** What and where it is, for logs: {@code table cutover.outbox (PostgreSQL)}. */
    String description();

    /**
     * Records written keys. Called on the thread of the write, inside its unit of work, after the primary
     * call returned and before the unit commits.
     *
     * @return one entry per key, in order
     * @throws dev.cutover.DataAccessException if they cannot be recorded; the write then fails and rolls back
     */
    List<OutboxEntry> record(List<OutboxKey> keys, Instant now);

    /**
     * Records written keys and commits the unit of work's transaction on the primary in one step, when the outbox can
     * save a round trip by it; {@code null} if it cannot (dual-write then calls {@link #record} and commits). Called
     * only inside a unit of work that dual-write opened for one call and that touched the primary alone.
     */
    default List<OutboxEntry> recordAndCommit(List<OutboxKey> keys, Instant now) {
        return null;
    }

    /** Up to {@code limit} entries recorded before {@code createdBefore}, oldest first. Never in a unit of work. */
    List<OutboxEntry> pending(Instant createdBefore, int limit);

    /**
     * The entries of these keys, whenever recorded. Inside a unit of work on this outbox's backend, read in it: the
     * reconciler uses this to let the newer of two primaries' writes of one row win while routes change.
     */
    List<OutboxEntry> entriesOf(Collection<OutboxKey> keys);

    /** Removes entries (those already gone are ignored). Never in a unit of work. */
    void remove(Collection<OutboxEntry> entries);

    /**
     * Whether entries vanish with the unit of work they were recorded in when it rolls back (a table in the
     * primary's database); if not, dual-write removes a rolled-back write's entries itself.
     */
    default boolean transactional() {
        return true;
    }

    /** How many entries there are and when the oldest was recorded. */
    Backlog backlog(Instant now);

    /** Releases files or locks the outbox holds; a table outbox holds none. Idempotent. */
    @Override
    default void close() {
    }
}
