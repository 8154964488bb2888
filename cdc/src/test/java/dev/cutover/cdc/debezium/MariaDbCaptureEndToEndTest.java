package dev.cutover.cdc.debezium;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cutover.backfill.Backfill;
import dev.cutover.backfill.BackfillConfig;
import dev.cutover.backfill.BackfillFence;
import dev.cutover.backfill.BackfillReport;
import dev.cutover.backfill.BackfillSource;
import dev.cutover.cdc.CaptureStatus;
import dev.cutover.cdc.ChangeCapture;
import dev.cutover.cdc.TableRoutes;
import dev.cutover.dual.DualWrites;
import dev.cutover.dual.Reconciler;
import dev.cutover.legacy.LegacyAdapter;
import dev.cutover.legacy.outbox.LegacyOutbox;
import dev.cutover.postgres.PostgresAdapter;
import dev.cutover.postgres.outbox.PostgresOutbox;
import dev.cutover.reference.Mappings;
import dev.cutover.reference.legacy.LegacyTables;
import dev.cutover.routing.Route;
import dev.cutover.testkit.TestDatabase;
import dev.cutover.testsupport.Await;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The whole chain on a MariaDB started with its binlog on: Debezium's embedded engine, the sink, the reconciler (with
 * the backfill fence), the backfill, verify. Writes are made with plain SQL, before, during and after the backfill,
 * a key change among them; then a DDL pauses the table until it is resumed.
 */
@Tag("slow")
class MariaDbCaptureEndToEndTest {
    private static final Duration WAIT = Duration.ofSeconds(60);

    private static BinlogPair pair;
    private static TestDatabase legacyDatabase;
    private static TestDatabase targetDatabase;
    private static LegacyAdapter legacy;
    private static PostgresAdapter postgres;

    @BeforeAll
    static void start() {
        pair = new BinlogPair("cdc_e2e", "legacy-secret-e2e");
        legacyDatabase = pair.legacyDatabase;
        targetDatabase = pair.targetDatabase;
        legacy = pair.legacy;
        postgres = pair.postgres;
    }

    @AfterAll
    static void stop() {
        if (pair != null) {
            pair.close();
        }
    }

    @Test
    void shouldBringEveryPlainSqlWriteToPostgresAcrossTheBackfillAndPauseOnADdl() throws Exception {
        for (long id = 1; id <= 50; id++) {
            insert(id, "client " + id);
        }
        DebeziumFeedConfig config = pair.config("e2e");
        try (DualWrites dualWrites = DualWrites.custom().outbox(LegacyOutbox.create(legacy))
                .outbox(PostgresOutbox.create(postgres))
                .table(Mappings.CLIENTS, legacy.store(Mappings.CLIENTS, LegacyTables.CLIENTS), postgres.store(Mappings.CLIENTS))
                .uncommittedCopies(BackfillFence.of(postgres)).build()) {
            Reconciler reconciler = dualWrites.startReconciler();
            try (ChangeCapture capture = ChangeCapture.builder().feed(DebeziumFeed.of(config))
                    .table(Mappings.CLIENTS, LegacyTables.CLIENTS).legacy(legacy).postgres(postgres)
                    .routes(TableRoutes.fixed(Route.LEGACY_DUAL)).reconciler(reconciler).build()) {
                capture.start(); // returns once the connector reads the binlog: the backfill may start
                CompletableFuture<BackfillReport> backfill = CompletableFuture.supplyAsync(() -> Backfill.of("e2e",
                        BackfillSource.legacy(legacy, legacy.store(Mappings.CLIENTS, LegacyTables.CLIENTS)), postgres,
                        BackfillConfig.custom().chunkSize(10).workers(1).build()).run());
                legacyDatabase.execute("UPDATE tbl_clients SET full_name = 'three, during' WHERE client_id = 3",
                        "DELETE FROM tbl_clients WHERE client_id = 40");
                insert(51, "fifty-one, during");
                backfill.get(120, TimeUnit.SECONDS);

                legacyDatabase.execute("UPDATE tbl_clients SET client_id = 60 WHERE client_id = 4",
                        "UPDATE tbl_clients SET full_name = 'five, after' WHERE client_id = 5",
                        "DELETE FROM tbl_clients WHERE client_id = 6");
                Await.until("the writes after the backfill in PostgreSQL", WAIT, () -> "five, after".equals(name(5))
                        && name(60) != null && name(4) == null && name(6) == null);
                assertThat(reconciler.awaitEmpty(WAIT)).isTrue();
                assertThat(name(3)).isEqualTo("three, during");
                assertThat(name(40)).isNull();
                assertThat(name(51)).isEqualTo("fifty-one, during");
                pair.assertEqual();

                legacyDatabase.execute("ALTER TABLE tbl_clients ADD COLUMN loyalty INT");
                insert(70, "seventy, paused");
                Await.until("the table paused by the DDL", WAIT, () -> capture.status().pausedTables().stream()
                        .anyMatch(p -> p.heldChanges() == 1));
                CaptureStatus.PausedTable paused = capture.status().pausedTables().get(0);
                assertThat(paused.reason()).startsWith("a schema change (ALTER TABLE tbl_clients ADD COLUMN loyalty INT) at ");
                assertThat(paused.schemaCheck()).as("the schema check ran").anySatisfy(line -> assertThat(line)
                        .contains("column loyalty (int) is read by no mapping column"));
                assertThat(name(70)).isNull();

                legacyDatabase.execute("ALTER TABLE tbl_clients DROP COLUMN loyalty"); // the fix: the schema fits again
                insert(71, "seventy-one, paused");
                Await.until("the fix seen while paused, and the row after it held", WAIT, () -> capture.status().pausedTables()
                        .stream().anyMatch(p -> p.heldChanges() == 2 && p.schemaCheck().isEmpty()));

                assertThat(capture.resume("clients")).isEqualTo(2);
                Await.until("the held rows in PostgreSQL", WAIT, () -> name(70) != null && name(71) != null);
                assertThat(reconciler.awaitEmpty(WAIT)).isTrue();
                assertThat(capture.status().keysQueued()).isPositive();
                assertThat(capture.status().state()).isEqualTo(CaptureStatus.State.RUNNING);
                assertThat(capture.status().pausedTables()).isEmpty();
            }
        }
        pair.assertEqual();
    }

    private static void insert(long id, String name) {
        legacyDatabase.execute(BinlogPair.insertClient(id, name));
    }

    private static String name(long id) {
        try (var connection = targetDatabase.connect(); var statement = connection.createStatement();
                var rows = statement.executeQuery("SELECT name FROM clients WHERE id = " + id)) {
            return rows.next() ? rows.getString(1) : null;
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}
