package dev.cutover.benchmarks;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/** What the benchmarks ask of the machine they run on: its load, and the tools they compare against. */
final class Machine {
    private Machine() {
    }

    /** {@code /proc/loadavg} as it reads now, printed beside each figure so that a loaded run shows it. */
    static String load() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).trim();
        } catch (IOException e) {
            return "unknown";
        }
    }

    /** Runs a shell command (with {@code PGTZ=UTC}, output discarded, errors shown); throws unless it exits 0. */
    static void shell(String command) {
        try {
            ProcessBuilder builder = new ProcessBuilder("bash", "-o", "pipefail", "-c", command);
            builder.environment().put("PGTZ", "UTC");
            builder.redirectOutput(ProcessBuilder.Redirect.DISCARD);
            builder.redirectError(ProcessBuilder.Redirect.INHERIT);
            Process process = builder.start();
            if (!process.waitFor(30, TimeUnit.MINUTES) || process.exitValue() != 0) {
                throw new IllegalStateException("Command failed (" + process.exitValue() + "): " + command);
            }
        } catch (IOException e) {
            throw new IllegalStateException("Command did not start: " + command, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted: " + command, e);
        }
    }
}
