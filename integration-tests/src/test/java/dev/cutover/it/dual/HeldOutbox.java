package dev.cutover.it.dual;

import dev.cutover.Backend;
import dev.cutover.status.Backlog;
import dev.cutover.dual.Outbox;
import dev.cutover.dual.OutboxEntry;
import dev.cutover.dual.OutboxKey;
import dev.cutover.tx.TransactionalConnections;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

/**
 * An outbox that can hold the reconciler at the two points where it asks this outbox for newer entries of the rows it
 * copies here: before its copy ({@link #holdBeforeCopy}, the check outside a unit of work) and between its check inside
 * the copy's transaction and that transaction's commit ({@link #holdBeforeCommit}). Each hold is armed once; the test
 * waits for {@link Hold#reached} and ends it with {@link Hold#release}.
 */
final class HeldOutbox implements Outbox {
    private final Outbox outbox;
    private final AtomicReference<Hold> beforeCopy = new AtomicReference<>();
    private final AtomicReference<Hold> beforeCommit = new AtomicReference<>();

    /** One armed point: reached once by the reconciler, which then waits for the test's release. */
    static final class Hold {
        private final CountDownLatch reached = new CountDownLatch(1);
        private final CountDownLatch released = new CountDownLatch(1);

        /** Whether the reconciler reached this point within 30 s. */
        boolean reached() throws InterruptedException {
            return reached.await(30, TimeUnit.SECONDS);
        }

        boolean isReached() {
            return reached.getCount() == 0;
        }

        void release() {
            released.countDown();
        }

        private void hold() {
            reached.countDown();
            try {
                if (!released.await(60, TimeUnit.SECONDS)) {
                    throw new IllegalStateException("HeldOutbox: the test never released the reconciler");
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("HeldOutbox interrupted", e);
            }
        }
    }

    HeldOutbox(Outbox outbox) {
        this.outbox = outbox;
    }

    /** Holds the next check made outside a unit of work: the reconciler has read both sides and not copied yet. */
    Hold holdBeforeCopy() {
        Hold hold = new Hold();
        beforeCopy.set(hold);
        return hold;
    }

    /** Holds the next check made inside the copy's transaction, once its answer is read and before the commit. */
    Hold holdBeforeCommit() {
        Hold hold = new Hold();
        beforeCommit.set(hold);
        return hold;
    }

    @Override
    public List<OutboxEntry> entriesOf(Collection<OutboxKey> keys) {
        AtomicReference<Hold> point = TransactionalConnections.inUnitOfWork() ? beforeCommit : beforeCopy;
        List<OutboxEntry> entries = outbox.entriesOf(keys);
        Hold hold = point.getAndSet(null);
        if (hold != null) {
            hold.hold();
        }
        return entries;
    }

    @Override
    public Backend primary() {
        return outbox.primary();
    }

    @Override
    public String description() {
        return outbox.description();
    }

    @Override
    public List<OutboxEntry> record(List<OutboxKey> keys, Instant now) {
        return outbox.record(keys, now);
    }

    @Override
    public List<OutboxEntry> pending(Instant createdBefore, int limit) {
        return outbox.pending(createdBefore, limit);
    }

    @Override
    public void remove(Collection<OutboxEntry> entries) {
        outbox.remove(entries);
    }

    @Override
    public boolean transactional() {
        return outbox.transactional();
    }

    @Override
    public Backlog backlog(Instant now) {
        return outbox.backlog(now);
    }
}
