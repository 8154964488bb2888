package dev.cutover.backfill;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cutover.mapping.EntityMapping;
import dev.cutover.postgres.PostgresStore;
import dev.cutover.reference.Client;
import dev.cutover.reference.Mappings;
import dev.cutover.store.EntityStore;
import dev.cutover.testsupport.ManualClock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class BackfillTest {
    private BackfillFixture fixture;
    private List<Client> clients;

    @BeforeAll
    void setUp() {
        fixture = new BackfillFixture("backfill");
        clients = fixture.loadClients(2_500);
    }

    @AfterAll
    void tearDown() {
        fixture.close();
    }

    @BeforeEach
    void emptyTarget() {
        fixture.targetDb.execute("TRUNCATE clients", "DELETE FROM cutover.backfill_runs",
                "DELETE FROM cutover.backfill_quarantine");
    }

    private BackfillConfig.Builder config() {
        return BackfillConfig.custom().chunkSize(300).workers(2);
    }

    @Test
    void shouldCopyEveryRowExactlyAsTheLegacyStoreReadsIt() {
        fixture.legacyDb.execute("UPDATE tbl_clients SET full_name = E'tab\\there\\nnew line\\\\back\\\\nslash \\\\N é 😀 \\r', "
                + "phone = E'\\\\N', email = '', ai_ctx = E'{\"a\\\\tb\": \"x\\\\\\\\y\\\\n\", \"é\": [1.50, -0.5, 0]}' "
                + "WHERE client_id = 7");
        BackfillReport report = fixture.backfill("copy", config().build()).run();

        assertThat(report.rowsCopied()).isEqualTo(2_500);
        assertThat(report.rowsSkipped()).isZero();
        assertThat(report.rowsQuarantined()).isZero();
        assertThat(report.complete()).isTrue();
        assertThat(report.chunksDone()).isEqualTo(9);
        assertThat(report.sourcePageCap()).isEmpty();
        PostgresStore<Client, Long> target = fixture.postgres.store(Mappings.CLIENTS);
        assertThat(target.scan(null, 10_000)).isEqualTo(fixture.legacyClients.scan(null, 10_000));
        assertThat(target.findByKey(7L).orElseThrow().name()).isEqualTo("tab\there\nnew line\\back\\nslash \\N é 😀 \r");
        assertThat(target.findByKey(7L).orElseThrow().phone()).isEqualTo("\\N");
        assertThat(target.findByKey(7L).orElseThrow().email()).isEmpty();
    }

    @Test
    void shouldChangeNothingWhenAFinishedRunIsRunAgain() {
        Backfill<Client, Long> backfill = fixture.backfill("again", config().build());
        backfill.run();
        String before = fixture.targetDb.queryLong("SELECT count(*) FROM clients") + "/"
                + fixture.targetDb.queryLong("SELECT sum(hashtext(c::text)) FROM clients c");

        BackfillReport again = backfill.run();
        BackfillReport newProcess = fixture.backfill("again", config().build()).run();

        assertThat(again.rowsDone()).isZero();
        assertThat(again.chunksDone()).isZero();
        assertThat(again.complete()).isTrue();
        assertThat(newProcess.rowsDone()).isZero();
        assertThat(fixture.targetDb.queryLong("SELECT count(*) FROM clients") + "/"
                + fixture.targetDb.queryLong("SELECT sum(hashtext(c::text)) FROM clients c")).isEqualTo(before);
        assertThat(backfill.status()).isEqualTo(new BackfillStatus("again", "clients", 9, 9, 0, 0, 2_500, 0, 0, 2_500));
    }

    @Test
    void shouldReadPastASourceThatCapsItsPagesAndReportTheCap() {
        EntityStore<Client, Long> capped = new PageCappedStore<>(fixture.legacyClients, 200);
        Backfill<Client, Long> backfill = Backfill.of("capped", BackfillSource.store(capped), fixture.postgres,
                config().chunkSize(500).build());

        BackfillReport report = backfill.run();

        assertThat(report.rowsCopied()).isEqualTo(2_500);
        assertThat(report.sourcePageCap()).hasValue(200);
        assertThat(fixture.targetCount()).isEqualTo(2_500);
        assertThat(fixture.targetDb.queryLong("SELECT max(id) FROM clients")).isEqualTo(2_500);
    }

    @Test
    void shouldPlanCompleteChunksFromASourceThatCapsItsPages() {
        EntityStore<Client, Long> capped = new PageCappedStore<>(fixture.legacyClients, 200);
        BackfillPlan plan = Backfill.of("capped-plan", BackfillSource.store(capped), fixture.postgres,
                config().chunkSize(1_000).build()).plan();

        assertThat(plan.chunks()).isEqualTo(3);
        assertThat(fixture.targetDb.queryLong("SELECT count(*) FROM cutover.backfill_chunks WHERE run = 'capped-plan' "
                + "AND upper_key = '[2000]'::jsonb AND lower_key = '[1000]'::jsonb")).isEqualTo(1);
    }

    @Test
    void shouldNotOverwriteARowTheApplicationWroteDuringTheRun() {
        for (LiveSafety mode : LiveSafety.values()) {
            emptyTarget();
            PostgresStore<Client, Long> target = fixture.postgres.store(Mappings.CLIENTS);
            Client newer = withName(clients.get(2_099), "Written by the application");
            AtomicBoolean written = new AtomicBoolean();
            BackfillConfig config = config().workers(1).liveSafety(mode).listener(new BackfillListener() {
                @Override
                public void onProgress(BackfillProgress progress) {
                    if (written.compareAndSet(false, true)) {
                        target.upsertAll(List.of(newer)); // a dual-write, after the first chunk
                    }
                }
            }).build();

            BackfillReport report = fixture.backfill("live-" + mode, config).run();

            assertThat(target.findByKey(2_100L)).contains(newer);
            assertThat(report.rowsSkipped()).as(mode.name()).isEqualTo(1);
            assertThat(report.rowsCopied()).as(mode.name()).isEqualTo(2_499);
            assertThat(fixture.targetCount()).isEqualTo(2_500);
        }
    }

    @Test
    void shouldInsertOnlyMissingRowsWhenTheTargetAlreadyHoldsSomeDifferingOnes() {
        PostgresStore<Client, Long> target = fixture.postgres.store(Mappings.CLIENTS);
        List<Client> already = new ArrayList<>();
        for (int i = 0; i < 2_500; i += 7) {
            already.add(withName(clients.get(i), "newer " + i));
        }
        target.upsertAll(already);

        BackfillReport report = fixture.backfill("partial", config().build()).run();

        assertThat(report.rowsSkipped()).isEqualTo(already.size());
        assertThat(report.rowsCopied()).isEqualTo(2_500 - already.size());
        assertThat(fixture.targetDb.queryLong("SELECT count(*) FROM clients WHERE name LIKE 'newer %'"))
                .isEqualTo(already.size());
    }

    @Test
    void shouldTakeOverALeaseOnlyAfterItExpires() {
        ManualClock clock = new ManualClock(Instant.parse("2026-11-21T10:00:00Z"));
        BackfillConfig config = config().clock(clock).leaseDuration(Duration.ofMinutes(5)).waitForOtherWorkers(false)
                .workerName("survivor").build();
        Backfill<Client, Long> backfill = fixture.backfill("lease", config);
        backfill.plan();
        // A worker on another machine claimed chunk 3, then died.
        fixture.targetDb.execute("UPDATE cutover.backfill_chunks SET status = 'leased', lease_owner = 'dead-host:1/0#0', "
                + "lease_expires_at = '2026-11-21T10:05:00Z', attempts = 1 WHERE run = 'lease' AND chunk = 3");

        BackfillReport first = backfill.run();

        assertThat(first.complete()).isFalse();
        assertThat(first.chunksRemaining()).isEqualTo(1);
        assertThat(first.rowsCopied()).isEqualTo(2_200);
        assertThat(backfill.status().chunksLeased()).isEqualTo(1);

        clock.set(Instant.parse("2026-11-21T10:04:59Z"));
        assertThat(backfill.run().chunksDone()).isZero();

        clock.set(Instant.parse("2026-11-21T10:05:00Z"));
        BackfillReport takeover = backfill.run();

        assertThat(takeover.chunksDone()).isEqualTo(1);
        assertThat(takeover.rowsCopied()).isEqualTo(300);
        assertThat(takeover.complete()).isTrue();
        assertThat(fixture.targetCount()).isEqualTo(2_500);
        assertThat(fixture.targetDb.queryLong("SELECT attempts FROM cutover.backfill_chunks WHERE run = 'lease' AND chunk = 3"))
                .isEqualTo(2);
    }

    @Test
    void shouldReportProgressWithRateAndEta() {
        List<BackfillProgress> seen = new CopyOnWriteArrayList<>();
        fixture.backfill("progress", config().workers(1).listener(new BackfillListener() {
            @Override
            public void onProgress(BackfillProgress progress) {
                seen.add(progress);
            }
        }).build()).run();

        assertThat(seen).hasSize(9);
        assertThat(seen).extracting(BackfillProgress::rowsDone).containsExactly(300L, 600L, 900L, 1_200L, 1_500L, 1_800L,
                2_100L, 2_400L, 2_500L);
        assertThat(seen).allSatisfy(p -> {
            assertThat(p.rowsEstimate()).isEqualTo(2_500);
            assertThat(p.chunksTotal()).isEqualTo(9);
            assertThat(p.rowsPerSecond()).isPositive();
            assertThat(p.eta()).isPresent();
        });
        assertThat(seen.get(8).eta()).contains(Duration.ZERO);
    }

    @Test
    void shouldStopWhenTheSourceFailsAndResumeWhenRunAgain() {
        BackfillSource<Client, Long> healthy = fixture.source();
        BackfillSource<Client, Long> failing = new BackfillSource<>() {
            @Override
            public EntityMapping<Client, Long> mapping() {
                return healthy.mapping();
            }

            @Override
            public String description() {
                return "failing source";
            }


            @Override
            public Page keys(Object[] after, int limit, java.util.function.Consumer<Object[]> visitor) {
                return healthy.keys(after, limit, visitor);
            }

            @Override
            public Page read(Object[] after, Object[] upTo, int limit, RowVisitor visitor) {
                if (after != null && (Long) after[0] == 1_200L && upTo != null && (Long) upTo[0] == 1_500L) {
                    throw new dev.cutover.DataAccessException(dev.cutover.Backend.LEGACY, "legacy database went away", null);
                }
                return healthy.read(after, upTo, limit, visitor);
            }
        };
        BackfillConfig config = config().workers(1).build();

        assertThatThrownBy(() -> Backfill.of("failing", failing, fixture.postgres, config).run())
                .isInstanceOf(BackfillException.class)
                .hasMessage("Backfill run 'failing' of clients stopped after 4 chunks: legacy database went away; "
                        + "finished chunks stay finished, run it again to resume");
        Backfill<Client, Long> resumed = Backfill.of("failing", healthy, fixture.postgres, config);
        assertThat(resumed.status().chunksPending()).isEqualTo(5); // the failed chunk was given back at once
        BackfillReport report = resumed.run();

        assertThat(report.rowsCopied()).isEqualTo(1_300);
        assertThat(fixture.targetCount()).isEqualTo(2_500);
    }

    @Test
    void shouldRefuseARunPlannedIntoAnotherTable() {
        fixture.targetDb.execute("INSERT INTO cutover.backfill_runs VALUES ('moved', 'clients', 'x', 'archive.clients', "
                + "10, 1, 0, 'someone', now())");

        assertThatThrownBy(() -> fixture.backfill("moved", config().build()).plan())
                .isInstanceOf(BackfillException.class)
                .hasMessage("Backfill run 'moved' of clients was planned into archive.clients, not public.clients; "
                        + "use another run name for another target");
    }

    @Test
    void shouldRefuseBadConfiguration() {
        assertThatThrownBy(() -> BackfillConfig.custom().chunkSize(0)).hasMessage(
                "chunkSize must be between 1 and 1000000, was '0'");
        assertThatThrownBy(() -> BackfillConfig.custom().workers(0)).hasMessage("workers must be between 1 and 64, was '0'");
        assertThatThrownBy(() -> BackfillConfig.custom().leaseDuration(Duration.ZERO)).hasMessage(
                "leaseDuration must be at least 1 ms, was 'PT0S'");
        assertThatThrownBy(() -> BackfillConfig.custom().maxQuarantinedPerChunk(-1)).hasMessage(
                "maxQuarantinedPerChunk must be at least 0, was '-1'");
        assertThatThrownBy(() -> BackfillConfig.custom().clean("name", v -> v).clean("name", v -> v)).hasMessage(
                "Column 'name' already has a cleaning rule; give one per column");
        assertThatThrownBy(() -> fixture.backfill(" ", config().build())).hasMessage(
                "Backfill run name must be 1 to 200 characters, not blank, was ' '");
        assertThatThrownBy(() -> fixture.backfill("rules", config().clean("nickname", v -> v).build())).hasMessage(
                "Table clients has no column 'nickname'; its columns: [id, yclients_id, company_id, name, phone, email, "
                        + "ai_context, visit_history, vip, balance, created_at, updated_at]");
    }

    static Client withName(Client c, String name) {
        return new Client(c.id(), c.yclientsId(), c.companyId(), name, c.phone(), c.email(), c.aiContext(),
                c.visitHistory(), c.vip(), c.balance(), c.createdAt(), c.updatedAt());
    }

    /** A store that returns at most {@code cap} rows per scan, whatever was asked: the hosted store's page cap. */
    static final class PageCappedStore<E, K> implements EntityStore<E, K> {
        private final EntityStore<E, K> store;
        private final int cap;

        PageCappedStore(EntityStore<E, K> store, int cap) {
            this.store = store;
            this.cap = cap;
        }

        @Override
        public EntityMapping<E, K> mapping() {
            return store.mapping();
        }

        @Override
        public Optional<E> findByKey(K key) {
            return store.findByKey(key);
        }

        @Override
        public List<E> findByKeys(Collection<K> keys) {
            return store.findByKeys(keys);
        }

        @Override
        public List<E> scan(K afterKey, int limit) {
            return store.scan(afterKey, Math.min(limit, cap));
        }

        @Override
        public int upsertAll(Collection<? extends E> entities) {
            return store.upsertAll(entities);
        }

        @Override
        public int deleteByKeys(Collection<K> keys) {
            return store.deleteByKeys(keys);
        }

        @Override
        public long count() {
            return store.count();
        }
    }
}
