package dev.cutover.cli.internal.commands;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cutover.DataAccessException;
import dev.cutover.jdbc.SqlStates;
import dev.cutover.backfill.Backfill;
import dev.cutover.backfill.BackfillConfig;
import dev.cutover.backfill.BackfillPlan;
import dev.cutover.backfill.BackfillSource;
import dev.cutover.backfill.QuarantineRetry;
import dev.cutover.backfill.QuarantinedRow;
import dev.cutover.cli.MovedTable;
import dev.cutover.cli.internal.CliException;
import dev.cutover.cli.internal.ExitCode;
import dev.cutover.cli.internal.Json;
import dev.cutover.cli.internal.Output;
import dev.cutover.cli.internal.Setting;
import dev.cutover.cli.internal.Text;
import dev.cutover.legacy.LegacyAdapter;
import dev.cutover.postgres.PostgresAdapter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.TreeSet;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code cutover quarantine list|retry}: the rows backfill runs set aside, and copying them again once fixed. */
@Command(name = "quarantine", mixinStandardHelpOptions = true,
        description = "List the rows a backfill quarantined, with their reasons; retry them.",
        subcommands = {QuarantineCommand.ListCommand.class, QuarantineCommand.RetryCommand.class})
public final class QuarantineCommand extends CliCommand {

    @Override
    public Integer call() {
        spec.commandLine().usage(err());
        return ExitCode.ERROR;
    }

    /** Options both subcommands take. */
    abstract static class RunsCommand extends CliCommand {
        @Option(names = "--run", paramLabel = "NAME", description = "Only this backfill run; default: every run.")
        String run;

        @Option(names = "--table", paramLabel = "TABLE", description = "Only this table (repeatable); default: every table.")
        List<String> tables;

        @Option(names = "--json", description = "Print the outcome as one JSON object on stdout.")
        boolean json;

        /** A backfill run of one of the selected tables. */
        record TableRun(MovedTable<?, ?> table, String run) {
        }

        /**
         * Every run of the selected tables ({@code --run}'s only, if given), in table order, read from PostgreSQL
         * alone: listing needs no legacy database.
         */
        final List<TableRun> runs() {
            List<MovedTable<?, ?>> selected = Tables.select(session(), tables);
            PostgresAdapter postgres = session().postgres();
            List<TableRun> found = new ArrayList<>();
            TreeSet<String> runs = new TreeSet<>();
            for (MovedTable<?, ?> table : selected) {
                for (BackfillPlan plan : plans(postgres, table)) {
                    runs.add(plan.run());
                    if (run == null || run.equals(plan.run())) {
                        found.add(new TableRun(table, plan.run()));
                    }
                }
            }
            if (run != null && found.isEmpty()) {
                throw new CliException("No backfill run '" + run + "' of " + names(selected) + (runs.isEmpty()
                        ? "; no table has been backfilled yet ('cutover backfill' starts a run)"
                        : "; the runs there are: " + String.join(", ", runs)));
            }
            return found;
        }

        private static List<BackfillPlan> plans(PostgresAdapter postgres, MovedTable<?, ?> table) {
            try {
                return Backfill.runs(postgres, table.name());
            } catch (DataAccessException e) {
                if (SqlStates.missingTable(e.sqlState())) {
                    throw new CliException("Cutover's backfill tables do not exist in " + Setting.POSTGRES_URL.variable()
                            + "'s database [SQLState " + e.sqlState() + "]: no backfill has run there ('cutover migrate'"
                            + " creates them, 'cutover backfill' too)", e);
                }
                throw e;
            }
        }

        /** The backfill of each of {@link #runs()}, to retry: these read legacy. */
        final List<Backfill<?, ?>> backfills() {
            List<TableRun> runs = runs();
            LegacyAdapter legacy = session().legacy();
            return runs.stream().<Backfill<?, ?>>map(r -> backfill(r.run(), r.table(), legacy, session().postgres())).toList();
        }

        private static <E, K> Backfill<E, K> backfill(String run, MovedTable<E, K> table, LegacyAdapter legacy,
                PostgresAdapter postgres) {
            return Backfill.of(run, BackfillSource.legacy(legacy, legacy.store(table.mapping(), table.legacyTable())),
                    postgres, BackfillConfig.ofDefaults());
        }

        private static String names(List<MovedTable<?, ?>> tables) {
            return tables.size() == 1 ? "table " + tables.get(0).name()
                    : "tables " + String.join(", ", tables.stream().map(MovedTable::name).toList());
        }

