package dev.cutover.verify;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cutover.reference.Client;
import dev.cutover.reference.Mappings;
import dev.cutover.reference.ReferenceData;
import dev.cutover.reference.legacy.LegacyTables;
import dev.cutover.store.EntityStore;
import dev.cutover.testsupport.Await;
import dev.cutover.verify.VerifyReport.Status;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Verifying while the application writes: a row that differs only for a moment is re-checked, not reported. */
class VerifyLiveTest {
    private static final ReferenceData DATA = ReferenceData.generate(11, 2, 500);
    private static ReferencePair pair;

    @BeforeAll
    static void create() {
        pair = ReferencePair.create("verify_live");
    }

    @AfterAll
    static void close() {
        pair.close();
    }

    @BeforeEach
    void load() {
        pair.reset();
        pair.load(DATA);
        pair.targetDatabase.execute("UPDATE clients SET name = 'Not Yet Mirrored' WHERE id = 700");
    }

    private static Verifier<Client, Long> verifier(VerifyConfig config) {
        return Verifier.of(Mappings.CLIENTS, pair.legacy, LegacyTables.CLIENTS, pair.postgres, config);
    }

    /** A reconciler on another thread copies legacy's row 700 to PostgreSQL after it was found different. */
    private static VerifyListener fixingBeforeTheFirstRecheck(List<List<?>> rechecked) {
        return new VerifyListener() {
            @Override
            public void beforeRecheck(List<?> keys, int attempt) {
                rechecked.add(List.copyOf(keys));
                if (attempt == 1) {
                    Thread writer = new Thread(() -> pair.postgres.store(Mappings.CLIENTS).upsertAll(
                            pair.legacy.store(Mappings.CLIENTS, LegacyTables.CLIENTS).findByKeys(List.of(700L))));
                    writer.start();
                    try {
                        writer.join();
                    } catch (InterruptedException e) {
                        throw new AssertionError(e);
                    }
                }
            }
        };
    }

    @Test
    void shouldNotReportARowFixedByAConcurrentWriterBeforeItWasRecheckedByChecksum() {
        List<List<?>> rechecked = new CopyOnWriteArrayList<>();
        VerifyReport report = verifier(VerifyConfig.custom().rangeSize(200).pageSize(50).recheckDelay(Duration.ZERO)
                .listener(fixingBeforeTheFirstRecheck(rechecked)).build()).verify();

        assertThat(rechecked).containsExactly(List.of(700L));
        assertThat(report.status()).isEqualTo(Status.EQUAL);
        assertThat(report.exitCode()).isZero();
        assertThat(report.mismatches()).isEmpty();
        assertThat(report.transientRows()).isEqualTo(1);
        assertThat(report.statistics().rowsRechecked()).isEqualTo(1);
    }

    @Test
    void shouldNotReportARowFixedByAConcurrentWriterBeforeItWasRecheckedRowByRow() {
        List<List<?>> rechecked = new CopyOnWriteArrayList<>();
        VerifyReport report = verifier(VerifyConfig.custom().checksums(false).pageSize(50).recheckDelay(Duration.ZERO)
                .listener(fixingBeforeTheFirstRecheck(rechecked)).build()).verify();

        assertThat(rechecked).containsExactly(List.of(700L));
        assertThat(report.status()).isEqualTo(Status.EQUAL);
        assertThat(report.transientRows()).isEqualTo(1);
    }

    @Test
    void shouldReportARowThatStillDiffersAfterEveryRecheck() {
        List<Integer> attempts = new CopyOnWriteArrayList<>();
        VerifyReport report = verifier(VerifyConfig.custom().rangeSize(200).pageSize(50).recheckAttempts(3)
                .recheckDelay(Duration.ofMillis(20)).listener(new VerifyListener() {
                    @Override
                    public void beforeRecheck(List<?> keys, int attempt) {
                        attempts.add(attempt);
                    }
                }).build()).verify();

        assertThat(attempts).containsExactly(1, 2, 3);
        assertThat(report.status()).isEqualTo(Status.DIFFERENT);
        assertThat(report.mismatches()).extracting(RowMismatch::toString)
                .containsExactly("different id=700 [700]:\n    name: legacy='" + DATA.clients().get(699).name()
                        + "' postgres='Not Yet Mirrored'");
        assertThat(report.transientRows()).isZero();
        assertThat(report.duration()).isGreaterThanOrEqualTo(Duration.ofMillis(60));
    }

    /**
     * The application writes legacy first and mirrors each write to PostgreSQL a few milliseconds later, all
     * through the verification: rows caught between the two writes are re-checked 300 ms later, when the mirror
     * has caught up, and none is reported.
     */
    @Test
    void shouldReportNothingWhileWritesAreMirroredWithALag() throws Exception {
        pair.postgres.store(Mappings.CLIENTS).upsertAll(
                pair.legacy.store(Mappings.CLIENTS, LegacyTables.CLIENTS).findByKeys(List.of(700L)));
        AtomicBoolean stop = new AtomicBoolean();
        AtomicInteger written = new AtomicInteger();
        EntityStore<Client, Long> legacyClients = pair.legacy.store(Mappings.CLIENTS, LegacyTables.CLIENTS);
        EntityStore<Client, Long> postgresClients = pair.postgres.store(Mappings.CLIENTS);
        // The mirror runs 5 ms after the legacy write, as an asynchronous mirror would; the application waits for it.
        ScheduledExecutorService mirror = Executors.newSingleThreadScheduledExecutor();
        Thread application = new Thread(() -> {
            List<Client> clients = new ArrayList<>(DATA.clients());
            for (int i = 0; !stop.get() && i < clients.size(); i++) {
                Client c = clients.get((i * 37) % clients.size());
                Client changed = new Client(c.id(), c.yclientsId(), c.companyId(), c.name() + " (moved)", c.phone(),
                        c.email(), c.aiContext(), c.visitHistory(), !c.vip(), c.balance(), c.createdAt(), c.updatedAt());
                legacyClients.upsertAll(List.of(changed));
                try {
                    mirror.schedule(() -> postgresClients.upsertAll(List.of(changed)), 5, TimeUnit.MILLISECONDS).get();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                } catch (ExecutionException e) {
                    throw new AssertionError("The mirror failed", e.getCause());
                }
                written.incrementAndGet();
            }
        });
        application.start();
        VerifyReport byRows;
        VerifyReport byChecksum;
        try {
            Await.until("the application's first mirrored write", () -> written.get() > 0);
            byRows = verifier(VerifyConfig.custom().checksums(false).pageSize(50)
                    .recheckDelay(Duration.ofMillis(300)).build()).verify();
            byChecksum = verifier(VerifyConfig.custom().rangeSize(100).pageSize(20)
                    .recheckDelay(Duration.ofMillis(300)).build()).verify();
        } finally {
            stop.set(true);
            application.join();
            mirror.shutdownNow();
        }

        assertThat(written.get()).isPositive();
        assertThat(byRows.status()).as(byRows.toText()).isEqualTo(Status.EQUAL);
        assertThat(byChecksum.status()).as(byChecksum.toText()).isEqualTo(Status.EQUAL);
    }
}
