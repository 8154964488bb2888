package dev.cutover.cdc;

import static dev.cutover.cdc.CapturePair.change;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cutover.cdc.CapturePair.ManualFeed;
import dev.cutover.dual.DualWrites;
import dev.cutover.dual.OutboxKey;
import dev.cutover.reference.Mappings;
import dev.cutover.reference.legacy.LegacyTables;
import dev.cutover.routing.Route;
import dev.cutover.tx.spi.UnitOfWork;
import dev.cutover.testsupport.Await;
import dev.cutover.verify.VerifyReport;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The sink's rules with row changes made by hand (the log's part is cdc-engine's) against real databases: plain-SQL
 * writes to legacy reach PostgreSQL through the outbox and the reconciler, a key change moves the row, a table no
 * mapping covers is counted, a flip to postgres-dual hands over without loss, a key that cannot be read pauses the table.
 */
class CaptureSinkTest {
    private static CapturePair pair;

    @BeforeAll
    static void create() {
        pair = new CapturePair("cdc_sink");
    }

    @AfterAll
    static void close() {
        if (pair != null) {
            pair.close();
        }
    }

    @BeforeEach
    void reset() {
        pair.reset();
    }

    @Test
    void shouldBringPlainSqlWritesAndAKeyChangeToPostgres() throws Exception {
        ManualFeed feed = new ManualFeed();
        try (ChangeCapture capture = pair.capture(feed, TableRoutes.fixed(Route.LEGACY_DUAL))) {
            capture.start();
            pair.insertLegacyClient(1, "one");
            pair.insertLegacyClient(2, "two");
            pair.insertLegacyClient(3, "three");
            Instant inserted = Instant.now();
            feed.deliver(change(List.of(), List.of(1L), inserted), change(List.of(), List.of(2L), inserted),
                    change(List.of(), List.of(3L), inserted));
            pair.reconcile();
            assertThat(pair.targetName(1)).isEqualTo("one");

            pair.legacyDatabase.execute("UPDATE tbl_clients SET full_name = 'two, renamed' WHERE client_id = 2",
                    "UPDATE tbl_clients SET client_id = 30 WHERE client_id = 3", "DELETE FROM tbl_clients WHERE client_id = 1");
            Instant changed = Instant.now();
            feed.deliver(change(List.of(2L), List.of(2L), changed), change(List.of(3L), List.of(30L), changed),
                    change(List.of(1L), List.of(), changed),
                    RowChange.row("public", "tbl_invoices", List.of("id"), List.of(7L), List.of(7L), changed, "lsn 99"),
                    RowChange.row("public", "cutover_outbox", List.of("id"), List.of(), List.of(5L), changed, "lsn 100"));

            assertThat(pair.legacyDatabase.queryLong("SELECT count(*) FROM cutover_outbox WHERE entity_key = ?",
                    OutboxKey.of(Mappings.CLIENTS, 30L).key())).as("the key as dual-write encodes it").isEqualTo(1);
            CaptureStatus status = capture.status();
            assertThat(status.state()).isEqualTo(CaptureStatus.State.RUNNING);
            assertThat(status.keysQueued()).as("3 inserts, then 1 (an update: its key once) + 2 (a key change) + 1").isEqualTo(7);
            assertThat(status.changesReceived()).isEqualTo(8);
            assertThat(status.unmappedTables()).containsExactly(java.util.Map.entry("public.tbl_invoices", 1L));
            assertThat(status.position()).isEqualTo("lsn 100");
            assertThat(status.pausedTables()).isEmpty();
            pair.reconcile();
        }
        assertThat(feed.closed).isTrue();
        assertThat(pair.targetName(1)).isNull();
        assertThat(pair.targetName(2)).isEqualTo("two, renamed");
        assertThat(pair.targetName(3)).isNull();
        assertThat(pair.targetName(30)).isEqualTo("three");
        VerifyReport report = pair.verify();
        assertThat(report.status()).as(report.toText()).isEqualTo(VerifyReport.Status.EQUAL);
    }

