package dev.cutover.cli.internal.commands;

import dev.cutover.cli.internal.ExitCode;
import dev.cutover.cli.internal.Output;
import dev.cutover.cli.internal.Setting;
import dev.cutover.legacy.LegacyAdapter;
import dev.cutover.legacy.outbox.LegacyOutbox;
import dev.cutover.postgres.CutoverSchema;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.flywaydb.core.api.MigrationInfo;
import org.flywaydb.core.api.MigrationInfoService;
import org.flywaydb.core.api.output.MigrateResult;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code cutover migrate}: creates or upgrades Cutover's own tables, the schema {@code cutover} in PostgreSQL and
 * the outbox table in the legacy database, as an explicit deployment step; {@code --dry-run} only says what is
 * pending. The application's own tables are not touched: they are the application's migrations.
 */
@Command(name = "migrate", mixinStandardHelpOptions = true,
        description = {"Create or upgrade Cutover's own tables: schema " + CutoverSchema.SCHEMA + " in PostgreSQL, "
                + LegacyOutbox.TABLE + " in the legacy database.",
                "The same Flyway migrations an instance runs at startup (CutoverSchema.migrate, LegacyOutbox.create), safe "
                        + "while instances run: Flyway locks, so one migrates and others wait. The legacy database is "
                        + "migrated when CUTOVER_LEGACY_URL is set and its dialect has an outbox table (PostgreSQL, MariaDB); the "
                        + "application's own tables are never touched.",
                "Exit status: 0 up to date (or brought up to date), 1 migrations pending (--dry-run), 2 could not migrate."})
public final class MigrateCommand extends CliCommand {

    @Option(names = "--dry-run", description = "List the pending migrations of each database; apply nothing.")
    boolean dryRun;

    @Option(names = "--json", description = "Print JSON: {dryRun, databases[{database, location, before, after, applied[], pending[], skipped}]}.")
    boolean json;

    /** One database's outcome; {@code skipped} says why it was left alone, and then the rest is empty. */
    record Outcome(String database, String location, String before, String after, List<Step> applied, List<Step> pending,
            String skipped) {
        static Outcome skipped(String database, String location, String why) {
            return new Outcome(database, location, null, null, List.of(), List.of(), why);
        }

        Map<String, Object> json() {
            Map<String, Object> json = new LinkedHashMap<>();
            json.put("database", database);
            json.put("location", location);
            json.put("before", before);
            json.put("after", after);
            json.put("applied", applied.stream().map(Step::json).toList());
            json.put("pending", pending.stream().map(Step::json).toList());
            json.put("skipped", skipped);
            return json;
        }
    }

    /** A migration: its version and description, as in its file name ({@code V400__instance_status.sql}). */
    record Step(String version, String description) {
        Map<String, Object> json() {
            Map<String, Object> json = new LinkedHashMap<>();
            json.put("version", version);
            json.put("description", description);
            return json;
        }
    }

    @Override
    public Integer call() {
        List<Outcome> outcomes = new ArrayList<>();
        String postgresLocation = "schema " + CutoverSchema.SCHEMA;
        outcomes.add(migrate("postgres", postgresLocation,
                () -> CutoverSchema.info(session().postgres().connections().dataSource()),
                () -> CutoverSchema.migrate(session().postgres())));
        String legacyLocation = "table " + LegacyOutbox.TABLE;
        if (session().settings().get(Setting.LEGACY_URL).isEmpty()) {
            outcomes.add(Outcome.skipped("legacy", legacyLocation, Setting.LEGACY_URL.variable() + " is not set"));
        } else {
            LegacyAdapter legacy = session().legacy();
            if (!hasOutboxTable(legacy)) {
                outcomes.add(Outcome.skipped("legacy", legacyLocation, "the " + legacy.dialect().name()
                        + " dialect has no outbox table (dual-write there uses a journal, Outbox.journal)"));
            } else {
                outcomes.add(migrate("legacy", legacyLocation, () -> LegacyOutbox.info(legacy), () -> LegacyOutbox.migrate(legacy)));
            }
        }

        boolean pending = outcomes.stream().anyMatch(o -> !o.pending().isEmpty());
        if (json) {
            Map<String, Object> tree = new LinkedHashMap<>();
            tree.put("dryRun", dryRun);
            tree.put("databases", outcomes.stream().map(Outcome::json).toList());
            Output.json(out(), tree);
        } else {
            print(out(), outcomes);
            if (pending) {
                out().println("Dry run: nothing applied. Run 'cutover migrate' to apply them.");
            }
        }
        return pending ? ExitCode.FINDINGS : ExitCode.OK;
    }

    private Outcome migrate(String database, String location, Supplier<MigrationInfoService> info,
            Supplier<MigrateResult> migrate) {
        MigrationInfoService before = info.get();
        String from = version(before.current());
        List<Step> pending = steps(before.pending());
        if (dryRun || pending.isEmpty()) {
            return new Outcome(database, location, from, from, List.of(), pending, null);
        }
        MigrateResult result = migrate.get();
        List<Step> applied = result.migrations.stream().map(m -> new Step(m.version, m.description)).toList();
        return new Outcome(database, location, from, version(info.get().current()), applied, List.of(), null);
    }

    private static boolean hasOutboxTable(LegacyAdapter legacy) {
        try {
            LegacyOutbox.sql(legacy.dialect());
            return true;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    /** Flyway's migrations as steps: version and description. */
    static List<Step> steps(MigrationInfo[] migrations) {
        return Arrays.stream(migrations).map(m -> new Step(version(m), m.getDescription())).toList();
    }

    /** A migration's version ({@code 400}), or {@code null} for none (before the first, or a repeatable one). */
    static String version(MigrationInfo current) {
        return current == null || current.getVersion() == null ? null : current.getVersion().getVersion();
    }

    private static void print(PrintWriter out, List<Outcome> outcomes) {
        for (Outcome outcome : outcomes) {
            String where = outcome.database() + ", " + outcome.location() + ": ";
            if (outcome.skipped() != null) {
                out.println(where + "not migrated: " + outcome.skipped());
            } else if (!outcome.applied().isEmpty()) {
                out.println(where + "version " + describe(outcome.before()) + " -> " + outcome.after() + "; applied "
                        + count(outcome.applied().size()) + ":");
                outcome.applied().forEach(step -> out.println("  " + step.version() + "  " + step.description()));
            } else if (!outcome.pending().isEmpty()) {
                out.println(where + "at version " + describe(outcome.before()) + "; " + count(outcome.pending().size())
                        + " pending:");
                outcome.pending().forEach(step -> out.println("  " + step.version() + "  " + step.description()));
            } else {
                out.println(where + "up to date at version " + outcome.after());
            }
        }
    }

    private static String describe(String version) {
        return version == null ? "none (not created yet)" : version;
    }

    private static String count(int migrations) {
        return migrations + (migrations == 1 ? " migration" : " migrations");
    }
}
