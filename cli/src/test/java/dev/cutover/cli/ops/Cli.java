package dev.cutover.cli.ops;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cutover.cli.CutoverCli;
import dev.cutover.cli.testing.ReferenceTestApplication;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

/** Runs the command in this JVM with an explicit environment, as the operator's shell would. */
final class Cli {
    private final Map<String, String> environment = new HashMap<>();

    /** An environment naming {@link ReferenceTestApplication}, plus {@code variables}. */
    static Cli withEnvironment(Map<String, String> variables) {
        Cli cli = new Cli();
        cli.environment.put("CUTOVER_APPLICATION", ReferenceTestApplication.class.getName());
        cli.environment.putAll(variables);
        return cli;
    }

    Cli with(String variable, String value) {
        environment.put(variable, value);
        return this;
    }

    Run run(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int status = CutoverCli.run(args, environment, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Run(status, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    record Run(int status, String out, String err) {
        JsonNode json() {
            try {
                return new ObjectMapper().readTree(out);
            } catch (IOException e) {
                throw new UncheckedIOException("Not JSON: " + out + "\nstderr: " + err, e);
            }
        }

        @Override
        public String toString() {
            return "exit " + status + "\n--- out\n" + out + "--- err\n" + err;
        }
    }
}
