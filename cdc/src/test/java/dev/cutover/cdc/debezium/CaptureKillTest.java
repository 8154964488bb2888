package dev.cutover.cdc.debezium;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cutover.dual.DualWrites;
import dev.cutover.dual.OutboxKey;
import dev.cutover.dual.Reconciler;
import dev.cutover.legacy.outbox.LegacyOutbox;
import dev.cutover.postgres.outbox.PostgresOutbox;
import dev.cutover.reference.Mappings;
import dev.cutover.reference.legacy.LegacyTables;
import dev.cutover.testsupport.Await;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Capture in a child JVM, killed with SIGKILL while plain-SQL writes stream, between the outbox write of a batch and the
 * commit of its position; a new process on the same feed name resumes from the stored position and nothing written is
 * missing from PostgreSQL.
 */
@Tag("soak") // a child JVM and a MariaDB of its own: 35-70 s; CI's second pass runs it
class CaptureKillTest {
    private static final String FEED = "kill";
    private static final int HELD_BATCH = 3;
    private static final Duration WAIT = Duration.ofSeconds(60);

    private static BinlogPair pair;

    @BeforeAll
    static void start() {
        pair = new BinlogPair("cdc_kill", "legacy-secret-kill");
    }

    @AfterAll
    static void stop() {
        if (pair != null) {
            pair.close();
        }
    }

    @Test
    void shouldResumeFromTheStoredPositionWithNothingMissingAfterTheCaptureProcessIsKilledMidStream() throws Exception {
        Child first = Child.start(HELD_BATCH);
        Writer writer = new Writer();
        try {
            first.await("streaming", line -> line.equals("streaming"));
            writer.start();
            first.await("batch " + HELD_BATCH + " queued and held before its position is committed",
                    line -> line.equals("held " + HELD_BATCH));
            first.kill();
            assertThat(first.process.exitValue()).as("killed by SIGKILL").isEqualTo(137);
            assertThat(pair.positions.storedOffsets(FEED)).as("the position of the batches before the held one").isPositive();
            List<String> held = first.batch(HELD_BATCH);
            assertThat(held).as("keys the held batch queued").isNotEmpty();
            assertThat(first.batch(1)).as("the first batch").contains("1");

            long atKill = writer.ops.get();
            Await.until("writes made while no capture runs", WAIT, () -> writer.ops.get() >= atKill + 200);
            Child second = Child.start(0);
            try {
                second.await("streaming", line -> line.equals("streaming"));
                long atRestart = writer.ops.get();
                Await.until("writes after the restart, and a batch of the new process", WAIT,
                        () -> writer.ops.get() >= atRestart + 200 && !second.batch(1).isEmpty());
                writer.stop();
                Set<String> expected = new HashSet<>();
                writer.touched.forEach(id -> expected.add(OutboxKey.of(Mappings.CLIENTS, id).key()));
                Await.until("every key written queued in the legacy outbox", WAIT, () -> queued().containsAll(expected));

                List<String> resumedFrom = second.batch(1);
                assertThat(resumedFrom.get(0)).as("the new process starts at the held batch: it was not committed, so it"
                        + " comes again (at least once)").isEqualTo(held.get(0));
                assertThat(second.keys()).as("and not at the binlog's start: key 1, changed once, in a committed batch")
                        .doesNotContain("1");
            } finally {
                second.kill();
            }
        } finally {
            writer.stop();
            first.kill();
        }
        assertThat(writer.failure).as("the writer's failure").isNull();

        try (DualWrites dualWrites = DualWrites.custom().outbox(LegacyOutbox.create(pair.legacy))
                .outbox(PostgresOutbox.create(pair.postgres)).table(Mappings.CLIENTS,
                        pair.legacy.store(Mappings.CLIENTS, LegacyTables.CLIENTS), pair.postgres.store(Mappings.CLIENTS))
                .gracePeriod(Duration.ZERO).build()) {
            Reconciler reconciler = dualWrites.startReconciler();
            assertThat(reconciler.awaitEmpty(WAIT)).as("the outbox settled").isTrue();
        }
        pair.assertEqual();
        assertThat(pair.targetDatabase.queryLong("SELECT count(*) FROM clients")).as("rows in PostgreSQL")
                .isEqualTo(pair.legacyDatabase.queryLong("SELECT count(*) FROM tbl_clients")).isGreaterThan(400);
    }

