package dev.cutover.dual;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cutover.Backend;
import dev.cutover.dual.DualWritesKeysTest.MemoryStore;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code settleRate} holds a reconciler's drain of a backlog to the rate given: a lower bound on the drain's time, which
 * load can only lengthen. In memory (pure logic): the backlog settles in milliseconds without the limit.
 */
class SettleRateTest {
    private static final int ROWS = 300;

    @Test
    void shouldDrainABacklogNoFasterThanTheRate(@TempDir Path dir) throws Exception {
        MemoryStore postgres = new MemoryStore();
        try (DualWrites dualWrites = backlog(dir, postgres, 400)) {
            long start = System.nanoTime();
            Reconciler reconciler = dualWrites.startReconciler();
            assertThat(reconciler.awaitEmpty(Duration.ofSeconds(60))).isTrue();
            long tookMillis = (System.nanoTime() - start) / 1_000_000;
            // 300 entries at 400 a second in rounds of at most 4 x 2 x 20 = 160: the rounds before the last wait at least
            // (300 - 160) / 400 s = 350 ms before the outbox is empty
            assertThat(tookMillis).as("drain time at 400 entries/s").isGreaterThanOrEqualTo(300);
            assertThat(reconciler.stats().settled()).isEqualTo(ROWS);
        }
        assertThat(postgres.rows).hasSize(ROWS);
    }

    @Test
    void shouldRefuseANegativeRateNamingIt() {
        assertThatThrownBy(() -> DualWrites.custom().settleRate(-5)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("settleRate must be >= 0 entries a second (0: no limit); got -5");
    }

    /** One outbox entry for each of {@value #ROWS} legacy rows the secondary lacks, as an outage leaves them. */
    private static DualWrites backlog(Path dir, MemoryStore postgres, int settleRate) {
        MemoryStore legacy = new MemoryStore();
        List<OutboxKey> keys = DualWritesKeysTest.accounts(legacy, ROWS);
        Outbox outbox = Outbox.journal(Backend.LEGACY, dir.resolve("legacy.journal"));
        outbox.record(keys, Instant.now().minus(Duration.ofHours(1)));
        return DualWrites.custom()
                .outbox(outbox)
                .outbox(Outbox.journal(Backend.POSTGRES, dir.resolve("postgres.journal")))
                .table(DualWritesKeysTest.ACCOUNTS, legacy, postgres)
                .batchSize(20)
                .settleRate(settleRate)
                .build();
    }
}