    /**
     * Legacy writes just before the flip are delivered after it, and after a PostgreSQL-primary write of one of the
     * rows that legacy has not received yet: the older legacy write must not overwrite it (its entry carries legacy's
     * commit time), the other row still arrives, and legacy's change after the flip (the application's mirror write)
     * is not captured.
     */
    @Test
    void shouldHandOverAtTheFlipToPostgresDualWithoutLoss() throws Exception {
        pair.insertLegacyClient(1, "one");
        pair.insertLegacyClient(2, "two");
        pair.insertLegacyClient(3, "three");
        var postgresStore = pair.postgres.store(Mappings.CLIENTS);
        var legacyStore = pair.legacy.store(Mappings.CLIENTS, LegacyTables.CLIENTS);
        postgresStore.upsertAll(legacyStore.findByKeys(List.of(1L, 2L, 3L)));
        AtomicReference<Route> route = new AtomicReference<>(Route.LEGACY_DUAL);
        ManualFeed feed = new ManualFeed();
        try (ChangeCapture capture = pair.capture(feed, table -> java.util.Set.of(route.get()))) {
            capture.start();
            capture.observeRoutes(); // as its route checks do several times a second: legacy-dual
            pair.legacyDatabase.execute("UPDATE tbl_clients SET full_name = 'one, before the flip' WHERE client_id = 1",
                    "UPDATE tbl_clients SET full_name = 'two, before the flip' WHERE client_id = 2");
            Instant beforeFlip = Instant.now();

            route.set(Route.POSTGRES_DUAL);
            capture.observeRoutes(); // capture sees the flip before legacy's last changes come
            // A postgres-dual write of row 1 whose mirror has not reached legacy yet (legacy was slow, say).
            var written = postgresStore.findByKeys(List.of(1L)).get(0);
            UnitOfWork.run(() -> {
                postgresStore.upsertAll(List.of(rename(written, "one, after the flip")));
                pair.postgresOutbox.record(List.of(OutboxKey.of(Mappings.CLIENTS, 1L)), Instant.now());
                return true;
            });
            // The application's mirror of a postgres-dual write of row 3: legacy's change after the flip.
            var three = rename(postgresStore.findByKeys(List.of(3L)).get(0), "three, after the flip");
            postgresStore.upsertAll(List.of(three));
            legacyStore.upsertAll(List.of(three));
            Instant afterFlip = Instant.now();

            feed.deliver(change(List.of(1L), List.of(1L), beforeFlip), change(List.of(2L), List.of(2L), beforeFlip),
                    change(List.of(3L), List.of(3L), afterFlip));
            assertThat(capture.status().keysQueued()).isEqualTo(2);
            assertThat(capture.status().notCaptured()).as("the mirror write after the flip").isEqualTo(1);
            pair.reconcile();
        }
        assertThat(pair.targetName(1)).as("the newer write wins").isEqualTo("one, after the flip");
        assertThat(pair.legacyName(1)).isEqualTo("one, after the flip");
        assertThat(pair.targetName(2)).as("captured before the flip").isEqualTo("two, before the flip");
        assertThat(pair.targetName(3)).isEqualTo("three, after the flip");
        VerifyReport report = pair.verify();
        assertThat(report.status()).as(report.toText()).isEqualTo(VerifyReport.Status.EQUAL);
    }

    @Test
    void shouldPauseATableWhoseKeyCannotBeReadAndHoldItsChangesUntilResumed() throws Exception {
        ManualFeed feed = new ManualFeed();
        try (ChangeCapture capture = pair.capture(feed, TableRoutes.fixed(Route.LEGACY))) {
            capture.start();
            pair.insertLegacyClient(4, "four");
            Instant now = Instant.now();
            feed.deliver(change(List.of(), List.of("not a number"), now), change(List.of(), List.of(4L), now));

            CaptureStatus status = capture.status();
            assertThat(status.pausedTables()).singleElement().satisfies(paused -> {
                assertThat(paused.table()).isEqualTo("clients");
                assertThat(paused.reason()).startsWith("a key it could not read at lsn ")
                        .contains("key column 'id' (BIGINT) value 'not a number' cannot be read");
                assertThat(paused.heldChanges()).isEqualTo(1);
                assertThat(paused.schemaCheck()).isEmpty();
            });
            assertThat(status.eventsBehind()).isEqualTo(1);
            assertThat(pair.legacyDatabase.queryLong("SELECT count(*) FROM cutover_outbox")).as("held, not queued").isZero();
            assertThatThrownBy(() -> capture.resume("bookings")).hasMessage(
                    "No captured table is named 'bookings'; captured: [clients]");

            assertThat(capture.resume("clients")).isEqualTo(1);
            assertThat(capture.status().pausedTables()).isEmpty();
            assertThatThrownBy(() -> capture.resume("clients")).hasMessage("Table 'clients' is not paused; paused: []");
            pair.reconcile();
        }
        assertThat(pair.targetName(4)).isEqualTo("four");
    }

