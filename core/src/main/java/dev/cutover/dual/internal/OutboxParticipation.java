package dev.cutover.dual.internal;

import dev.cutover.Backend;
import dev.cutover.dual.OutboxEntry;
import dev.cutover.dual.OutboxKey;
import dev.cutover.store.EntityStore;
import dev.cutover.tx.spi.OutboxParticipant;
import dev.cutover.tx.spi.StatementOutbox;
import dev.cutover.tx.spi.UnitOfWork;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

/**
 * One dual-write call's part in its unit of work while the primary implementation runs: registered on the unit for the
 * primary's outbox connections, it gives each store write of a mirrored table its {@link CooperativeStatement} and keeps
 * the books of what came back. Entries recorded in the unit's transaction go to the unit's {@link UnitWrites}; entries a
 * statement committed by itself (autocommit) stay here, with the rows as written, for the handler to mirror once the call
 * ends. Confined to the calling thread.
 */
final class OutboxParticipation implements OutboxParticipant, WritePlan.EntityKeys {
    /** Entries per statement: three parameters each, far below PostgreSQL's 65,535 with the write's own. */
    static final int MAX_ENTRIES = 1_000;

    private final Backend primary;
    private final UnitOfWork unit;
    /** Whether the unit is dual-write's own for this call, whose transaction begins only when needed. */
    private final boolean lazy;
    /** The primary's outbox if its insert can ride in a store's statement, else {@code null}. */
    private final TableOutbox outbox;
    /** The primary's stores of the mirrored tables, by identity. */
    private final Map<EntityStore<?, ?>, MirroredTable<?, ?>> tables;
    /** The unit's books, created when first needed: a call in autocommit may never need them. */
    private final Supplier<UnitWrites> unitWrites;
    private final boolean synchronous;
    private final Clock clock;
    /** Entries committed in autocommit, each with its write. */
    private final List<OutboxEntry> committed = new ArrayList<>(1);
    /** The rows as last written in autocommit, per table and key text; {@code null} for a deleted row. */
    private final Map<MirroredTable<?, ?>, Map<String, Object>> rows = new IdentityHashMap<>(2);
    /**
     * The outbox keys of the records this call's writes were given, by identity: the call's keys are found from the
     * same objects afterwards, and encoding a key is the costly part of finding it.
     */
    private final Map<Object, OutboxKey> recordKeys = new IdentityHashMap<>(2);

    OutboxParticipation(Backend primary, UnitOfWork unit, boolean lazy, TableOutbox outbox,
            Map<EntityStore<?, ?>, MirroredTable<?, ?>> tables, Supplier<UnitWrites> unitWrites, boolean synchronous,
            Clock clock) {
        this.primary = primary;
        this.unit = unit;
        this.lazy = lazy;
        this.outbox = outbox;
        this.tables = tables;
        this.unitWrites = unitWrites;
        this.synchronous = synchronous;
        this.clock = clock;
    }

    @Override
    public StatementOutbox upsert(EntityStore<?, ?> store, Collection<?> entities) {
        MirroredTable<?, ?> table = cooperative(store);
        if (table == null) {
            return null;
        }
        Set<OutboxKey> keys = new LinkedHashSet<>();
        for (Object entity : entities) {
            keys.add(of(table, entity));
        }
        return statement(table, keys, false);
    }

    @Override
    public StatementOutbox delete(EntityStore<?, ?> store, Collection<?> keys) {
        MirroredTable<?, ?> table = cooperative(store);
        if (table == null) {
            return null;
        }
        Set<OutboxKey> outboxKeys = new LinkedHashSet<>();
        for (Object key : keys) {
            outboxKeys.add(table.outboxKeyOfKey(key, "deleteByKeys"));
        }
        return statement(table, outboxKeys, true);
    }

    /** The mirrored table whose primary store is {@code store}, if its writes can carry their entries. */
    private MirroredTable<?, ?> cooperative(EntityStore<?, ?> store) {
        return outbox == null ? null : tables.get(store);
    }

    private StatementOutbox statement(MirroredTable<?, ?> table, Set<OutboxKey> keys, boolean delete) {
        boolean autocommit = lazy && !unit.hasConnection(outbox.connections());
        if (!autocommit) {
            // a unit of work records each key once, however often it writes the row
            UnitWrites books = unitWrites.get();
            keys.removeIf(key -> books.known(primary, key));
        }
        if (keys.isEmpty() || keys.size() > MAX_ENTRIES) {
            return null;
        }
        return new CooperativeStatement(this, outbox, table, List.copyOf(keys), delete, autocommit,
                clock.instant());
    }

    /** What a {@link CooperativeStatement} recorded: into the unit's transaction, or committed with its write. */
    void written(MirroredTable<?, ?> table, List<OutboxEntry> entries, boolean delete, List<?> written,
            boolean inAutocommit) {
        if (!inAutocommit) {
            unitWrites.get().recorded(primary, entries, synchronous);
            return;
        }
        committed.addAll(entries);
        Map<String, Object> byKey = rows.computeIfAbsent(table, t -> new HashMap<>());
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

    boolean mirrorsSynchronously() {
        return synchronous;
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

    /** Whether the call's own transaction on the primary has begun: then its statements may have written rows again. */
    boolean transactionBegun() {
        return outbox != null && unit.hasConnection(outbox.connections());
    }

    boolean anyCommitted() {
        return !committed.isEmpty();
    }

    /** Entries committed in autocommit, each with its write. */
    List<OutboxEntry> committed() {
        return committed;
    }

    /** The rows as last written in autocommit, per table and key text ({@code null}: deleted). */
    Map<MirroredTable<?, ?>, Map<String, Object>> rowsWritten() {
        return rows;
    }

    /** The keys that no write in autocommit recorded with itself. */
    List<OutboxKey> withoutCommitted(List<OutboxKey> keys) {
        Set<OutboxKey> recorded = new HashSet<>();
        committed.forEach(entry -> recorded.add(entry.key()));
        List<OutboxKey> rest = new ArrayList<>(keys.size());
        for (OutboxKey key : keys) {
            if (!recorded.contains(key)) {
                rest.add(key);
            }
        }
        return rest;
    }

    /** Registers this participation for the primary's outbox connections; returns the one it replaces. */
    OutboxParticipant register() {
        return outbox == null ? null : unit.participate(outbox.connections(), this);
    }

    /** Restores the participant {@link #register} replaced. */
    void unregister(OutboxParticipant previous) {
        if (outbox != null) {
            unit.participate(outbox.connections(), previous);
        }
    }
}
