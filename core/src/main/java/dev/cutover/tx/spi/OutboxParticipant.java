package dev.cutover.tx.spi;

import dev.cutover.store.EntityStore;
import java.util.Collection;

/**
 * What a store's write through one backend's connections takes part in while a dual write's primary implementation
 * runs: it tells each write whether to carry its outbox entries in its own statement, and keeps the books of what the
 * statements recorded. Registered on the unit of work ({@link UnitOfWork#participate}) by dual-write, for the primary
 * backend's connections, for the length of the primary call; consulted through
 * {@link dev.cutover.tx.TransactionalConnections#upsertOutbox} and {@code deleteOutbox}. Confined to the unit's thread.
 */
public interface OutboxParticipant {

    /**
     * The outbox entries that {@code store.upsertAll(entities)} is to write in its own statement, or {@code null}: write
     * as usual (the keys are then recorded after the call). Asking has no effect; only {@link StatementOutbox#execute}
     * does.
     */
    StatementOutbox upsert(EntityStore<?, ?> store, Collection<?> entities);

    /** The outbox entries of {@code store.deleteByKeys(keys)}, or {@code null}; as {@link #upsert}. */
    StatementOutbox delete(EntityStore<?, ?> store, Collection<?> keys);
}
