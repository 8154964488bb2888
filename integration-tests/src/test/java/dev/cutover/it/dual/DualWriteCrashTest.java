package dev.cutover.it.dual;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cutover.status.Backlog;
import dev.cutover.dual.MirrorMode;
import dev.cutover.reference.Client;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * A process writing on route legacy-dual is killed with SIGKILL mid-load; a new process with a reconciler then
 * brings PostgreSQL to exactly what legacy holds, and every acknowledged write is there on both sides.
 */
@Tag("slow")
class DualWriteCrashTest {
    private static DualWriteFixture.Databases databases;

    @BeforeAll
    static void createDatabases() {
        databases = DualWriteFixture.Databases.create("dual_crash");
    }

    @AfterAll
    static void dropDatabases() {
        databases.close();
    }

    @Test
    void shouldLeaveNothingMissingOnPostgresAfterAWriterIsKilledAndAnotherProcessStarts() throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        ProcessBuilder launcher = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
                "-Dlogback.configurationFile=logback-test.xml", DualWriteChild.class.getName(),
                databases.legacy().jdbcUrl(), databases.target().jdbcUrl(),
                databases.legacy().username() == null ? "-" : databases.legacy().username(),
                databases.legacy().password() == null ? "-" : databases.legacy().password())
                .redirectErrorStream(true);
        Process child = launcher.start();
        Map<Long, String> lastAcked = new HashMap<>();
        long[] inFlight = {-1};
        AtomicInteger acks = new AtomicInteger();
        CountDownLatch enough = new CountDownLatch(1);
        List<String> output = new ArrayList<>();
        Thread reader = new Thread(() -> {
            try (BufferedReader lines = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = lines.readLine()) != null) {
                    String[] parts = line.split(" ");
                    synchronized (lastAcked) {
                        if (parts[0].equals("begin") && parts.length == 3) {
                            inFlight[0] = Long.parseLong(parts[2]);
                        } else if (parts[0].equals("ack") && parts.length == 4) {
                            lastAcked.put(Long.parseLong(parts[2]), parts[3]);
                            inFlight[0] = -1;
                            if (acks.incrementAndGet() >= 600) {
                                enough.countDown();
                            }
                        } else if (output.size() < 200) {
                            output.add(line);
                        }
                    }
                }
            } catch (java.io.IOException e) {
                // the child died
            }
        }, "child-output");
        reader.start();
        boolean reached = enough.await(120, TimeUnit.SECONDS);
        child.destroyForcibly();
        assertThat(child.waitFor(30, TimeUnit.SECONDS)).isTrue();
        reader.join(10_000);
        assertThat(reached).as("the child acknowledged 600 writes; its output: " + output).isTrue();
        assertThat(child.exitValue()).as("killed by SIGKILL").isEqualTo(137);

        try (DualWriteFixture restarted = new DualWriteFixture(databases, MirrorMode.SYNCHRONOUS)) {
            Backlog left = restarted.dualWrites.reconciler().measureBacklog().get(0);
            assertThat(left.entries()).as("entries the killed process left in the legacy outbox").isPositive();

            assertThat(restarted.dualWrites.reconciler().awaitEmpty(Duration.ofSeconds(60))).isTrue();

            assertThat(restarted.differences()).as("differences between legacy and PostgreSQL").isEmpty();
            Map<Long, String> acknowledged;
            long interrupted;
            synchronized (lastAcked) {
                acknowledged = new HashMap<>(lastAcked);
                interrupted = inFlight[0];
            }
            acknowledged.remove(interrupted);
            List<Long> saved = acknowledged.entrySet().stream().filter(e -> e.getValue().equals("save")).map(Map.Entry::getKey)
                    .toList();
            List<Long> deleted = acknowledged.entrySet().stream().filter(e -> e.getValue().equals("delete")).map(Map.Entry::getKey)
                    .toList();
            assertThat(restarted.postgres.clientStore().findByKeys(saved)).extracting(Client::id)
                    .containsExactlyInAnyOrderElementsOf(saved);
            assertThat(restarted.postgres.clientStore().findByKeys(deleted)).isEmpty();
            assertThat(restarted.legacy.clientStore().findByKeys(saved)).hasSize(saved.size());
        }
    }
}
