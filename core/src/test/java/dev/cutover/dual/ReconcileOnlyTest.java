package dev.cutover.dual;

import dev.cutover.status.Backlog;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cutover.Backend;
import dev.cutover.dual.DualWritesKeysTest.Account;
import dev.cutover.dual.DualWritesKeysTest.MemoryStore;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A process that routes nothing and only settles the outboxes: tables without repositories, the reconciler started alone. */
class ReconcileOnlyTest {

    @Test
    void shouldDrainEntriesRecordedElsewhereWithTablesAloneAndNoInstall(@TempDir Path dir) throws Exception {
        MemoryStore legacy = new MemoryStore();
        MemoryStore postgres = new MemoryStore();
        legacy.upsertAll(List.of(new Account(1, "Ada"), new Account(2, "Grace")));
        postgres.upsertAll(List.of(new Account(2, "Grace (stale)"), new Account(3, "deleted on legacy")));
        Outbox legacyOutbox = Outbox.journal(Backend.LEGACY, dir.resolve("legacy.journal"));
        legacyOutbox.record(List.of(new OutboxKey("accounts", "[1]"), new OutboxKey("accounts", "[2]"),
                new OutboxKey("accounts", "[3]")), Instant.now());

        try (DualWrites dualWrites = DualWrites.custom()
                .outbox(legacyOutbox)
                .outbox(Outbox.journal(Backend.POSTGRES, dir.resolve("postgres.journal")))
                .table(DualWritesKeysTest.ACCOUNTS, legacy, postgres)
                .build()) {
            Reconciler reconciler = dualWrites.startReconciler();

            assertThat(reconciler.awaitEmpty(Duration.ofSeconds(30))).isTrue();
            assertThat(postgres.rows).containsOnlyKeys(1L, 2L);
            assertThat(postgres.rows.get(2L).name()).isEqualTo("Grace");
            assertThat(reconciler.stats().settled()).isEqualTo(3);
            assertThat(reconciler.measureBacklog()).allMatch(Backlog::isEmpty);
        }
    }

    @Test
    void shouldStillRequireSomeRepositoryOrTable(@TempDir Path dir) {
        DualWrites.Builder builder = DualWrites.custom()
                .outbox(Outbox.journal(Backend.LEGACY, dir.resolve("l.journal")))
                .outbox(Outbox.journal(Backend.POSTGRES, dir.resolve("p.journal")));
        assertThatThrownBy(builder::build).isInstanceOf(DualWriteConfigurationException.class)
                .hasMessage("No repository is configured: call repository(type, mapping, legacyStore, postgresStore) "
                        + "(or table(mapping, legacyStore, postgresStore) in a process that only reconciles)");
    }
}