        static ObjectNode toJson(QuarantinedRow row) {
            ObjectNode node = Json.object();
            node.put("run", row.run());
            node.put("table", row.entity());
            node.set("key", Json.parse(row.key()));
            node.put("chunk", row.chunk());
            node.put("reason", row.reason());
            node.put("sqlState", row.sqlState());
            node.put("quarantinedAt", row.quarantinedAt().toString());
            node.put("rawValue", row.rawValue());
            return node;
        }

        /** {@code clients [700] (run default, 2026-11-21T09:00:00Z): reason}. */
        static String describe(QuarantinedRow row) {
            return row.entity() + " " + row.key() + " (run " + row.run() + ", chunk " + row.chunk() + ", "
                    + row.quarantinedAt() + "): " + row.reason();
        }
    }

    /** {@code cutover quarantine list}. */
    @Command(name = "list", mixinStandardHelpOptions = true,
            description = "List the quarantined rows: run, table, key, when and why.",
            footer = {"", "Exit status: 0 none, 1 some rows are quarantined, 2 could not read them."})
    public static final class ListCommand extends RunsCommand {

        @Override
        public Integer call() {
            List<QuarantinedRow> rows = new ArrayList<>();
            for (TableRun tableRun : runs()) {
                rows.addAll(Backfill.quarantine(session().postgres(), tableRun.run(), tableRun.table().name()));
            }
            int exit = rows.isEmpty() ? ExitCode.OK : ExitCode.FINDINGS;
            if (json) {
                ObjectNode root = Json.object();
                root.put("count", rows.size());
                ArrayNode array = root.putArray("rows");
                rows.forEach(row -> array.add(toJson(row)));
                root.put("exitCode", exit);
                Output.json(out(), root);
                return exit;
            }
            rows.forEach(row -> out().println(describe(row)));
            if (rows.isEmpty()) {
                out().println("No quarantined rows.");
            } else {
                out().println(Text.count(rows.size(), "row", "rows") + " quarantined. Fix them in legacy (or the target's "
                        + "schema), then run 'cutover quarantine retry" + (run == null ? "" : " --run " + run) + "'.");
            }
            return exit;
        }
    }

    /** {@code cutover quarantine retry}. */
    @Command(name = "retry", mixinStandardHelpOptions = true,
            description = {"Copy the quarantined rows again, once fixed: a row that passes leaves the quarantine (as does "
                    + "one legacy no longer has); one that fails again stays, with its new reason.",
                    "Rows PostgreSQL already has are never overwritten."},
            footer = {"", "Exit status: 0 the quarantine is empty, 1 rows remain, 2 could not retry."})
    public static final class RetryCommand extends RunsCommand {

        @Override
        public Integer call() {
            List<QuarantineRetry> retries = new ArrayList<>();
            for (Backfill<?, ?> backfill : backfills()) {
                QuarantineRetry retry = backfill.retryQuarantined();
                retries.add(retry);
                if (!json && retry.retried() > 0) {
                    out().printf(Locale.ROOT, "%s (run %s): %,d retried: %,d copied, %,d already in PostgreSQL, %,d gone "
                            + "from legacy; %,d still quarantined%n", retry.entity(), retry.run(), retry.retried(),
                            retry.copied(), retry.alreadyPresent(), retry.gone(), retry.stillQuarantined().size());
                    retry.stillQuarantined().forEach(row -> out().println("  " + describe(row)));
                }
            }
            long remaining = retries.stream().mapToLong(r -> r.stillQuarantined().size()).sum();
            int exit = remaining == 0 ? ExitCode.OK : ExitCode.FINDINGS;
            if (json) {
                ObjectNode root = Json.object();
                ArrayNode array = root.putArray("runs");
                for (QuarantineRetry retry : retries) {
                    ObjectNode node = array.addObject();
                    node.put("run", retry.run());
                    node.put("table", retry.entity());
                    node.put("retried", retry.retried());
                    node.put("copied", retry.copied());
                    node.put("alreadyPresent", retry.alreadyPresent());
                    node.put("gone", retry.gone());
                    ArrayNode still = node.putArray("stillQuarantined");
                    retry.stillQuarantined().forEach(row -> still.add(toJson(row)));
                }
                root.put("remaining", remaining);
                root.put("exitCode", exit);
                Output.json(out(), root);
            } else if (retries.stream().allMatch(r -> r.retried() == 0)) {
                out().println("No quarantined rows to retry.");
            } else {
                out().println(remaining == 0 ? "The quarantine is empty." : Text.count(remaining, "row is", "rows are")
                        + " still quarantined: fix what their reasons say and retry again.");
            }
            return exit;
        }
    }
}
