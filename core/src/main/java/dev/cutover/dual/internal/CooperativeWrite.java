package dev.cutover.dual.internal;

import dev.cutover.Backend;
import dev.cutover.dual.DualWrites;
import dev.cutover.dual.MirrorMode;
import dev.cutover.dual.OutboxEntry;
import dev.cutover.dual.OutboxKey;
import dev.cutover.store.EntityStore;
import dev.cutover.tx.SqlFunction;
import dev.cutover.tx.TransactionalConnections;
import dev.cutover.tx.internal.UnitOfWorkContext;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.IdentityHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A generic store's write of a mirrored table that carries its own outbox entries, offered while dual-write handles a
 * call on this thread. The store sends one statement,
 *
 * <pre>{@code
 * WITH w AS (<the store's write> RETURNING <columns>), o AS (<outboxInsert()>)
 * SELECT w.*, o.id AS cutover_outbox_id, o.entity_key AS cutover_outbox_key FROM w FULL JOIN o ON false
 * }</pre>
 *
 * ({@link #statement}), runs it with {@link #execute} and reports what came back through {@link #returned}. One statement is atomic in
 * PostgreSQL whatever the transaction mode (a data-modifying {@code WITH} query runs exactly once, to completion, in
 * the statement's snapshot), so in autocommit the write and its keys commit or fail together in one round trip, the
 * guarantee the separate outbox insert gave inside a transaction. The rows come back as written ({@code RETURNING}:
 * defaults and triggers applied), which synchronous mirroring copies without reading them back.
 *
 * <p>Where it runs: inside the unit of work's transaction if it has begun on that backend (or is the caller's own
 * unit), else, in dual-write's own unit for the call, on a pooled connection in autocommit: the transaction begins
 * lazily, only when a statement that is not such a write needs the backend. Internal SPI between dual-write and
 * the stores of the backend modules, not an API for users. Confined to the calling thread.
 */
public final class CooperativeWrite {
    private static final Logger LOG = LoggerFactory.getLogger(DualWrites.class);
    /** The dual-write call whose primary implementation runs on this thread, if any. */
    private static final ThreadLocal<ActiveCall> ACTIVE = new ThreadLocal<>();
    /** Entries per statement: three parameters each, far below PostgreSQL's 65,535 with the write's own. */
    static final int MAX_ENTRIES = 1_000;
    /** PostgreSQL's wire protocol counts bind parameters in 16 bits. */
    public static final int MAX_PARAMETERS = 65_535;
    /** Up to this many entries {@link #outboxInsert()} is the same string each time: a store may cache around it. */
    public static final int CACHEABLE_ENTRIES = TableOutbox.PREBUILT_INSERTS;

    private final ActiveCall call;
    private final TransactionalConnections connections;
    private final MirroredTable<?, ?> table;
    private final List<OutboxKey> keys;
    private final boolean delete;
    private final boolean autocommit;
    private final Instant now;

    private CooperativeWrite(ActiveCall call, TransactionalConnections connections, MirroredTable<?, ?> table,
            List<OutboxKey> keys, boolean delete, boolean autocommit) {
        this.call = call;
        this.connections = connections;
        this.table = table;
        this.keys = keys;
        this.delete = delete;
        this.autocommit = autocommit;
        this.now = call.owner.now();
    }

    /**
     * The cooperative form of {@code store.upsertAll(entities)} through {@code connections}, or {@code null}: write as
     * usual. Creating it has no effect; only {@link #execute} does.
     */
    public static CooperativeWrite upsert(TransactionalConnections connections, EntityStore<?, ?> store,
            Collection<?> entities) {
        MirroredTable<?, ?> table = table(connections, store);
        if (table == null) {
            return null;
        }
        ActiveCall call = ACTIVE.get();
        Set<OutboxKey> keys = new LinkedHashSet<>();
        for (Object entity : entities) {
            keys.add(call.of(table, entity));
        }
        return of(connections, table, keys, false);
    }

    /** The cooperative form of {@code store.deleteByKeys(keys)}, or {@code null}; as {@link #upsert}. */
    public static CooperativeWrite delete(TransactionalConnections connections, EntityStore<?, ?> store, Collection<?> keys) {
        MirroredTable<?, ?> table = table(connections, store);
        if (table == null) {
            return null;
        }
        Set<OutboxKey> outboxKeys = new LinkedHashSet<>();
        for (Object key : keys) {
            outboxKeys.add(table.outboxKeyOfKey(key, "deleteByKeys"));
        }
        return of(connections, table, outboxKeys, true);
    }

    private static CooperativeWrite of(TransactionalConnections connections, MirroredTable<?, ?> table,
            Set<OutboxKey> keys, boolean delete) {
        ActiveCall call = ACTIVE.get();
        boolean autocommit = call.lazy && !call.unit.hasConnection(connections);
        if (!autocommit) {
            // a unit of work records each key once, however often it writes the row
            keys.removeIf(key -> call.owner.recordedIn(call.unit, call.primary, key));
        }
        if (keys.isEmpty() || keys.size() > MAX_ENTRIES) {
            return null;
        }
        return new CooperativeWrite(call, connections, table, List.copyOf(keys), delete, autocommit);
    }

    /** The mirrored table whose primary store is {@code store}, if dual-write's call on this thread can take its entries. */
    private static MirroredTable<?, ?> table(TransactionalConnections connections, EntityStore<?, ?> store) {
        ActiveCall call = ACTIVE.get();
        if (call == null || call.outbox == null || call.outbox.connections() != connections
                || UnitOfWorkContext.current() != call.unit) {
            return null;
        }
        return call.tables.get(store);
    }

    /**
     * Whether the rows as written are wanted: by a synchronous mirror of a write in autocommit. If not, the statement
     * may return the key columns only (and pass no rows to {@link #written}), sparing their transfer and reading.
     */
    public boolean wantsRows() {
        return autocommit && call.owner.mode() == MirrorMode.SYNCHRONOUS;
    }

    /** How many outbox entries the statement inserts: the parameters of {@link #outboxInsert()} are three times that. */
    public int entries() {
        return keys.size();
    }

    /** Whether a write with {@code writeParameters} bind parameters and the outbox insert fit in one statement. */
    public boolean fits(long writeParameters) {
        return writeParameters + 3L * entries() <= MAX_PARAMETERS;
    }

    /**
     * The one statement of a write ({@code write}, with its {@code RETURNING}) and an outbox insert: the write's
     * returned columns, then {@code cutover_outbox_id} and {@code cutover_outbox_key}.
     */
    public static String statement(String write, String outboxInsert) {
        return "WITH w AS (" + write + "), o AS (" + outboxInsert + ") SELECT w.*, o.id AS cutover_outbox_id,"
                + " o.entity_key AS cutover_outbox_key FROM w FULL JOIN o ON false";
    }

    /**
     * Collects what the statement returns, row by row, and reports it ({@link Returned#report}).
     *
     * @param rowsWanted whether the write returns its rows as written (see {@link #wantsRows}), to be read
     */
    public <E> Returned<E> returned(boolean rowsWanted) {
        return new Returned<>(rowsWanted);
    }

    /** Reads one written row of the result into an entity. */
    @FunctionalInterface
    public interface RowReader<E> {
        E read() throws Exception;
    }

    /** What a cooperative statement returned: outbox entries, and the rows it wrote. Confined to the calling thread. */
    public final class Returned<E> {
        private final List<Long> ids = new ArrayList<>(entries());
        private final List<String> keyText = new ArrayList<>(entries());
        private final List<E> rows = new ArrayList<>();
        private boolean readable;
        private int written;

        private Returned(boolean rowsWanted) {
            readable = rowsWanted;
        }

        /**
         * One result row: an outbox entry if {@code outboxId} is not null, else a written row, read by {@code row} while
         * every row so far has read (a row that does not is read back when mirrored, where a failure is logged).
         */
        public void add(Long outboxId, String outboxKey, RowReader<E> row) {
            if (outboxId != null) {
                ids.add(outboxId);
                keyText.add(outboxKey);
                return;
            }
            written++;
            if (readable) {
                try {
                    rows.add(row.read());
                } catch (Exception e) { // the write committed: never fail the call for a row that does not read
                    readable = false;
                }
            }
        }

        /** Reports the entries and rows to dual-write ({@link #written}); returns how many rows the write returned. */
        public int report() {
            written(ids, keyText, readable ? rows : List.of());
            return written;
        }
    }

    /**
     * {@code INSERT INTO <outbox> (table_name, entity_key, created_at) VALUES (?, ?, ?), ... RETURNING id, entity_key},
     * to be used as the {@code WITH} query {@code o}. The same string for the same number of entries (up to a few), so
     * that a store may cache the statement around it.
     */
    public String outboxInsert() {
        return call.outbox.insertReturning(keys.size());
    }

    /** The values of {@link #outboxInsert()}'s parameters, in order: table name, key text, created-at, per entry. */
    public List<Object> outboxValues() {
        Object time = call.outbox.timeValue(now);
        List<Object> values = new ArrayList<>(keys.size() * 3);
        for (OutboxKey key : keys) {
            values.add(key.table());
            values.add(key.key());
            values.add(time);
        }
        return values;
    }

    /** Binds {@link #outboxValues()} from parameter {@code first} on. */
    public void bindOutbox(PreparedStatement statement, int first) throws SQLException {
        int index = first;
        for (Object value : outboxValues()) {
            statement.setObject(index++, value);
        }
    }

    /**
     * Runs the statement: on the unit of work's connection if its transaction on this backend has begun (or the unit is
     * the caller's), else on a pooled connection in autocommit.
     */
    public <T> T execute(SqlFunction<T> statement) throws SQLException {
        return autocommit ? connections.inAutocommit(statement) : connections.singleStatement(statement);
    }

    /**
     * Reports what the statement returned.
     *
     * @param ids     the outbox ids ({@code o.id})
     * @param keyText their keys ({@code o.entity_key}), in the order of {@code ids}
     * @param rows    the rows as written ({@code w}), as entities; empty for a delete, or if they could not be read
     *                (they are then read back when mirrored, where a failure is logged, not thrown)
     */
    public void written(List<Long> ids, List<String> keyText, List<?> rows) {
        // Never throws: the write may have committed already, and a call succeeds iff its primary write did.
        if (ids.size() != keys.size() || keyText.size() != ids.size()) {
            LOG.warn("The outbox insert of {} returned {} ids and {} keys for {} entries; the reconciler finds the "
                    + "entries in the outbox after its grace period", table, ids.size(), keyText.size(), keys.size());
        }
        List<OutboxEntry> entries = new ArrayList<>(ids.size());
        for (int i = 0; i < Math.min(ids.size(), keyText.size()); i++) {
            entries.add(new OutboxEntry(ids.get(i), new OutboxKey(table.table(), keyText.get(i)), now));
        }
        call.written(table, entries, delete, rows, autocommit);
    }

    /** Makes {@code call} the active one on this thread; returns the one it replaces, to be given to {@link #restore}. */
    static ActiveCall activate(ActiveCall call) {
        ActiveCall previous = ACTIVE.get();
        ACTIVE.set(call);
        return previous;
    }

    static void restore(ActiveCall previous) {
        if (previous == null) {
            ACTIVE.remove();
        } else {
            ACTIVE.set(previous);
        }
    }

    /** A dual-write call while its primary implementation runs: what cooperative writes may join and report to. */
    static final class ActiveCall implements WritePlan.EntityKeys {
        final DefaultDualWrites owner;
        final Backend primary;
        final UnitOfWorkContext unit;
        /** Whether the unit is dual-write's own for this call, whose transaction begins only when needed. */
        final boolean lazy;
        final TableOutbox outbox;
        final Map<EntityStore<?, ?>, MirroredTable<?, ?>> tables;
        /** Entries committed in autocommit, each with its write. */
        final List<OutboxEntry> committed = new ArrayList<>(1);
        /** The rows as last written in autocommit, per table and key text; {@code null} for a deleted row. */
        final Map<MirroredTable<?, ?>, Map<String, Object>> rows = new IdentityHashMap<>(2);
        /**
         * The outbox keys of the records this call's writes were given, by identity: the call's keys are found from
         * the same objects afterwards, and encoding a key is the costly part of finding it.
         */
        private final Map<Object, OutboxKey> recordKeys = new IdentityHashMap<>(2);

        ActiveCall(DefaultDualWrites owner, Backend primary, UnitOfWorkContext unit, boolean lazy, TableOutbox outbox,
                Map<EntityStore<?, ?>, MirroredTable<?, ?>> tables) {
            this.owner = owner;
            this.primary = primary;
            this.unit = unit;
            this.lazy = lazy;
            this.outbox = outbox;
            this.tables = Objects.requireNonNull(tables, "tables");
        }

        void written(MirroredTable<?, ?> table, List<OutboxEntry> entries, boolean delete, List<?> written, boolean inAutocommit) {
            if (!inAutocommit) {
                owner.recorded(unit, primary, entries);
                return;
            }
            committed.addAll(entries);
            Map<String, Object> byKey = rows.computeIfAbsent(table, t -> new java.util.HashMap<>());
            if (delete) {
                entries.forEach(entry -> byKey.put(entry.key().key(), null));
            } else {
                // a key the statement returned no row for (ON CONFLICT DO NOTHING) is read back when mirrored
                entries.forEach(entry -> byKey.remove(entry.key().key()));
                for (Object row : written) {
                    byKey.put(table.outboxKeyOfEntity(row).key(), row);
                }
            }
        }

        /** The outbox key of {@code entity}; a record's is encoded once per call (its key cannot change meanwhile). */
        @Override
        public OutboxKey of(MirroredTable<?, ?> table, Object entity) {
            if (!entity.getClass().isRecord()) {
                return table.outboxKeyOfEntity(entity);
            }
            OutboxKey key = recordKeys.get(entity);
            if (key == null || !key.table().equals(table.table())) {
                key = table.outboxKeyOfEntity(entity);
                recordKeys.put(entity, key);
            }
            return key;
        }

        boolean anyCommitted() {
            return !committed.isEmpty();
        }
    }
}