    /** The entity keys of clients in the legacy outbox. */
    private static Set<String> queued() {
        Set<String> keys = new HashSet<>();
        try (Connection connection = pair.legacyDatabase.connect(); Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery("SELECT DISTINCT entity_key FROM cutover_outbox WHERE table_name = 'clients'")) {
            while (rows.next()) {
                keys.add(rows.getString(1));
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
        return keys;
    }

    /**
     * Plain SQL on legacy, one statement a transaction, without pause: op n inserts client n, every 4th also updates
     * client n-1, every 10th deletes client n-5. Client 1 is changed once only.
     */
    private static final class Writer {
        final AtomicLong ops = new AtomicLong();
        final Set<Long> touched = ConcurrentHashMap.newKeySet();
        volatile boolean stopping;
        volatile Exception failure;
        private Thread thread;

        void start() {
            thread = new Thread(this::run, "plain-sql-writer");
            thread.start();
        }

        private void run() {
            try (Connection connection = pair.legacyDatabase.connect(); Statement statement = connection.createStatement()) {
                for (long n = 1; !stopping; n++) {
                    statement.execute(BinlogPair.insertClient(n, "client " + n));
                    touched.add(n);
                    if (n % 4 == 0) {
                        statement.execute("UPDATE tbl_clients SET full_name = 'changed " + n + "' WHERE client_id = " + (n - 1));
                    }
                    if (n % 10 == 0) {
                        statement.execute("DELETE FROM tbl_clients WHERE client_id = " + (n - 5));
                    }
                    ops.set(n);
                }
            } catch (SQLException e) {
                failure = e;
            }
        }

        void stop() throws InterruptedException {
            stopping = true;
            if (thread != null) {
                thread.join(TimeUnit.SECONDS.toMillis(30));
            }
        }
    }

    /** A {@link CaptureChild} process and what it printed. */
    private static final class Child {
        final Process process;
        final List<String> lines = new CopyOnWriteArrayList<>();
        final List<String> other = new CopyOnWriteArrayList<>();

        private Child(Process process) {
            this.process = process;
        }

        static Child start(int holdAtBatch) throws IOException {
            String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
            Process process = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
                    "-Dlogback.configurationFile=logback-test.xml", CaptureChild.class.getName(),
                    pair.legacyDatabase.jdbcUrl(), dash(pair.legacyDatabase.username()), dash(pair.legacyDatabase.password()),
                    pair.feedUser, pair.feedPassword, pair.positions.database.jdbcUrl(), pair.positions.role,
                    Positions.PASSWORD, pair.targetDatabase.jdbcUrl(), dash(pair.targetDatabase.username()),
                    dash(pair.targetDatabase.password()), FEED,
                    String.valueOf(holdAtBatch)).redirectErrorStream(true).start();
            Child child = new Child(process);
            Thread reader = new Thread(child::read, "capture-child-output");
            reader.setDaemon(true);
            reader.start();
            return child;
        }

        private static String dash(String value) {
            return value == null || value.isEmpty() ? "-" : value;
        }

        private void read() {
            try (BufferedReader output = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = output.readLine()) != null) {
                    if (line.startsWith(CaptureChild.PREFIX)) {
                        lines.add(line.substring(CaptureChild.PREFIX.length()));
                    } else if (other.size() < 200) {
                        other.add(line);
                    }
                }
            } catch (IOException e) {
                // the process died
            }
        }

        void await(String what, Predicate<String> line) {
            Await.until(what + " (the child's other output: " + other + ")", WAIT,
                    () -> lines.stream().anyMatch(line) || !process.isAlive());
            assertThat(lines).as("the child's output, it being alive: " + process.isAlive() + "; other output: " + other)
                    .anyMatch(line);
        }

        /** The keys batch {@code n} queued, as the child printed them; empty before it did. */
        List<String> batch(int n) {
            String prefix = "batch " + n + " ";
            return lines.stream().filter(l -> l.startsWith(prefix)).findFirst()
                    .map(l -> l.substring(prefix.length()).isEmpty() ? List.<String>of() : List.of(l.substring(prefix.length()).split(",")))
                    .orElse(List.of());
        }

        /** Every key the child queued. */
        List<String> keys() {
            List<String> keys = new ArrayList<>();
            lines.stream().filter(l -> l.startsWith("batch ")).forEach(l -> {
                String[] parts = l.split(" ", 3);
                if (parts.length == 3 && !parts[2].isEmpty()) {
                    keys.addAll(List.of(parts[2].split(",")));
                }
            });
            return keys;
        }

        void kill() throws InterruptedException {
            process.destroyForcibly();
            assertThat(process.waitFor(30, TimeUnit.SECONDS)).as("the child ended").isTrue();
        }
    }
}
