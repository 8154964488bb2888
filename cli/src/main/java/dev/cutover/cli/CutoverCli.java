package dev.cutover.cli;

import dev.cutover.cli.internal.CliException;
import dev.cutover.cli.internal.ExitCode;
import dev.cutover.cli.internal.Output;
import dev.cutover.cli.internal.Session;
import dev.cutover.cli.internal.Setting;
import dev.cutover.cli.internal.Settings;
import dev.cutover.cli.internal.commands.BackfillCommand;
import dev.cutover.cli.internal.commands.CdcCommand;
import dev.cutover.cli.internal.commands.ConsoleCommand;
import dev.cutover.cli.internal.commands.FlagsCommand;
import dev.cutover.cli.internal.commands.MigrateCommand;
import dev.cutover.cli.internal.commands.QuarantineCommand;
import dev.cutover.cli.internal.commands.ReconcileCommand;
import dev.cutover.cli.internal.commands.ScaffoldCommand;
import dev.cutover.cli.internal.commands.SchemaCheckCommand;
import dev.cutover.cli.internal.commands.SequencesCommand;
import dev.cutover.cli.internal.commands.StatusCommand;
import dev.cutover.cli.internal.commands.VerifyCommand;
import dev.cutover.jdbc.Redaction;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import picocli.AutoComplete;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.IParameterExceptionHandler;
import picocli.CommandLine.Option;

/**
 * The {@code cutover} command: the entry point ({@link #main}) and the root of its subcommands. Settings come
 * from options, environment variables and a configuration file ({@code docs/configuration-reference.md}).
 */
@Command(name = "cutover", mixinStandardHelpOptions = true, versionProvider = CutoverCli.Version.class,
        description = "Moves an application's data from a legacy database to PostgreSQL: routes, backfill, verify.",
        subcommands = {StatusCommand.class, FlagsCommand.class, ConsoleCommand.class, MigrateCommand.class,
                SchemaCheckCommand.class, BackfillCommand.class, SequencesCommand.class, VerifyCommand.class,
                ReconcileCommand.class, QuarantineCommand.class, ScaffoldCommand.class, CdcCommand.class,
                CommandLine.HelpCommand.class, AutoComplete.GenerateCompletion.class},
        footer = {"", "Exit status: 0 done and nothing wrong, 1 something found (differences, problems), 2 could not be done.",
                "Settings: CUTOVER_LEGACY_URL, CUTOVER_POSTGRES_URL, ... or a file (--config); see docs/configuration-reference.md."})
public final class CutoverCli {

    @Option(names = "--config", scope = CommandLine.ScopeType.INHERIT, paramLabel = "FILE",
            description = "Configuration file (Java properties: legacy.url, postgres.url, ...); default: $CUTOVER_CONFIG.")
    Path config;

    @Option(names = "--application", scope = CommandLine.ScopeType.INHERIT, paramLabel = "CLASS",
            description = "The CutoverApplication class describing repositories and tables; default: $CUTOVER_APPLICATION, "
                    + "else the only one on the class path.")
    String application;

    @Option(names = "--stacktrace", scope = CommandLine.ScopeType.INHERIT,
            description = "Print the stack trace of a failure, not only its message.")
    boolean stacktrace;

    private final Map<String, String> environment;
    private final PrintWriter out;
    private final PrintWriter err;
    /** Whether the command line asks for JSON: then failures are JSON objects too. */
    private final boolean json;
    private Session session;

    private CutoverCli(Map<String, String> environment, PrintWriter out, PrintWriter err, boolean json) {
        this.environment = Map.copyOf(environment);
        this.out = out;
        this.err = err;
        this.json = json;
    }

    public static void main(String[] args) {
        System.exit(run(args, System.getenv(), System.out, System.err));
    }

