package dev.cutover.resilience;

import dev.cutover.Backend;
import dev.cutover.DataAccessException;
import dev.cutover.retry.Idempotent;
import java.sql.SQLException;
import java.util.Optional;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/** A repository whose in-memory implementations fail, hang or answer as a test says. */
public interface Accounts {
    Optional<String> findName(long id);

    /** A write not declared idempotent. */
    void updateName(long id, String name);

    @Idempotent
    void saveAccount(long id, String name);

    /** One side: each call takes the next queued failure, else the standing one, else answers. */
    final class Side implements Accounts {
        final Backend backend;
        final AtomicInteger calls = new AtomicInteger();
        final ConcurrentLinkedDeque<RuntimeException> next = new ConcurrentLinkedDeque<>();
        volatile RuntimeException always;
        volatile CountDownLatch gate;

        Side(Backend backend) {
            this.backend = backend;
        }

        private void enter() {
            calls.incrementAndGet();
            CountDownLatch wait = gate;
            try {
                if (wait != null) {
                    wait.await(10, TimeUnit.SECONDS);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            RuntimeException failure = next.poll();
            if (failure == null) {
                failure = always;
            }
            if (failure != null) {
                throw failure;
            }
        }

        @Override
        public Optional<String> findName(long id) {
            enter();
            return Optional.of(backend + ":" + id);
        }

        @Override
        public void updateName(long id, String name) {
            enter();
        }

        @Override
        public void saveAccount(long id, String name) {
            enter();
        }
    }

    /** What an adapter throws for a failed statement with this SQLState. */
    static DataAccessException failure(Backend backend, String sqlState) {
        return new DataAccessException(backend, "Call to " + backend + " failed: simulated " + sqlState,
                new SQLException("simulated " + sqlState, sqlState));
    }
}
