package dev.cutover.dual;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cutover.Backend;
import dev.cutover.DataAccessException;
import dev.cutover.dual.DualWritesKeysTest.Account;
import dev.cutover.dual.DualWritesKeysTest.MemoryStore;
import dev.cutover.mapping.EntityMapping;
import dev.cutover.store.EntityStore;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A long backlog is settled in two parts at once: never a row by two threads at once, and a failed part keeps only its entries. */
class ReconcileInPartsTest {
    private static final int ROWS = 500;

    @Test
    void shouldSettleALongBacklogInTwoPartsAtOnceEachRowInOnePart(@TempDir Path dir) throws Exception {
        Secondary postgres = new Secondary(-1);

        try (DualWrites dualWrites = backlog(dir, postgres)) {
            Reconciler reconciler = dualWrites.startReconciler();
            assertThat(reconciler.awaitEmpty(Duration.ofSeconds(60))).isTrue();
            assertThat(reconciler.stats().settled()).isEqualTo(2 * ROWS);
        }

        assertThat(postgres.rows.rows).hasSize(ROWS);
        assertThat(postgres.rows.rows.get(17L).name()).isEqualTo("account 17");
        assertThat(postgres.metAnotherPart).as("two parts wrote at the same time").isTrue();
        assertThat(postgres.threads).contains("cutover-reconciler", "cutover-reconciler-settle");
        assertThat(postgres.overlaps).as("rows written by two threads at once").isEmpty();
        assertThat(postgres.writes.values()).as("writes per row: each row's two entries settled together").containsOnly(1);
    }

    @Test
    void shouldKeepOnlyTheFailedPartsEntriesAndSettleThemOnTheNextPass(@TempDir Path dir) throws Exception {
        Secondary postgres = new Secondary(42);

        try (DualWrites dualWrites = backlog(dir, postgres)) {
            Reconciler reconciler = dualWrites.startReconciler();
            assertThat(reconciler.awaitEmpty(Duration.ofSeconds(60))).isTrue();
            assertThat(reconciler.stats().failed()).isEqualTo(1);
            // The other part's entries were removed once: the whole batch carried over would count them twice.
            assertThat(reconciler.stats().settled()).isEqualTo(2 * ROWS);
        }

        assertThat(postgres.rows.rows).hasSize(ROWS);
        assertThat(postgres.metAnotherPart).isTrue();
        assertThat(postgres.writes.values()).containsOnly(1);
    }

    /** Two outbox entries for each of {@value #ROWS} legacy rows the secondary lacks, as an outage leaves them. */
    private static DualWrites backlog(Path dir, Secondary postgres) {
        MemoryStore legacy = new MemoryStore();
        List<OutboxKey> keys = DualWritesKeysTest.accounts(legacy, ROWS);
        Outbox outbox = Outbox.journal(Backend.LEGACY, dir.resolve("legacy.journal"));
        Instant anHourAgo = Instant.now().minus(Duration.ofHours(1));
        outbox.record(keys, anHourAgo);
        outbox.record(keys, anHourAgo.plusSeconds(1));
        return DualWrites.custom()
                .outbox(outbox)
                .outbox(Outbox.journal(Backend.POSTGRES, dir.resolve("postgres.journal")))
                .table(DualWritesKeysTest.ACCOUNTS, legacy, postgres)
                .backoff(Duration.ofMillis(10), Duration.ofMillis(20))
                .build();
    }

    /**
     * The secondary: a memory store that notes each thread writing, rows written by two threads at once, writes per row;
     * its first write waits (bounded) for a second one to begin, and the first write holding row {@code failOnce}
     * fails as an unreachable database does.
     */
    static final class Secondary implements EntityStore<Account, Long> {
        final MemoryStore rows = new MemoryStore();
        final Set<String> threads = ConcurrentHashMap.newKeySet();
        final Set<Long> overlaps = ConcurrentHashMap.newKeySet();
        final Map<Long, Integer> writes = new ConcurrentHashMap<>();
        private final Map<Long, String> writing = new ConcurrentHashMap<>();
        private final CyclicBarrier firstTwo = new CyclicBarrier(2);
        private final AtomicInteger calls = new AtomicInteger();
        private final AtomicBoolean failed = new AtomicBoolean();
        private final long failOnce;
        volatile boolean metAnotherPart;

        Secondary(long failOnce) {
            this.failOnce = failOnce;
        }

        @Override
        public int upsertAll(Collection<? extends Account> entities) {
            String thread = Thread.currentThread().getName();
            threads.add(thread);
            if (calls.incrementAndGet() <= 2) {
                try {
                    firstTwo.await(10, TimeUnit.SECONDS);
                    metAnotherPart = true;
                } catch (Exception e) {
                    firstTwo.reset(); // a single part: the test's assertion says so
                }
            }
            if (entities.stream().anyMatch(a -> a.id() == failOnce) && failed.compareAndSet(false, true)) {
                throw new DataAccessException(Backend.POSTGRES, "connection lost",
                        new SQLException("connection lost", "08006"));
            }
            for (Account account : entities) {
                if (writing.putIfAbsent(account.id(), thread) != null) {
                    overlaps.add(account.id());
                }
            }
            try {
                entities.forEach(account -> writes.merge(account.id(), 1, Integer::sum));
                return rows.upsertAll(entities);
            } finally {
                entities.forEach(account -> writing.remove(account.id()));
            }
        }

        @Override
        public EntityMapping<Account, Long> mapping() {
            return rows.mapping();
        }

        @Override
        public Optional<Account> findByKey(Long key) {
            return rows.findByKey(key);
        }

        @Override
        public List<Account> findByKeys(Collection<Long> keys) {
            return rows.findByKeys(keys);
        }

        @Override
        public List<Account> scan(Long afterKey, int limit) {
            return rows.scan(afterKey, limit);
        }

        @Override
        public int deleteByKeys(Collection<Long> keys) {
            return rows.deleteByKeys(keys);
        }

        @Override
        public long count() {
            return rows.count();
        }
    }
}