    /**
     * Runs one command line, as {@link #main} does, with the environment and streams given (for tests and
     * embedding).
     *
     * @return the exit status: 0 done and nothing found, 1 something found, 2 could not be done
     */
    public static int run(String[] args, Map<String, String> environment, PrintStream out, PrintStream err) {
        Objects.requireNonNull(args, "args");
        PrintWriter outWriter = new PrintWriter(new java.io.OutputStreamWriter(out, StandardCharsets.UTF_8), true);
        PrintWriter errWriter = new PrintWriter(new java.io.OutputStreamWriter(err, StandardCharsets.UTF_8), true);
        CutoverCli root = new CutoverCli(environment, outWriter, errWriter, Arrays.asList(args).contains("--json"));
        CommandLine commandLine = new CommandLine(root)
                .setOut(outWriter)
                .setErr(errWriter)
                .setCaseInsensitiveEnumValuesAllowed(true)
                .setExecutionExceptionHandler(root::failed);
        IParameterExceptionHandler usage = commandLine.getParameterExceptionHandler();
        commandLine.setParameterExceptionHandler((failure, arguments) -> root.json
                ? root.failedAsJson("usage", failure.getCommandLine().getCommandSpec().qualifiedName(),
                        Redaction.text(failure.getMessage()), "see '" + failure.getCommandLine().getCommandSpec().qualifiedName()
                                + " --help'", List.of())
                : usage.handleParseException(failure, arguments));
        try {
            return commandLine.execute(args);
        } finally {
            root.closeSession();
            outWriter.flush();
            errWriter.flush();
        }
    }

    private int failed(Exception failure, CommandLine commandLine, CommandLine.ParseResult parseResult) {
        String command = commandLine.getCommandSpec().qualifiedName();
        if (json) {
            List<String> causes = new ArrayList<>();
            for (Throwable cause = failure.getCause(); cause != null && cause != cause.getCause(); cause = cause.getCause()) {
                causes.add(describe(cause));
            }
            return failure instanceof CliException known
                    ? failedAsJson(known.error(), command, known.getMessage(), known.hint(), causes)
                    : failedAsJson("failure", command, describe(failure), "run again with --stacktrace for the stack trace"
                            + " (without --json)", causes);
        }
        if (failure instanceof CliException) {
            err.println(command + ": " + failure.getMessage());
        } else {
            StringBuilder message = new StringBuilder(command).append(" failed: ").append(describe(failure));
            for (Throwable cause = failure.getCause(); cause != null && cause != cause.getCause(); cause = cause.getCause()) {
                message.append(System.lineSeparator()).append("  caused by: ").append(describe(cause));
            }
            err.println(message);
        }
        if (stacktrace) {
            failure.printStackTrace(err);
        } else if (!(failure instanceof CliException)) {
            err.println("(run again with --stacktrace for the stack trace)");
        }
        return ExitCode.ERROR;
    }

    /**
     * A failure as one JSON object on standard output, where a script reads the command's answer:
     * {@code {error, message, hint, exitCode, command, causes[]}}; {@code error} is a stable id, {@code hint} may be null.
     */
    private int failedAsJson(String error, String command, String message, String hint, List<String> causes) {
        Map<String, Object> tree = new LinkedHashMap<>();
        tree.put("error", error);
        tree.put("message", message);
        tree.put("hint", hint);
        tree.put("exitCode", ExitCode.ERROR);
        tree.put("command", command);
        tree.put("causes", causes);
        Output.json(out, tree);
        return ExitCode.ERROR;
    }

    private static String describe(Throwable failure) {
        String message = failure.getMessage();
        String text = failure.getClass().getSimpleName() + (message == null ? "" : ": " + message);
        return Redaction.text(text);
    }

    /** The environment this run reads its settings from. */
    public Map<String, String> environment() {
        return environment;
    }

    public PrintWriter out() {
        return out;
    }

    public PrintWriter err() {
        return err;
    }

    /** The session of this run (settings resolved on first use; adapters opened on first use; closed after the command). */
    public synchronized Session session() {
        if (session == null) {
            Map<Setting, String> options = new EnumMap<>(Setting.class);
            if (application != null) {
                options.put(Setting.APPLICATION, application);
            }
            session = new Session(Settings.resolve(options, environment, config));
        }
        return session;
    }

    private synchronized void closeSession() {
        if (session != null) {
            try {
                session.close();
            } catch (RuntimeException e) {
                err.println("cutover: closing the connections failed: " + describe(e));
            }
            session = null;
        }
    }

    /** The version of this build, from a resource Maven filters: the same in the jar, the shaded jars and the classes folder. */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() throws IOException {
            Properties properties = new Properties();
            try (InputStream in = CutoverCli.class.getResourceAsStream("version.properties")) {
                if (in == null) {
                    throw new IOException("dev/cutover/cli/version.properties is missing from the class path: a broken build");
                }
                properties.load(in);
            }
            return new String[] {"cutover " + properties.getProperty("version")};
        }
    }
}
