package dev.cutover.it.dual;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cutover.Backend;
import dev.cutover.dual.MirrorMode;
import dev.cutover.dual.OutboxKey;
import dev.cutover.dual.Reconciler;
import dev.cutover.dual.RefusedRow;
import dev.cutover.reference.Client;
import dev.cutover.reference.ClientRepository;
import dev.cutover.reference.ReferenceData;
import dev.cutover.routing.Route;
import dev.cutover.testsupport.Await;
import dev.cutover.testsupport.ManualClock;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.SplittableRandom;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * PostgreSQL refuses one legacy-primary write (a CHECK constraint): the other rows settle, the refused row's entry
 * stays, is retried with its own backoff on the dual-write clock, is reported, and settles once the constraint goes.
 */
class RefusedRowTest {
    private static DualWriteFixture.Databases databases;

    @BeforeAll
    static void createDatabases() {
        databases = DualWriteFixture.Databases.create("dual_refused");
    }

    @AfterAll
    static void dropDatabases() {
        databases.close();
    }

    @Test
    void shouldBackOffARefusedRowAloneAndSettleItOnceTheSecondaryTakesIt() throws Exception {
        databases.reset();
        databases.target().execute("ALTER TABLE clients DROP CONSTRAINT IF EXISTS clients_not_refused",
                "ALTER TABLE clients ADD CONSTRAINT clients_not_refused CHECK (name <> 'Refused')");
        ManualClock clock = new ManualClock(Instant.now().plus(Duration.ofHours(1)));
        SimpleMeterRegistry meters = new SimpleMeterRegistry();
        try (DualWriteFixture fixture = new DualWriteFixture(databases, MirrorMode.SYNCHRONOUS,
                databases.target().jdbcUrl(), builder -> builder.clock(clock).meterRegistry(meters)
                        .backoff(Duration.ofMinutes(1), Duration.ofMinutes(8)))) {
            fixture.routes.set(Route.LEGACY_DUAL);
            ClientRepository clients = fixture.clients();
            SplittableRandom random = new SplittableRandom(7);
            for (long id = 1; id <= 3; id++) {
                Client client = ReferenceData.client(random, id, 1, id);
                clients.save(id == 2 ? new Client(id, id, 1, "Refused", client.phone(), client.email(),
                        client.aiContext(), client.visitHistory(), client.vip(), client.balance(), client.createdAt(),
                        client.updatedAt()) : client);
            }
            Reconciler reconciler = fixture.dualWrites.reconciler();

            boolean settled = reconciler.awaitSettled(Duration.ofSeconds(60));
            assertThat(settled).as("all but the refused row settled: backlog %s, refused %s, outbox %s",
                    reconciler.measureBacklog(), reconciler.refused(),
                    databases.legacy().queryLong("SELECT count(*) FROM cutover_outbox")).isTrue();
            assertThat(databases.target().queryLong("SELECT count(*) FROM clients WHERE id IN (1, 3)")).isEqualTo(2);
            assertThat(databases.target().queryLong("SELECT count(*) FROM clients WHERE id = 2")).isZero();
            assertThat(databases.legacy().queryLong("SELECT count(*) FROM cutover_outbox WHERE entity_key = '[2]'"))
                    .isEqualTo(1);
            assertThat(reconciler.refused()).singleElement().satisfies(row -> {
                assertThat(row.primary()).isEqualTo(Backend.LEGACY);
                assertThat(row.key()).isEqualTo(new OutboxKey("clients", "[2]"));
                assertThat(row.entries()).isEqualTo(1);
                assertThat(row.reason()).startsWith("SQLState 23514: ").contains("clients_not_refused");
                assertThat(row.attempts()).isEqualTo(1);
                assertThat(row.nextAttempt()).isAfter(clock.instant().plusSeconds(47)); // 1 min less up to 20% jitter
            });
            assertThat(reconciler.stats().refused()).isEqualTo(1);
            assertThat(reconciler.stats().oldestRefused()).isEqualTo(reconciler.refused().get(0).oldestEntry());
            assertThat(meters.get("cutover.dualwrite.refused").gauge().value()).isEqualTo(1.0);

            // Passes while the clock stands still leave the row alone: its backoff is its own
            assertThat(reconciler.awaitEmpty(Duration.ofMillis(500))).isFalse();
            assertThat(reconciler.refused()).extracting(RefusedRow::attempts).containsExactly(1);

            clock.advance(Duration.ofMinutes(1));
            awaitAttempts(reconciler, 2);
            RefusedRow second = reconciler.refused().get(0);
            assertThat(Duration.between(clock.instant(), second.nextAttempt())).isGreaterThan(Duration.ofSeconds(95));

            databases.target().execute("ALTER TABLE clients DROP CONSTRAINT clients_not_refused");
            clock.advance(Duration.ofMinutes(2));
            assertThat(reconciler.awaitEmpty(Duration.ofSeconds(60))).as("outboxes drained").isTrue();
            assertThat(reconciler.refused()).isEmpty();
            assertThat(reconciler.stats().refused()).isZero();
            assertThat(reconciler.stats().oldestRefused()).isNull();
            assertThat(meters.get("cutover.dualwrite.refused").gauge().value()).isZero();
            assertThat(meters.get("cutover.dualwrite.refused.oldest.age").gauge().value()).isZero();
            assertThat(fixture.differences()).isEmpty();
        }
    }

