package dev.cutover.cdc;

import static dev.cutover.cdc.CapturePair.change;
import static org.assertj.core.api.Assertions.assertThat;

import dev.cutover.backfill.Backfill;
import dev.cutover.backfill.BackfillConfig;
import dev.cutover.backfill.BackfillFence;
import dev.cutover.backfill.BackfillReport;
import dev.cutover.backfill.BackfillSource;
import dev.cutover.cdc.CapturePair.ManualFeed;
import dev.cutover.dual.DualWrites;
import dev.cutover.dual.Reconciler;
import dev.cutover.dual.spi.UncommittedCopies;
import dev.cutover.mapping.EntityMapping;
import dev.cutover.reference.Client;
import dev.cutover.reference.Mappings;
import dev.cutover.reference.legacy.LegacyTables;
import dev.cutover.routing.Route;
import dev.cutover.testsupport.Await;
import dev.cutover.verify.VerifyReport;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The feed runs before and during the backfill: a row deleted on legacy while its chunk is being copied (the chunk has
 * read it and not committed) must not come back stale when the chunk commits. The chunk is held open by a latch in its
 * source, so the race is made, not waited for. With the reconciler told of the backfill's chunks
 * ({@link BackfillFence}), the delete's entry is kept until the chunk commits, then settled: the row is removed.
 */
@Tag("slow")
class BackfillHandoverTest {
    private static CapturePair pair;

    @BeforeAll
    static void create() {
        pair = new CapturePair("cdc_handover");
    }

    @AfterAll
    static void close() {
        if (pair != null) {
            pair.close();
        }
    }

    @Test
    void shouldApplyAChangeMadeDuringItsChunksCopyOnlyAfterTheChunkCommits() throws Exception {
        for (long id = 1; id <= 20; id++) {
            pair.insertLegacyClient(id, "client " + id);
        }
        ManualFeed feed = new ManualFeed();
        AskedFence fence = new AskedFence(BackfillFence.of(pair.postgres));
        LatchedSource source = new LatchedSource(BackfillSource.legacy(pair.legacy,
                pair.legacy.store(Mappings.CLIENTS, LegacyTables.CLIENTS)));
        try (ChangeCapture capture = pair.capture(feed, TableRoutes.fixed(Route.LEGACY_DUAL));
                DualWrites dualWrites = DualWrites.custom().outbox(pair.legacyOutbox).outbox(pair.postgresOutbox)
                        .table(Mappings.CLIENTS, pair.legacy.store(Mappings.CLIENTS, LegacyTables.CLIENTS),
                                pair.postgres.store(Mappings.CLIENTS))
                        .uncommittedCopies(fence).gracePeriod(Duration.ZERO)
                        .build()) {
            capture.start();
            Reconciler reconciler = dualWrites.startReconciler();
            CompletableFuture<BackfillReport> backfill = CompletableFuture.supplyAsync(() -> Backfill.of("handover", source,
                    pair.postgres, BackfillConfig.custom().chunkSize(100).workers(1).build()).run());
            assertThat(source.read.await(30, TimeUnit.SECONDS)).as("the chunk has read legacy").isTrue();

            pair.legacyDatabase.execute("DELETE FROM tbl_clients WHERE client_id = 5");
            feed.deliver(change(List.of(5L), List.of(), Instant.now()));
            // Asked a second time: its first pass over the entry has finished, and kept it.
            Await.until("the reconciler passed over row 5's entry twice", Duration.ofSeconds(30),
                    () -> fence.askedAbout(5L) >= 2);
            assertThat(pair.legacyDatabase.queryLong("SELECT count(*) FROM cutover_outbox WHERE entity_key = '[5]'"))
                    .as("the delete's entry is kept while the chunk is open").isEqualTo(1);

            source.release.countDown();
            assertThat(backfill.get(60, TimeUnit.SECONDS).rowsCopied()).as("the chunk copied the row read before the delete")
                    .isEqualTo(20);
            assertThat(reconciler.awaitEmpty(Duration.ofSeconds(60))).isTrue();
            assertThat(pair.targetName(5)).as("the deleted row is not left behind").isNull();
            VerifyReport during = pair.verify();
            assertThat(during.status()).as(during.toText()).isEqualTo(VerifyReport.Status.EQUAL);

            // After the backfill: plain-SQL writes keep arriving.
            pair.legacyDatabase.execute("UPDATE tbl_clients SET full_name = 'six, later' WHERE client_id = 6",
                    "DELETE FROM tbl_clients WHERE client_id = 7");
            pair.insertLegacyClient(21, "twenty-one");
            Instant later = Instant.now();
            feed.deliver(change(List.of(6L), List.of(6L), later), change(List.of(7L), List.of(), later),
                    change(List.of(), List.of(21L), later));
            assertThat(reconciler.awaitEmpty(Duration.ofSeconds(60))).isTrue();
        }
        assertThat(pair.targetName(6)).isEqualTo("six, later");
        assertThat(pair.targetName(7)).isNull();
        assertThat(pair.targetName(21)).isEqualTo("twenty-one");
        VerifyReport after = pair.verify();
        assertThat(after.status()).as(after.toText()).isEqualTo(VerifyReport.Status.EQUAL);
    }

    /** The backfill's fence, counting how often the reconciler asked about each key. */
    private static final class AskedFence implements UncommittedCopies {
        private final UncommittedCopies fence;
        private final Map<Object, Integer> asked = new ConcurrentHashMap<>();

        AskedFence(UncommittedCopies fence) {
            this.fence = fence;
        }

        @Override
        public <K> Set<K> holding(EntityMapping<?, K> mapping, Collection<K> keys) {
            Set<K> held = fence.holding(mapping, keys);
            keys.forEach(key -> asked.merge(key, 1, Integer::sum));
            return held;
        }

        int askedAbout(Object key) {
            return asked.getOrDefault(key, 0);
        }
    }

    /** The legacy source, holding its first chunk's read open until released: the chunk's transaction stays uncommitted. */
    private static final class LatchedSource implements BackfillSource<Client, Long> {
        final CountDownLatch read = new CountDownLatch(1);
        final CountDownLatch release = new CountDownLatch(1);
        private final BackfillSource<Client, Long> source;

        LatchedSource(BackfillSource<Client, Long> source) {
            this.source = source;
        }

        @Override
        public EntityMapping<Client, Long> mapping() {
            return source.mapping();
        }

        @Override
        public String description() {
            return source.description();
        }

        @Override
        public Page keys(Object[] after, int limit, Consumer<Object[]> visitor) {
            return source.keys(after, limit, visitor);
        }

        @Override
        public Page read(Object[] after, Object[] upTo, int limit, RowVisitor visitor) {
            Page page = source.read(after, upTo, limit, visitor);
            if (read.getCount() > 0) {
                read.countDown();
                try {
                    if (!release.await(60, TimeUnit.SECONDS)) {
                        throw new IllegalStateException("the test never released the chunk");
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException(e);
                }
            }
            return page;
        }
    }
}
