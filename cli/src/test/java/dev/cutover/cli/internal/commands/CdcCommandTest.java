package dev.cutover.cli.internal.commands;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cutover.cdc.CaptureStatus;
import dev.cutover.cdc.ops.CaptureBoard;
import dev.cutover.cli.testing.CliDatabases;
import dev.cutover.cli.testing.CliDatabases.Run;
import dev.cutover.postgres.PostgresAdapter;
import dev.cutover.testsupport.Await;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * {@code cutover cdc start|status|stop} on real databases: a capture started from the command line reports through
 * {@code cutover.cdc_capture}, and another command line reads it and stops it. The feed reads from a Kafka address
 * where no broker listens (the consumer retries quietly): what is tested here is the command lines' control, not the
 * feed (KafkaChangeFeedTest runs it on a real broker).
 */
@Tag("cdc-module") // run with cutover-cdc on the class path (cli/pom.xml: the execution cdc-test)
class CdcCommandTest {
    private CliDatabases databases;

    @BeforeEach
    void createDatabases() {
        databases = new CliDatabases("cli_cdc", 1, 1);
    }

    @AfterEach
    void dropDatabases() {
        databases.close();
    }

    @Test
    void shouldStartReportAndStopACaptureFromOtherCommandLines() throws Exception {
        Run none = databases.run("cdc", "status");
        assertThat(none.status()).isEqualTo(2);
        assertThat(none.err()).contains("No capture named 'default' has reported to cutover.cdc_capture");

        databases.run("migrate");
        databases.targetDb.execute("INSERT INTO cutover.cdc_paused_tables (mapping_table, legacy_table, reason, position, "
                + "paused_at) VALUES ('clients', 'public.legacy_clients', 'TRUNCATE at 0/16B3748', '0/16B3748', now())");
        CompletableFuture<Run> started = CompletableFuture.supplyAsync(() -> databases.run("cdc", "start",
                "--kafka-bootstrap", "127.0.0.1:9", "--kafka-topics", "legacy(\\..*)?", "--kafka-property",
                "reconnect.backoff.max.ms=1000"));
        Await.until("the capture reports", Duration.ofSeconds(60),
                () -> databases.run("cdc", "status").out().contains(": RUNNING on "));

        Run status = databases.run("cdc", "status", "--json");
        assertThat(status.status()).as(status.err()).isEqualTo(1); // a table is paused
        JsonNode json = status.json();
        assertThat(json.path("name").asText()).isEqualTo("default");
        assertThat(json.path("state").asText()).isEqualTo("RUNNING");
        assertThat(json.path("keysQueued").asLong()).isZero();
        assertThat(json.path("pausedTables").get(0).path("reason").asText()).isEqualTo("TRUNCATE at 0/16B3748");

        Run notPaused = databases.run("cdc", "resume", "companies");
        assertThat(notPaused.status()).isEqualTo(2);
        assertThat(notPaused.err()).contains("Table 'companies' is not paused in capture 'default' (paused: clients)");
        Run resume = databases.run("cdc", "resume", "clients");
        assertThat(resume.status()).as(resume.err()).isZero();
        assertThat(resume.out()).isEqualTo("Table clients resumed: its held changes are in the outbox, and its changes "
                + "are applied again\n");
        Await.until("the report without the pause", Duration.ofSeconds(30),
                () -> databases.run("cdc", "status").status() == 0);

        Run again = databases.run("cdc", "start", "--kafka-bootstrap", "127.0.0.1:9", "--kafka-topics", "x");
        assertThat(again.status()).isEqualTo(2);
        assertThat(again.err()).contains("Capture 'default' runs already, on ");

        Run stop = databases.run("cdc", "stop");
        assertThat(stop.status()).as(stop.err()).isZero();
        assertThat(stop.out()).startsWith("Capture 'default' is STOPPED (");
        Run start = started.get(30, TimeUnit.SECONDS);
        assertThat(start.status()).as(start.err()).isZero();
        assertThat(start.out()).contains("Capture 'default' started on ", "Resumed clients: 0 held keys recorded in the outbox",
                "Capture 'default' stopped: position none yet, lag 0.0 s");
        assertThat(databases.run("cdc", "status").status()).isEqualTo(1);
    }

    @Test
    void shouldListPausedTablesWithTheirReasonAndNeedAttention() throws Exception {
        PostgresAdapter postgres = PostgresAdapter.wrap(databases.targetDb.dataSource(), "public");
        try {
            CaptureBoard board = CaptureBoard.open(postgres, "shop");
            Instant now = Instant.now();
            board.publish("host-1:42", now, new CaptureStatus(CaptureStatus.State.RUNNING, "mariadb-bin.000003:1234",
                    now, Duration.ofMillis(800), 3, 120, 121, 4, Map.of("shop.audit", 9L),
                    List.of(new CaptureStatus.PausedTable("clients", "shop.clients", "ALTER TABLE clients ADD COLUMN x INT "
                            + "at mariadb-bin.000003:1200", now, 3, List.of("column x is not mapped"))), null), now);
        } finally {
            postgres.close();
        }

        Run status = databases.run("cdc", "status", "--name", "shop");

        assertThat(status.status()).as(status.err()).isEqualTo(1);
        assertThat(status.out()).contains("Capture 'shop': RUNNING on host-1:42, started ",
                "  position mariadb-bin.000003:1234, lag 0.8 s, 3 events behind, 120 changes received, 121 keys queued, "
                        + "4 changes not captured (PostgreSQL primary), 1 table paused\n",
                "  paused: clients (legacy shop.clients) since ",
                ": ALTER TABLE clients ADD COLUMN x INT at mariadb-bin.000003:1200; 3 changes held\n",
                "    schema check: column x is not mapped\n",
                "  not mapped: shop.audit, 9 changes (not applied)\n");
    }
}
