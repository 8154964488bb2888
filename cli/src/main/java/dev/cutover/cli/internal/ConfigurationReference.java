package dev.cutover.cli.internal;

import dev.cutover.flags.LiveRoutes;
import dev.cutover.flags.RouteFlags;
import dev.cutover.flags.RouteVariables;
import dev.cutover.routing.Route;
import dev.cutover.status.reports.InstanceStatus;
import dev.cutover.status.reports.StatusReports;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * Renders {@code docs/configuration-reference.md} from the code: the command's {@link Setting}s and the flags
 * module's variables, values, targets and defaults. {@code ConfigurationReferenceTest} fails when the checked-in
 * file differs, and rewrites it when asked ({@link #REGENERATE}).
 */
public final class ConfigurationReference {
    /** The command that rewrites the file. */
    public static final String REGENERATE = "mvn -pl cli -am test -Dtest=ConfigurationReferenceTest"
            + " -Dsurefire.failIfNoSpecifiedTests=false -Dcutover.docs.update=true";

    /** The variables the command reads besides its settings: bin/cutover's, before Java starts, and its logging's. */
    static final Map<String, String> LAUNCHER_VARIABLES = Map.of(
            "CUTOVER_CLASSPATH", "More class path for the command: your application's jar with its CutoverApplication, and its dependencies.",
            "CUTOVER_JAVA_OPTS", "Options for the java command that runs the command line, for example -Xmx512m.",
            "CUTOVER_LOG_LEVEL", "Level of the library's log lines the command prints on stderr: WARN (the default), INFO or DEBUG.");

    /** The options that set a setting, by setting. */
    private static final Map<Setting, String> OPTIONS = Map.of(Setting.CONFIG, "`--config FILE`", Setting.APPLICATION,
            "`--application CLASS`");

    private ConfigurationReference() {
    }

    public static String render() {
        StringBuilder md = new StringBuilder();
        md.append("# Configuration reference\n\n")
                .append("<!-- Generated from the code (dev.cutover.cli.internal.Setting and the cutover-flags module) by\n")
                .append("     ConfigurationReferenceTest; do not edit by hand. Regenerate with:\n")
                .append("     ").append(REGENERATE).append(" -->\n\n")
                .append("Every setting Cutover reads, generated from the code. How to use them: [configuration.md](configuration.md)\n")
                .append("(routes and the flag store) and `cutover --help`.\n\n");
        commandSettings(md);
        routeVariables(md);
        flagStore(md);
        knownVariables(md);
        statusReports(md);
        return md.toString();
    }

    private static void commandSettings(StringBuilder md) {
        md.append("## The `cutover` command\n\n")
                .append("Each setting is read from, highest precedence first: the command line option (where there is one), the\n")
                .append("environment variable, the configuration file (Java properties, given by `--config FILE` or `")
                .append(Setting.CONFIG.variable()).append("`), the default.\n")
                .append("A configuration file with a key not listed here is refused, naming the key. Secrets are never printed.\n\n")
                .append("| Variable | File key | Option | What | Allowed | Default |\n")
                .append("| --- | --- | --- | --- | --- | --- |\n");
        for (Setting setting : Setting.values()) {
            md.append("| `").append(setting.variable()).append("` | ")
                    .append(setting.fileKey() == null ? "-" : "`" + setting.fileKey() + "`").append(" | ")
                    .append(OPTIONS.getOrDefault(setting, "-")).append(" | ")
                    .append(cell(setting.description())).append(setting.secret() ? " (secret)" : "").append(" | ")
                    .append(cell(setting.allowed())).append(" | ")
                    .append(cell(setting.defaultValue())).append(" |\n");
        }
        md.append("\nA configuration file, for example:\n\n```properties\n");
        for (Setting setting : Setting.values()) {
            if (setting.fileKey() != null) {
                md.append("# ").append(setting.fileKey()).append("=").append(setting.secret() ? "(secret)" : "...").append('\n');
            }
        }
        md.append("```\n\n`bin/cutover` also reads, before Java starts:\n\n| Variable | What |\n| --- | --- |\n");
        new TreeSet<>(LAUNCHER_VARIABLES.keySet()).forEach(name ->
                md.append("| `").append(name).append("` | ").append(cell(LAUNCHER_VARIABLES.get(name))).append(" |\n"));
        md.append('\n');
    }

    private static void routeVariables(StringBuilder md) {
        String method = RouteVariables.ROUTE_PREFIX + "<REPOSITORY>" + RouteVariables.SEPARATOR + "<METHOD>";
        String repository = RouteVariables.ROUTE_PREFIX + "<REPOSITORY>";
        md.append("## Route variables (every instance, `cutover-flags`)\n\n")
                .append("For each repository method, the first of these that is set decides its route:\n\n")
                .append("1. `").append(RouteVariables.OVERRIDE).append("`: every method (emergency override)\n")
                .append("2. `").append(method).append("`: one method, all its overloads, e.g. `")
                .append(RouteVariables.forMethod("ClientRepository", "findById")).append("`\n")
                .append("3. `").append(repository).append("`: every method of one repository, e.g. `")
                .append(RouteVariables.forRepository("ClientRepository")).append("`\n")
                .append("4. `").append(RouteVariables.DEFAULT).append("`: every method no variable above sets\n")
                .append("5. the built-in default, `").append(RouteVariables.BUILT_IN_DEFAULT.id()).append("`\n\n")
                .append("`<REPOSITORY>` and `<METHOD>` are the Java names in upper snake case (`ClientRepository` -> `")
                .append(RouteVariables.upperSnake("ClientRepository")).append("`, `findByYclientsId` -> `")
                .append(RouteVariables.upperSnake("findByYclientsId")).append("`). Values are route ids, case ignored,\n")
                .append("blanks trimmed; anything else stops the start:\n\n")
                .append("| Value | Primary (answers the call) | Keeps the other side in step |\n| --- | --- | --- |\n");
        for (Route route : Route.values()) {
            md.append("| `").append(route.id()).append("` | ").append(route.primary().id()).append(" | ")
                    .append(route.isDual() ? "yes (dual-write for writes, shadow reads for reads)" : "no").append(" |\n");
        }
        md.append('\n');
    }

    private static void flagStore(StringBuilder md) {
        md.append("## Flag store targets (`LiveRoutes`, `cutover flags set/rollout/clear`)\n\n")
                .append("Entries of table `cutover.route_flag`, read by every instance when a change notifies it (LISTEN/NOTIFY),\n")
                .append("or every ").append(seconds(LiveRoutes.DEFAULT_POLL_INTERVAL))
                .append(" (the default poll interval) while it cannot listen. A change that can lose a write or serve stale\n")
                .append("reads (`RouteChangeCheck`) is refused unless forced (`--force`, recorded in the audit). Every route\n")
                .append("variable beats every entry. After the variables, the first of these that is set decides:\n\n")
                .append("| Target | Sets the route of | Like the variable |\n| --- | --- | --- |\n")
                .append("| `").append(RouteFlags.OVERRIDE).append("` | every method (the store's emergency override) | `")
                .append(RouteVariables.OVERRIDE).append("` |\n")
                .append("| `Repository.method` | one method; the only target that takes a rollout | `")
                .append(RouteVariables.ROUTE_PREFIX).append("<REPOSITORY>").append(RouteVariables.SEPARATOR).append("<METHOD>` |\n")
                .append("| `Repository` | every method of the repository | `").append(RouteVariables.ROUTE_PREFIX)
                .append("<REPOSITORY>` |\n")
                .append("| `").append(RouteFlags.DEFAULT).append("` | every method no other entry sets | `")
                .append(RouteVariables.DEFAULT).append("` |\n\n")
                .append("Then the built-in default, `").append(RouteVariables.BUILT_IN_DEFAULT.id())
                .append("`. A target without an entry shows as `").append(RouteFlags.UNSET).append("` in the audit log.\n\n");
    }

    private static void knownVariables(StringBuilder md) {
        md.append("## Other known `").append(RouteVariables.PREFIX).append("` variables\n\n")
                .append("Every instance checks each `").append(RouteVariables.PREFIX)
                .append("` variable of its environment at startup. Besides the route variables it leaves\n")
                .append("these alone (`RouteVariables.KNOWN_VARIABLES`); any other stops the start, unless the application\n")
                .append("declares it (`EnvironmentRoutes.builder().knownVariables(...)`):\n\n");
        List<String> names = List.copyOf(RouteVariables.KNOWN_VARIABLES);
        names.forEach(name -> md.append("- `").append(name).append("`\n"));
        md.append('\n');
    }

    private static void statusReports(StringBuilder md) {
        md.append("## Instance status reports (`StatusReports`, `cutover status`)\n\n")
                .append("Each instance with `StatusReports` installed writes one row of `cutover.instance_status` every ")
                .append(seconds(StatusReports.DEFAULT_INTERVAL)).append(" (by default;\n")
                .append("`interval(...)`, 1 second to 5 minutes). `cutover status` shows an instance not seen for ")
                .append(InstanceStatus.STALE_AFTER_INTERVALS).append(" intervals as stale.\n");
    }

    private static String seconds(Duration duration) {
        return duration.toMillis() % 1000 == 0 ? duration.toSeconds() + " s" : duration.toMillis() + " ms";
    }

    private static String cell(String text) {
        return text.replace("|", "\\|").replace("\n", " ");
    }
}
