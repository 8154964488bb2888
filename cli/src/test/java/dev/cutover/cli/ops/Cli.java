package dev.cutover.cli.ops;

import dev.cutover.cli.testing.CliDatabases;
import dev.cutover.cli.testing.ReferenceTestApplication;
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

    CliDatabases.Run run(String... args) {
        return CliDatabases.run(environment, args);
    }
}
