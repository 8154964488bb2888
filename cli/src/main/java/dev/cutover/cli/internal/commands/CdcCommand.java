package dev.cutover.cli.internal.commands;

import dev.cutover.cli.internal.CliException;
import dev.cutover.cli.internal.DurationConverter;
import dev.cutover.cli.internal.ExitCode;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code cutover cdc start|status|stop}: change data capture run from the command line. The commands are always listed,
 * but their work needs the optional module {@code cutover-cdc} (Debezium's embedded engine and Kafka Connect's runtime,
 * about 47 MB) on the class path ({@code CUTOVER_CLASSPATH}): the CLI's own jar does not carry it, and a run without it
 * says which jar to add. Nothing in these classes names a type of that module; {@link CdcRunner} does, and is loaded
 * only after the module was found.
 */
@Command(name = "cdc", mixinStandardHelpOptions = true,
        description = {"Change data capture: every write to the legacy database reaches PostgreSQL, whoever made it.",
                "Needs the optional module cutover-cdc on CUTOVER_CLASSPATH (docs/cdc.md, 'Quick start')."},
        subcommands = {CdcCommand.Start.class, CdcCommand.Status.class, CdcCommand.Stop.class, CdcCommand.Resume.class})
public final class CdcCommand implements Callable<Integer> {
    /** A class of the optional module, looked up (not loaded) to tell whether it is on the class path. */
    static final String CDC_CLASS = "dev.cutover.cdc.ChangeCapture";
    static final String MISSING = "change data capture needs the module cutover-cdc, which is not on the class path: add "
            + "cutover-cdc-<version>.jar and its dependencies (Debezium, Kafka Connect's runtime) to CUTOVER_CLASSPATH, "
            + "for example the jars 'mvn -pl cdc -am package dependency:copy-dependencies -DincludeScope=runtime' leaves in "
            + "cdc/target and cdc/target/dependency (docs/cdc.md, 'Quick start')";

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        spec.commandLine().usage(spec.commandLine().getOut());
        return ExitCode.ERROR;
    }

    /** Refuses, naming the jar to add, when the optional module is not on the class path. */
    static void requireModule() {
        try {
            Class.forName(CDC_CLASS, false, CdcCommand.class.getClassLoader());
        } catch (ClassNotFoundException | LinkageError e) {
            throw new CliException("cdc-module-missing", MISSING, "add cutover-cdc to CUTOVER_CLASSPATH", e);
        }
    }

    @Command(name = "start", mixinStandardHelpOptions = true,
            description = {"Capture the legacy database's changes into the outbox, in this process, until stopped.",
                    "Follows the legacy database's log with Debezium's embedded engine (CUTOVER_LEGACY_URL and its user, "
                            + "who needs replication grants; positions kept in CUTOVER_POSTGRES_URL), or, with "
                            + "--kafka-bootstrap, reads the topics Debezium on Kafka Connect writes. Every table of the "
                            + "application is captured while its writes are routed to legacy as primary. Reports its "
                            + "status every second (cutover cdc status); stops on 'cutover cdc stop', SIGTERM or Ctrl-C.",
                    "The outbox entries it records are settled by the application's reconciler (or 'cutover reconcile')."},
            footer = {"", "Exit status: 0 stopped when asked, 2 capture failed (the message names the cause and the fix)."})
    public static final class Start extends CliCommand {
        @Option(names = "--name", paramLabel = "NAME", defaultValue = "default",
                description = "The capture's name: what 'cdc status' and 'cdc stop' name; also the feed's (its stored "
                        + "position, its PostgreSQL slot). Default: ${DEFAULT-VALUE}.")
        String name;

        @Option(names = "--kafka-bootstrap", paramLabel = "HOST:PORT,...",
                description = "Read Debezium's topics from this Kafka cluster instead of running the embedded engine.")
        String kafkaBootstrap;

        @Option(names = "--kafka-topics", paramLabel = "REGEX",
                description = "The topics to read (a regular expression): Debezium's table topics and its schema change "
                        + "topic, for example 'legacy(\\..*)?' for topic.prefix=legacy.")
        String kafkaTopics;

        @Option(names = "--kafka-group", paramLabel = "GROUP", defaultValue = "cutover-cdc",
                description = "The consumer group, whose committed offsets are the feed's position. Default: ${DEFAULT-VALUE}.")
        String kafkaGroup;

        @Option(names = "--kafka-property", paramLabel = "NAME=VALUE",
                description = "A Kafka consumer property (security.protocol, sasl.*, ...); repeatable.")
        Map<String, String> kafkaProperties = Map.of();

        @Option(names = "--expected-lag", paramLabel = "DURATION", defaultValue = "24h", converter = DurationConverter.class,
                description = "Embedded engine: how far behind the feed may fall; the legacy log must be kept at least "
                        + "this long (checked at start). Default: ${DEFAULT-VALUE}.")
        Duration expectedLag;

        @Option(names = "--for", paramLabel = "DURATION", converter = DurationConverter.class,
                description = "Stop by itself after this long (default: run until stopped).")
        Duration runFor;

        @Override
        public Integer call() throws InterruptedException {
            requireModule();
            return new CdcRunner(this).start();
        }
    }

    @Command(name = "status", mixinStandardHelpOptions = true,
            description = {"What a running capture last reported: position, lag in seconds and in events, keys queued, "
                    + "paused tables and why."},
            footer = {"", "Exit status: 0 running and nothing paused, 1 needs attention (paused tables, failed, stopped, "
                    + "not reporting), 2 no capture of that name has reported, or could not read."})
    public static final class Status extends CliCommand {
        @Option(names = "--name", paramLabel = "NAME", defaultValue = "default", description = "The capture. Default: ${DEFAULT-VALUE}.")
        String name;

        @Option(names = "--json", description = "Print JSON: {name, instance, startedAt, reportedAt, secondsSinceReport, "
                + "state, position, lastCommittedAt, lagSeconds, eventsBehind, changesReceived, keysQueued, notCaptured, "
                + "unmappedTables, pausedTables[], failure, stopRequested}.")
        boolean json;

        @Override
        public Integer call() {
            requireModule();
            return new CdcRunner(this).status();
        }
    }

    @Command(name = "resume", mixinStandardHelpOptions = true,
            description = {"Resume a paused table: the running capture records the keys it held for it in the outbox and "
                    + "applies its changes again. Resume once 'cutover schema-check' passes for it (after a TRUNCATE: "
                    + "then verify it)."},
            footer = {"", "Exit status: 0 resumed, 1 asked but still paused after --wait, 2 not paused or no such capture."})
    public static final class Resume extends CliCommand {
        @picocli.CommandLine.Parameters(paramLabel = "TABLE", description = "The mapping's table, as 'cdc status' lists it.")
        String table;

        @Option(names = "--name", paramLabel = "NAME", defaultValue = "default", description = "The capture. Default: ${DEFAULT-VALUE}.")
        String name;

        @Option(names = "--wait", paramLabel = "DURATION", defaultValue = "30s", converter = DurationConverter.class,
                description = "How long to wait for the capture to resume it. Default: ${DEFAULT-VALUE}.")
        Duration wait;

        @Override
        public Integer call() throws InterruptedException {
            requireModule();
            return new CdcRunner(this).resume();
        }
    }

    @Command(name = "stop", mixinStandardHelpOptions = true,
            description = {"Ask the process running a capture to stop, and wait until it has. What was captured stays "
                    + "in the outbox; the feed's position stays stored, so the next start resumes."},
            footer = {"", "Exit status: 0 stopped, 1 asked but not stopped within --wait, 2 no capture of that name."})
    public static final class Stop extends CliCommand {
        @Option(names = "--name", paramLabel = "NAME", defaultValue = "default", description = "The capture. Default: ${DEFAULT-VALUE}.")
        String name;

        @Option(names = "--wait", paramLabel = "DURATION", defaultValue = "30s", converter = DurationConverter.class,
                description = "How long to wait for it to stop. Default: ${DEFAULT-VALUE}.")
        Duration wait;

        @Override
        public Integer call() throws InterruptedException {
            requireModule();
            return new CdcRunner(this).stop();
        }
    }
}