    @Test
    void shouldForgetARefusedRowWhoseEntriesAnotherProcessRemoved() throws Exception {
        databases.reset();
        databases.target().execute("ALTER TABLE clients DROP CONSTRAINT IF EXISTS clients_not_refused",
                "ALTER TABLE clients ADD CONSTRAINT clients_not_refused CHECK (name <> 'Refused')");
        try (DualWriteFixture fixture = new DualWriteFixture(databases, MirrorMode.SYNCHRONOUS,
                databases.target().jdbcUrl(), builder -> builder.backoff(Duration.ofMinutes(1), Duration.ofMinutes(8)))) {
            fixture.routes.set(Route.LEGACY_DUAL);
            Client client = ReferenceData.client(new SplittableRandom(3), 4, 1, 4);
            fixture.clients().save(new Client(4, 4, 1, "Refused", client.phone(), client.email(), client.aiContext(),
                    client.visitHistory(), client.vip(), client.balance(), client.createdAt(), client.updatedAt()));
            Reconciler reconciler = fixture.dualWrites.reconciler();
            assertThat(reconciler.awaitSettled(Duration.ofSeconds(60))).isTrue();
            assertThat(reconciler.refused()).hasSize(1);

            databases.legacy().execute("DELETE FROM cutover_outbox");
            Await.until("the reconciler to forget the refused row", Duration.ofSeconds(60), Duration.ofMillis(50), () -> {
                try {
                    reconciler.awaitEmpty(Duration.ofMillis(100));
                } catch (InterruptedException e) {
                    throw new AssertionError(e);
                }
                return reconciler.refused().isEmpty();
            });

            assertThat(reconciler.refused()).isEmpty();
            assertThat(reconciler.stats().refused()).isZero();
        } finally {
            databases.target().execute("ALTER TABLE clients DROP CONSTRAINT IF EXISTS clients_not_refused");
        }
    }

    /** Waits (bounded) until the reconciler has tried the refused row again. */
    private static void awaitAttempts(Reconciler reconciler, int attempts) {
        Await.until("attempt " + attempts + " at the refused row", Duration.ofSeconds(60), Duration.ofMillis(50), () -> {
            if (reconciler.refused().get(0).attempts() >= attempts) {
                return true;
            }
            reconciler.wakeUp();
            return false;
        });
        assertThat(reconciler.refused().get(0).attempts()).isEqualTo(attempts);
    }
}
