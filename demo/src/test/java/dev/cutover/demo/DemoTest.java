package dev.cutover.demo;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The demo end to end with a small seed: every phase runs, every check passes, the exit status is 0. On the
 * embedded servers it starts itself, or, when {@code CUTOVER_TEST_POSTGRES_URL} names a server (as on CI), on
 * that server for both sides, the target behind the TCP proxy.
 */
@Tag("slow")
class DemoTest {

    @Test
    void shouldRunEveryPhaseWithEveryCheckPassing() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);
        Map<String, String> environment = new HashMap<>();
        String server = System.getenv("CUTOVER_TEST_POSTGRES_URL");
        if (server != null) {
            environment.put(DemoServers.LEGACY_URL, server);
            environment.put(DemoServers.POSTGRES_URL, server);
        }
        Demo demo = new Demo(out, 5_000, environment);

        int status = demo.run();

        String output = bytes.toString(StandardCharsets.UTF_8);
        System.out.println(output);
        assertThat(demo.results()).extracting(PhaseResult::name).containsExactly("seed legacy", "dual-write on", "backfill",
                "verify 100%", "shadow reads", "flip reads to postgres", "postgres outage", "recovery and reconcile",
                "writes to postgres-dual", "legacy outage", "writes back to legacy-dual", "verify 100% again", "instant rollback",
                "everything on postgres", "final state");
        List<Check> failed = demo.results().stream().flatMap(r -> r.checks().stream()).filter(c -> !c.passed()).toList();
        assertThat(failed).isEmpty();
        assertThat(demo.results()).allSatisfy(r -> assertThat(r.checks()).isNotEmpty());
        assertThat(status).isZero();
        assertThat(output).contains("Every check passed in ", "5,000 clients", "0 mismatches", "connections left open after close(): 0",
                "stopping legacy while PostgreSQL is primary");
    }
}
