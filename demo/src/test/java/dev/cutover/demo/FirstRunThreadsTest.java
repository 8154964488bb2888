package dev.cutover.demo;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The demo's "no thread left" check on a machine that never ran embedded PostgreSQL: a JVM of its own with a fresh
 * {@code java.io.tmpdir}, so that the servers' binaries are extracted again, as on a new user's first run.
 */
@Tag("slow")
class FirstRunThreadsTest {

    @Test
    void shouldLeaveNoThreadOnAFirstRunWhenTheJdksAsynchronousIoThreadsAreNamedAsTheDemoDoes(@TempDir Path tmp)
            throws Exception {
        assertThat(run(tmp.resolve("named"), true)).isEqualTo("threads left: none");
    }

    /** Why the first run failed: the JDK's default asynchronous I/O pool, used by the extraction, keeps idle threads. */
    @Test
    void shouldSeeTheJdksUnnamedPoolThreadsOnAFirstRunWithoutTheDemosThreadFactory(@TempDir Path tmp) throws Exception {
        assertThat(run(tmp.resolve("unnamed"), false)).matches("threads left: Thread-\\d+(, Thread-\\d+)*");
    }

    /** Runs {@link FirstRun} in a new JVM whose temporary directory is {@code tmp}; its last line. */
    private static String run(Path tmp, boolean nameThreads) throws IOException, InterruptedException {
        Files.createDirectories(tmp);
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Djava.io.tmpdir=" + tmp, "-cp", System.getProperty("java.class.path"), FirstRun.class.getName()));
        if (nameThreads) {
            command.add("--name-async-io-threads");
        }
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(2, TimeUnit.MINUTES)).isTrue();
        assertThat(process.exitValue()).as(output).isZero();
        assertThat(Files.exists(tmp.resolve("embedded-pg"))).as("binaries extracted in the fresh tmpdir").isTrue();
        String[] lines = output.strip().split("\\R");
        return lines[lines.length - 1];
    }

    /** The embedded servers' start and stop with the demo's thread check around them, as {@link Demo#run()} does. */
    static final class FirstRun {
        public static void main(String[] args) throws Exception {
            if (args.length == 1 && args[0].equals("--name-async-io-threads")) {
                DemoThreads.nameAsynchronousIoThreads();
            }
            DemoThreads before = DemoThreads.snapshot();
            DemoServers.start(Map.of(), false, DemoDatabases.DEFAULT).close();
            List<String> left = before.awaitNoNewThreads();
            System.out.println("threads left: " + (left.isEmpty() ? "none" : String.join(", ", left)));
        }
    }
}