    /**
     * Given this process's reconciler, captured entries are settled at once, not after the grace period (10 s from
     * legacy's commit here): the row arrives well within it, without draining.
     */
    @Test
    void shouldHandItsEntriesToThisProcesssReconcilerSoThatTheyArriveWithinTheGracePeriod() throws Exception {
        ManualFeed feed = new ManualFeed();
        try (DualWrites dualWrites = DualWrites.custom().outbox(pair.legacyOutbox).outbox(pair.postgresOutbox)
                .table(Mappings.CLIENTS, pair.legacy.store(Mappings.CLIENTS, LegacyTables.CLIENTS),
                        pair.postgres.store(Mappings.CLIENTS))
                .gracePeriod(Duration.ofSeconds(30)).build();
                ChangeCapture capture = ChangeCapture.builder().feed(feed).table(Mappings.CLIENTS, LegacyTables.CLIENTS)
                        .legacy(pair.legacy).postgres(pair.postgres).routes(TableRoutes.fixed(Route.LEGACY_DUAL))
                        .reconciler(dualWrites.startReconciler()).build()) {
            capture.start();
            pair.insertLegacyClient(8, "eight");
            feed.deliver(change(List.of(), List.of(8L), Instant.now()));
            Await.until("the captured row is in PostgreSQL", Duration.ofSeconds(20), () -> "eight".equals(pair.targetName(8)));
        }
    }

    @Test
    void shouldPauseATableOnASchemaChangeRunTheSchemaCheckAndHoldItsChangesUntilResumed() throws Exception {
        ManualFeed feed = new ManualFeed();
        try (ChangeCapture capture = pair.capture(feed, TableRoutes.fixed(Route.LEGACY_DUAL))) {
            capture.start();
            pair.legacyDatabase.execute("ALTER TABLE tbl_clients RENAME COLUMN phone TO phone_number");
            pair.insertLegacyClient(5, "five", "phone_number");
            Instant now = Instant.now();
            feed.deliver(RowChange.schemaChange("public", "tbl_clients",
                    "ALTER TABLE tbl_clients RENAME COLUMN phone TO phone_number", now, "lsn 200"),
                    change(List.of(), List.of(5L), now));

            CaptureStatus status = capture.status();
            assertThat(status.pausedTables()).singleElement().satisfies(paused -> {
                assertThat(paused.reason()).isEqualTo(
                        "a schema change (ALTER TABLE tbl_clients RENAME COLUMN phone TO phone_number) at lsn 200");
                assertThat(paused.schemaCheck()).anySatisfy(line -> assertThat(line).contains("phone"));
                assertThat(paused.heldChanges()).isEqualTo(1);
            });
            assertThat(pair.legacyDatabase.queryLong("SELECT count(*) FROM cutover_outbox")).as("held, not queued").isZero();

            pair.legacyDatabase.execute("ALTER TABLE tbl_clients RENAME COLUMN phone_number TO phone");
            feed.deliver(RowChange.schemaChange("public", "tbl_clients",
                    "ALTER TABLE tbl_clients RENAME COLUMN phone_number TO phone", Instant.now(), "lsn 201"));
            assertThat(capture.status().pausedTables()).singleElement().satisfies(paused -> {
                assertThat(paused.reason()).endsWith("; then a schema change (ALTER TABLE tbl_clients RENAME COLUMN"
                        + " phone_number TO phone) at lsn 201");
                assertThat(paused.schemaCheck()).as("the fix: it fits again").isEmpty();
            });
            assertThat(capture.resume("clients")).isEqualTo(1);
            pair.reconcile();
        } finally {
            pair.legacyDatabase.execute("DO $$ BEGIN IF EXISTS (SELECT 1 FROM information_schema.columns WHERE table_name ="
                    + " 'tbl_clients' AND column_name = 'phone_number') THEN ALTER TABLE tbl_clients RENAME COLUMN phone_number"
                    + " TO phone; END IF; END $$");
        }
        assertThat(pair.targetName(5)).isEqualTo("five");
        VerifyReport report = pair.verify();
        assertThat(report.status()).as(report.toText()).isEqualTo(VerifyReport.Status.EQUAL);
    }

    private static dev.cutover.reference.Client rename(dev.cutover.reference.Client c, String name) {
        return new dev.cutover.reference.Client(c.id(), c.yclientsId(), c.companyId(), name, c.phone(), c.email(),
                c.aiContext(), c.visitHistory(), c.vip(), c.balance(), c.createdAt(), c.updatedAt());
    }
}
