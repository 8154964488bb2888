package dev.cutover.dual.internal;

import dev.cutover.Backend;
import dev.cutover.dual.DualWriteConfigurationException;
import dev.cutover.dual.MirrorMode;
import dev.cutover.dual.Outbox;
import dev.cutover.dual.OutboxEntry;
import dev.cutover.dual.OutboxKey;
import dev.cutover.routing.RepositoryMethod;
import dev.cutover.routing.spi.RouteHandler;
import dev.cutover.routing.spi.RoutedCall;
import dev.cutover.store.EntityStore;
import dev.cutover.tx.spi.OutboxParticipant;
import dev.cutover.tx.spi.UnitOfWork;
import java.time.Clock;
import java.time.temporal.ChronoUnit;
import java.util.Collections;
import java.util.EnumMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * The write handler of both dual routes: one call, top to bottom.
 *
 * <ol>
 *   <li>joins the caller's unit of work, or opens one for the call whose transaction on the primary begins only when a
 *       statement needs it;</li>
 *   <li>registers the call's {@link OutboxParticipation} on the unit and calls the primary's implementation: a store's
 *       write of a mirrored table asks its connections for its outbox entries and carries them in its own statement
 *       (in autocommit while the call's own transaction has not begun: one round trip), reporting to the
 *       participation;</li>
 *   <li>records the keys of the call's {@link WritePlan} that no statement carried, in the unit's transaction;</li>
 *   <li>finishes its own unit, and mirrors ({@link Mirroring}) what statements committed by themselves; the unit's end
 *       mirrors what was recorded in it ({@link UnitWrites}).</li>
 * </ol>
 *
 * Thread-safe.
 */
final class DualWriteHandler implements RouteHandler {
    private final Clock clock;
    private final Map<Backend, Outbox> outboxes;
    private final Map<Class<?>, Map<String, WritePlan>> plans;
    private final Mirroring mirroring;
    /** Per backend, its stores of the mirrored tables, by identity: the writes that may carry their outbox entries. */
    private final Map<Backend, Map<EntityStore<?, ?>, MirroredTable<?, ?>>> primaryStores = new EnumMap<>(Backend.class);
    /** Per backend, its outbox if that can ride inside a store's statement. */
    private final Map<Backend, TableOutbox> cooperativeOutboxes = new EnumMap<>(Backend.class);
    /** The key of this handler's books in a unit of work; a private object so that nothing else can reach them. */
    private final Object unitKey = new Object();
    private final OutboxWatch watch;
    private final CopiesInFlight inFlight;

    DualWriteHandler(Clock clock, Map<Backend, Outbox> outboxes, Map<String, MirroredTable<?, ?>> tables,
            Map<Class<?>, Map<String, WritePlan>> plans, Mirroring mirroring, OutboxWatch watch, CopiesInFlight inFlight) {
        this.clock = clock;
        this.inFlight = inFlight;
        this.watch = watch;
        this.outboxes = outboxes;
        this.plans = plans;
        this.mirroring = mirroring;
        for (Backend backend : Backend.values()) {
            Map<EntityStore<?, ?>, MirroredTable<?, ?>> stores = new IdentityHashMap<>();
            tables.values().forEach(table -> stores.put(table.store(backend), table));
            primaryStores.put(backend, Collections.unmodifiableMap(stores));
            if (outboxes.get(backend) instanceof TableOutbox table && table.insertsInStatement()) {
                cooperativeOutboxes.put(backend, table);
            }
        }
    }

    /**
     * Outside a unit of work, the call runs in a unit of its own whose transaction on the primary begins only when a
     * statement needs it: a store's write that carries its outbox entries ({@link CooperativeStatement}) before that runs
     * in autocommit, one round trip, atomic by itself. Whatever else the call writes is recorded in the transaction, as
     * inside a caller's unit of work, before it commits.
     */
    @Override
    public Object handle(RoutedCall call) throws Throwable {
        return handle(call, call.decision().route().primary(), plan(call.method()), true);
    }

    /**
     * The write handler of the single routes {@code legacy} and {@code postgres}: a call goes straight to its backend,
     * unless the other backend's outbox may still hold entries ({@link OutboxWatch}). Then the call is recorded in its
     * own backend's outbox as a dual route's would be, and the reconciler copies its rows to the other backend: the
     * recorded entry is the newer write of its rows, so an older entry of the other side is never copied over it.
     * Methods of repositories dual-write does not mirror always go straight through.
     */
    RouteHandler singleRoute() {
        return call -> {
            Backend primary = call.decision().route().primary();
            Map<String, WritePlan> ofRepository = plans.get(call.method().type());
            WritePlan plan = ofRepository == null ? null : ofRepository.get(call.method().method());
            if (plan == null || watch.empty(primary.other())) {
                return call.invoke(primary);
            }
            return handle(call, primary, plan, false);
        };
    }

    /**
     * @param copyNow whether a synchronous mirror copies the rows on the caller's thread (a dual route), or leaves them
     *                to the reconciler (a single route's recorded write)
     */
    private Object handle(RoutedCall call, Backend primary, WritePlan plan, boolean copyNow) throws Throwable {
        UnitOfWork unit = UnitOfWork.current();
        if (unit != null) {
            OutboxParticipation participation = participation(primary, unit, false, copyNow);
            Object result = invoke(call, primary, participation);
            record(unit, primary, plan.keys(call.arguments(), result, participation), false, copyNow);
            return result;
        }
        // Until its entries are handed over, the reconciler's scans leave them to this call (it copies them itself).
        Object copying = copyNow ? inFlight.begin(clock.instant().truncatedTo(ChronoUnit.MICROS).minusNanos(1_000)) : null;
        try {
            return handleInOwnUnit(call, primary, plan, copyNow);
        } finally {
            if (copying != null) {
                inFlight.done(copying);
            }
        }
    }

    private Object handleInOwnUnit(RoutedCall call, Backend primary, WritePlan plan, boolean copyNow) throws Throwable {
        UnitOfWork own = UnitOfWork.begin();
        OutboxParticipation participation = participation(primary, own, true, copyNow);
        Object result;
        boolean begun; // whether the call's own statements ran in a transaction: then they may have written rows again
        try {
            result = invoke(call, primary, participation);
            begun = participation.transactionBegun();
            List<OutboxKey> keys = plan.keys(call.arguments(), result, participation);
            if (participation.anyCommitted() && !begun) {
                keys = participation.withoutCommitted(keys);
            }
            record(own, primary, keys, true, copyNow); // may begin the transaction, for outbox rows only
        } catch (Throwable failure) {
            try {
                own.finish(false);
            } catch (RuntimeException rollbackFailure) {
                failure.addSuppressed(rollbackFailure);
            }
            completedInAutocommit(primary, participation, participation.transactionBegun());
            throw failure;
        }
        try {
            own.finish(true);
        } finally {
            completedInAutocommit(primary, participation, begun);
        }
        return result;
    }

    private OutboxParticipation participation(Backend primary, UnitOfWork unit, boolean lazy, boolean copyNow) {
        return new OutboxParticipation(primary, unit, lazy, cooperativeOutboxes.get(primary), primaryStores.get(primary),
                () -> UnitWrites.of(unit, unitKey, mirroring), copyNow && mirroring.mode() == MirrorMode.SYNCHRONOUS,
                clock);
    }

    /** Calls the primary's implementation with the participation registered on the unit for the length of the call. */
    private static Object invoke(RoutedCall call, Backend primary, OutboxParticipation participation) throws Throwable {
        OutboxParticipant previous = participation.register();
        try {
            return call.invoke(primary);
        } finally {
            participation.unregister(previous);
        }
    }

    /**
     * Mirrors (or hands over) the entries that writes in autocommit committed, whatever became of the call. Their rows as
     * the statements returned them are the primary's current ones unless a transaction of the call may have written
     * them again; then they are read back.
     */
    private void completedInAutocommit(Backend primary, OutboxParticipation participation, boolean transactionBegun) {
        if (participation.anyCommitted()) {
            mirroring.completed(primary, participation.committed(), true, participation.mirrorsSynchronously(),
                    transactionBegun ? Map.of() : participation.rowsWritten());
        }
    }

    private WritePlan plan(RepositoryMethod method) {
        Map<String, WritePlan> ofRepository = plans.get(method.type());
        WritePlan plan = ofRepository == null ? null : ofRepository.get(method.method());
        if (plan == null) {
            throw new DualWriteConfigurationException(method.qualifiedName() + " is on a dual route, but dual-write was not "
                    + "configured for " + method.type().getName() + "; add .repository(" + method.repository()
                    + ".class, mapping, legacyStore, postgresStore) to DualWrites.custom() for each table it writes");
        }
        return plan;
    }

    /**
     * Records the keys in the primary's outbox once per unit of work; the unit's books arrange their mirroring after it
     * ends.
     *
     * @param mayCommit whether the unit is dual-write's own: the insert may then commit it in the same round trip
     */
    private void record(UnitOfWork unit, Backend primary, List<OutboxKey> keys, boolean mayCommit, boolean copyNow) {
        if (keys.isEmpty()) {
            return;
        }
        UnitWrites writes = UnitWrites.of(unit, unitKey, mirroring);
        List<OutboxKey> fresh = writes.fresh(primary, keys);
        if (fresh.isEmpty()) {
            return;
        }
        Outbox outbox = outboxes.get(primary);
        List<OutboxEntry> entries = mayCommit && unit.touchedOnly(primary) ? outbox.recordAndCommit(fresh, clock.instant())
                : null;
        writes.recorded(primary, entries != null ? entries : outbox.record(fresh, clock.instant()),
                copyNow && mirroring.mode() == MirrorMode.SYNCHRONOUS);
    }
}
