package dev.cutover.backfill;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cutover.reference.Client;
import dev.cutover.reference.Mappings;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** Backfills in child JVMs: killed with SIGKILL mid-run, and sharing a run with this JVM's workers. */
@Tag("slow")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class BackfillProcessTest {
    private static final int ROWS = 6_000;
    private BackfillFixture fixture;

    @BeforeAll
    void setUp() {
        fixture = new BackfillFixture("processes");
        fixture.loadClients(ROWS);
    }

    @AfterAll
    void tearDown() {
        fixture.close();
    }

    @BeforeEach
    void emptyTarget() {
        fixture.targetDb.execute("TRUNCATE clients", "DELETE FROM cutover.backfill_runs");
    }

    private Process child(String run, int workers, String name, int pauseMicrosPerRow) throws IOException {
        ProcessBuilder builder = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), BackfillChild.class.getName(), fixture.legacyDb.jdbcUrl(),
                fixture.targetDb.jdbcUrl(), fixture.legacyDb.username(), run, String.valueOf(workers), "200", name,
                String.valueOf(pauseMicrosPerRow));
        builder.redirectErrorStream(true);
        return builder.start();
    }

    @Test
    void shouldResumeWithoutDuplicatesOrGapsAfterTheProcessIsKilledMidRun() throws Exception {
        Process child = child("killed", 2, "doomed", 300);
        List<String> output = new ArrayList<>();
        try (BufferedReader lines = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
            int chunks = 0;
            String line;
            while (chunks < 6 && (line = lines.readLine()) != null) {
                output.add(line);
                if (line.startsWith("progress ")) {
                    chunks++;
                }
            }
            assertThat(chunks).as("child output: %s", output).isEqualTo(6);
            child.destroyForcibly(); // SIGKILL: no shutdown hook, no rollback from the client side
            assertThat(child.waitFor(30, TimeUnit.SECONDS)).isTrue();
        }
        long copied = fixture.targetCount();
        long committed = fixture.targetDb.queryLong("SELECT coalesce(sum(rows_copied), 0) FROM cutover.backfill_chunks "
                + "WHERE run = 'killed' AND status = 'done'");
        assertThat(copied).isEqualTo(committed).isGreaterThanOrEqualTo(1_200).isLessThan(ROWS);

        BackfillReport resumed = fixture.backfill("killed", BackfillConfig.custom().chunkSize(200)
                .pollInterval(Duration.ofMillis(100)).build()).run();

        assertThat(resumed.complete()).isTrue();
        assertThat(resumed.rowsCopied()).isEqualTo(ROWS - copied);
        assertThat(resumed.rowsSkipped()).isZero();
        assertThat(fixture.targetCount()).isEqualTo(ROWS);
        assertThat(fixture.targetDb.queryLong("SELECT count(DISTINCT id) FROM clients WHERE id BETWEEN 1 AND " + ROWS))
                .isEqualTo(ROWS);
        List<Client> target = fixture.postgres.store(Mappings.CLIENTS).scan(null, ROWS + 1);
        assertThat(target).isEqualTo(fixture.legacyClients.scan(null, ROWS + 1));
    }

    @Test
    void shouldShareOneRunBetweenTwoProcessesAndTwoWorkersWithoutDuplicates() throws Exception {
        Output first = new Output(child("shared", 1, "process-a", 1_000));
        Output second = new Output(child("shared", 1, "process-b", 1_000));
        assertThat(first.started.await(60, TimeUnit.SECONDS)).as("process-a: %s", first.text).isTrue();
        assertThat(second.started.await(60, TimeUnit.SECONDS)).as("process-b: %s", second.text).isTrue();
        BackfillReport here = Backfill.of("shared", BackfillChild.slow(fixture.source(), 1_000), fixture.postgres,
                BackfillConfig.custom().chunkSize(200).workers(2).workerName("this-jvm")
                        .pollInterval(Duration.ofMillis(100)).build()).run();
        assertThat(first.process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(second.process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        first.reader.join();
        second.reader.join();
        assertThat(first.process.exitValue()).as(first.text.toString()).isZero();
        assertThat(second.process.exitValue()).as(second.text.toString()).isZero();

        assertThat(here.complete()).isTrue();
        assertThat(here.rowsCopied() + first.done() + second.done()).isEqualTo(ROWS);
        assertThat(fixture.targetCount()).isEqualTo(ROWS);
        assertThat(fixture.targetDb.queryLong("SELECT sum(rows_copied) FROM cutover.backfill_chunks WHERE run = 'shared'"))
                .isEqualTo(ROWS);
        assertThat(fixture.targetDb.queryLong("SELECT sum(rows_skipped) FROM cutover.backfill_chunks WHERE run = 'shared'"))
                .isZero();
        assertThat(fixture.targetDb.queryLong("SELECT count(DISTINCT split_part(done_by, '/', 1)) FROM cutover.backfill_chunks "
                + "WHERE run = 'shared'")).isEqualTo(3);
        assertThat(fixture.targetDb.queryLong("SELECT count(DISTINCT done_by) FROM cutover.backfill_chunks "
                + "WHERE run = 'shared' AND done_by LIKE 'this-jvm/%'")).isEqualTo(2);
    }

    /** A child's output, read as it comes; {@code started} opens at its first finished chunk. */
    private static final class Output {
        final Process process;
        final StringBuffer text = new StringBuffer();
        final java.util.concurrent.CountDownLatch started = new java.util.concurrent.CountDownLatch(1);
        final Thread reader;

        Output(Process process) {
            this.process = process;
            this.reader = new Thread(() -> {
                try (BufferedReader lines = new BufferedReader(new InputStreamReader(process.getInputStream(),
                        StandardCharsets.UTF_8))) {
                    String line;
                    while ((line = lines.readLine()) != null) {
                        text.append(line).append('\n');
                        if (line.startsWith("progress ")) {
                            started.countDown();
                        }
                    }
                } catch (IOException e) {
                    text.append(e);
                }
            });
            reader.start();
        }

        long done() {
            return BackfillProcessTest.done(text.toString());
        }
    }

    private static long done(String output) {
        return output.lines().filter(l -> l.startsWith("done ")).mapToLong(l -> Long.parseLong(l.substring(5))).sum();
    }
}
