package dev.cutover.cli.internal.commands;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cutover.schema.SchemaMismatchException;
import dev.cutover.backfill.Backfill;
import dev.cutover.backfill.BackfillConfig;
import dev.cutover.backfill.BackfillException;
import dev.cutover.backfill.BackfillListener;
import dev.cutover.backfill.BackfillPlan;
import dev.cutover.backfill.BackfillProgress;
import dev.cutover.backfill.BackfillReport;
import dev.cutover.backfill.BackfillSource;
import dev.cutover.backfill.BackfillStatus;
import dev.cutover.backfill.ForeignKey;
import dev.cutover.backfill.SchemaBackfill;
import dev.cutover.backfill.SchemaBackfillReport;
import dev.cutover.sequences.SequenceMove;
import dev.cutover.backfill.LiveSafety;
import dev.cutover.cli.MovedTable;
import dev.cutover.cli.internal.CliException;
import dev.cutover.cli.internal.DurationConverter;
import dev.cutover.cli.internal.ExitCode;
import dev.cutover.cli.internal.Json;
import dev.cutover.cli.internal.Output;
import dev.cutover.cli.internal.ProgressDisplay;
import dev.cutover.cli.internal.Text;
import dev.cutover.legacy.LegacyAdapter;
import dev.cutover.postgres.CutoverSchema;
import dev.cutover.postgres.PostgresAdapter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code cutover backfill}: a resumable {@link SchemaBackfill} of every table (or those named): each table after those it
 * references, foreign keys in a cycle deferred, sequences reset at the end.
 */
@Command(name = "backfill", mixinStandardHelpOptions = true,
        description = {"Copy the legacy tables into PostgreSQL: resumable, COPY, parallel workers.",
                "Run it again with the same --run to resume; start it on several machines with the same --run to share "
                        + "the work. Rows already in PostgreSQL are never overwritten."},
        footer = {"", "Exit status: 0 copied, 1 rows were quarantined (see 'cutover quarantine list'), 2 could not copy."})
public final class BackfillCommand extends CliCommand {
    /** The run name when none is given: the same every time, so that running the command again resumes. */
    static final String DEFAULT_RUN = "default";

    @Option(names = "--table", paramLabel = "TABLE", description = "Copy only this table (repeatable); default: every table.")
    List<String> tables;

    @Option(names = "--run", paramLabel = "NAME", defaultValue = DEFAULT_RUN,
            description = "The run's name: the same name resumes (and shares) a run; a new one starts afresh. Default: ${DEFAULT-VALUE}.")
    String run;

    @Option(names = "--workers", paramLabel = "N", defaultValue = "" + BackfillConfig.DEFAULT_WORKERS,
            description = "Worker threads of this process (each holds a connection on both sides). Default: ${DEFAULT-VALUE}.")
    int workers;

    @Option(names = "--chunk-size", paramLabel = "ROWS", defaultValue = "" + BackfillConfig.DEFAULT_CHUNK_SIZE,
            description = "Rows per chunk: one lease, one transaction, one checkpoint; fixed when a run is planned. "
                    + "Default: ${DEFAULT-VALUE}.")
    int chunkSize;

    @Option(names = "--max-quarantined-per-chunk", paramLabel = "ROWS",
            defaultValue = "" + BackfillConfig.DEFAULT_MAX_QUARANTINED_PER_CHUNK,
            description = "Past this many bad rows in one chunk the run stops: so many look like a schema or mapping "
                    + "problem rather than bad rows. Default: ${DEFAULT-VALUE}.")
    int maxQuarantinedPerChunk;

    @Option(names = "--lease", paramLabel = "DURATION", defaultValue = "30s", converter = DurationConverter.class,
            description = "How long a chunk claimed by a worker that died (a killed process) waits before another "
                    + "worker takes it over. A worker copying a chunk holds its row lock, so it is never taken from a "
                    + "live worker whatever this is. Default: ${DEFAULT-VALUE}.")
    Duration lease;

    @Option(names = "--tables-at-once", paramLabel = "N", defaultValue = "1",
            description = "Copy up to N tables at the same time (each with --workers threads), each after the tables it "
                    + "references: many small tables go faster. Default: ${DEFAULT-VALUE}.")
    int tablesAtOnce;

    @Option(names = "--live-safe", description = "Always go through a staging table and insert only missing rows "
            + "(for a target that already holds most rows). Without it, chunks are copied straight and fall back to "
            + "that only where the target has rows; neither ever overwrites a row.")
    boolean liveSafe;

    @Option(names = "--bulk-load", description = "Load each table that is empty (and new to the run) as pgcopydb does: "
            + "its foreign keys and non-unique indexes dropped while copying, all such tables at once, then the indexes "
            + "built and the keys validated in parallel. Tables that hold rows keep theirs.")
    boolean bulkLoad;

    @Option(names = "--no-pass-through", description = "Copy every table value by value. Without it, a table whose "
            + "columns have exactly the same types in a PostgreSQL legacy database and in the target is copied by "
            + "PostgreSQL's own binary COPY, chunk by chunk, with the same checkpoints and quarantine.")
    boolean noPassThrough;

    @Mixin
    ProgressOption progress;

    @Option(names = "--json", description = "Print the summary as one JSON object on stdout (progress stays on stderr).")
    boolean json;

    @Override
    public Integer call() {
        if (workers < 1 || workers > 64) {
            throw new CliException("--workers must be between 1 and 64, was " + workers);
        }
        if (tablesAtOnce < 1 || tablesAtOnce > 16) {
            throw new CliException("--tables-at-once must be between 1 and 16, was " + tablesAtOnce);
        }
        BackfillConfig.Builder base = BackfillConfig.custom();
        try {
            base.workers(workers).chunkSize(chunkSize);
        } catch (IllegalArgumentException e) {
            throw new CliException("--workers/--chunk-size: " + e.getMessage());
        }
        try {
            base.leaseDuration(lease).maxQuarantinedPerChunk(maxQuarantinedPerChunk);
        } catch (IllegalArgumentException e) {
            throw new CliException("--lease/--max-quarantined-per-chunk: " + e.getMessage());
        }
        // An idle worker waits for the others' chunks; a short poll keeps a small table from costing a whole second.
        base.pollInterval(Duration.ofMillis(200));
        base.liveSafety(liveSafe ? LiveSafety.STAGED_INSERT_MISSING : LiveSafety.COPY_THEN_INSERT_MISSING).bulkLoad(bulkLoad)
                .passThrough(!noPassThrough);
        List<MovedTable<?, ?>> selected = Tables.select(session(), tables);
        session().minimumPoolSize(workers * tablesAtOnce + 2);
        PostgresAdapter postgres = session().postgres();
        LegacyAdapter legacy = session().legacy();
        CutoverSchema.migrate(postgres);
        ProgressDisplay display = progress.display(err(), "rows");
        List<Outcome> outcomes = new ArrayList<>();
        BackfillConfig config = BackfillConfig.from(base.build()).listener(new BackfillListener() {
            // Tables copied at once call from their own threads: one line at a time.
            @Override
            public void onStart(BackfillPlan plan, BackfillStatus before) {
                String resuming = before.chunksDone() == 0 ? ""
                        : String.format(Locale.ROOT, " (%,d chunks done before: resuming)", before.chunksDone());
                synchronized (outcomes) {
                    display.println(String.format(Locale.ROOT, "%s: run '%s', %,d rows in %,d chunks of %,d%s",
                            plan.entity(), run, plan.rowsEstimate(), plan.chunks(), plan.chunkSize(), resuming));
                }
            }

            @Override
            public void onProgress(BackfillProgress p) {
                synchronized (outcomes) {
                    display.update(p.entity(), p.rowsDone(), p.rowsEstimate(), p.rowsPerSecond(), p.eta().orElse(null));
                }
            }

            @Override
            public void onFinish(BackfillReport report, BackfillStatus status) {
                String quarantined = status.rowsQuarantined() == 0 ? ""
                        : String.format(Locale.ROOT, ", %,d quarantined", status.rowsQuarantined());
                synchronized (outcomes) {
                    display.println(String.format(Locale.ROOT, "%s: %s %,d rows in %s (%,.0f rows/s)%s", report.entity(),
                            report.complete() ? "done," : "stopped,", report.rowsDone(), Text.seconds(report.elapsed()),
                            report.rowsPerSecond(), quarantined));
                    outcomes.add(new Outcome(report.entity(), report, status));
                }
            }
        }).build();
        // Ctrl-C or a kill: say how to go on. Finished chunks are committed; the ones in flight roll back with the connection.
        Thread interrupted = new Thread(() -> {
            display.clear();
            err().println("cutover backfill: stopped; finished chunks stay finished. Run 'cutover backfill --run " + run
                    + "' again to resume (chunks that were in flight are taken over once their lease of " + Text.seconds(lease)
                    + " expires).");
            err().flush();
        }, "cutover-backfill-interrupted");
        SchemaBackfillReport report;
        Runtime.getRuntime().addShutdownHook(interrupted);
        try {
            List<BackfillSource<?, ?>> sources = new ArrayList<>();
            for (MovedTable<?, ?> table : selected) {
                try {
                    postgres.store(table.mapping()); // the target's check, which Backfill.of makes too: name the table
                    sources.add(source(table, legacy));
                } catch (SchemaMismatchException e) {
                    throw new CliException("Backfill of " + table.name() + " cannot start: " + e.getMessage()
                            + System.lineSeparator() + "Run 'cutover schema-check' to see every problem at once.", e);
                }
            }
            SchemaBackfill schema = SchemaBackfill.of(run, sources, postgres, config);
            List<String> order = schema.order();
            if (selected.size() > 1) {
                display.println("Order (each table after those it references): " + String.join(", ", order));
            }
            for (ForeignKey key : schema.deferredForeignKeys()) {
                display.println("Foreign key " + key.name() + " of " + key.table() + " (" + key.definition() + ") is in a "
                        + "cycle: dropped while copying, restored and validated at the end");
            }
            try {
                report = schema.run(tablesAtOnce);
            } catch (BackfillException | IllegalStateException e) {
                display.clear();
                printSummary(outcomes, null);
                throw new CliException(failure(e), e);
            }
        } finally {
            try {
                Runtime.getRuntime().removeShutdownHook(interrupted);
            } catch (IllegalStateException shuttingDown) {
                // the hook runs: nothing to undo
            }
        }
        int exit = outcomes.stream().anyMatch(o -> o.status().rowsQuarantined() > 0) || !report.orphans().isEmpty()
                ? ExitCode.FINDINGS : ExitCode.OK;
        if (json) {
            Output.json(out(), toJson(outcomes, report, exit));
        } else {
            printSummary(outcomes, report);
        }
        return exit;
    }

    private static <E, K> BackfillSource<E, K> source(MovedTable<E, K> table, LegacyAdapter legacy) {
        return BackfillSource.legacy(legacy, legacy.store(table.mapping(), table.legacyTable()));
    }

    private String failure(RuntimeException e) {
        if (e.getMessage().contains("cutover quarantine retry") || e.getMessage().contains("cutover sequences reset")) {
            return e.getMessage(); // it says what to run next
        }
        String remedy = e.getMessage().contains("schema or mapping problem")
                ? "'cutover schema-check' lists what does not fit; fix it (or give --max-quarantined-per-chunk), then run "
                : "Once fixed, run ";
        return e.getMessage() + System.lineSeparator() + remedy + "'cutover backfill --run " + run + "' again to resume.";
    }

    record Outcome(String table, BackfillReport report, BackfillStatus status) {
    }

    private void printSummary(List<Outcome> outcomes, SchemaBackfillReport schema) {
        if (outcomes.isEmpty()) {
            return;
        }
        String format = "%-20s %12s %12s %12s %10s %10s  %s%n";
        out().printf(Locale.ROOT, format, "table", "copied", "skipped", "quarantined", "time", "rows/s", "run state");
        long quarantinedInRuns = 0;
        for (Outcome outcome : outcomes) {
            BackfillReport r = outcome.report();
            BackfillStatus s = outcome.status();
            quarantinedInRuns += s.rowsQuarantined();
            String state = s.complete() ? "complete" : (s.chunksTotal() - s.chunksDone()) + " chunks left";
            if (s.rowsQuarantined() > 0) {
                state += ", " + Text.count(s.rowsQuarantined(), "row", "rows") + " quarantined";
            }
            out().printf(Locale.ROOT, format, outcome.table(), String.format(Locale.ROOT, "%,d", r.rowsCopied()),
                    String.format(Locale.ROOT, "%,d", r.rowsSkipped()), String.format(Locale.ROOT, "%,d", r.rowsQuarantined()),
                    Text.seconds(r.elapsed()), String.format(Locale.ROOT, "%,.0f", r.rowsPerSecond()), state);
            if (r.passedThrough()) {
                out().printf(Locale.ROOT, "  %s: %,d rows copied by pass-through (binary COPY straight from the legacy "
                        + "table)%n", outcome.table(), r.rowsPassedThrough());
            }
            r.sourcePageCap().ifPresent(cap -> out().printf(Locale.ROOT, "  %s: the source caps its pages at %d rows; the "
                    + "backfill read on past the cap%n", outcome.table(), cap));
        }
        if (schema != null) {
            for (ForeignKey key : schema.restoredForeignKeys()) {
                out().printf(Locale.ROOT, "Foreign key %s of %s restored and validated%n", key.name(), key.table());
            }
            if (!schema.orphans().isEmpty()) {
                out().printf(Locale.ROOT, "%s quarantined when the restored foreign keys were checked (their parent row is "
                        + "missing or was quarantined)%n", Text.count(schema.orphans().size(), "row was", "rows were"));
                quarantinedInRuns += schema.orphans().size();
            }
            List<SequenceMove> moved = schema.sequences().stream().filter(SequenceMove::moved).toList();
            for (SequenceMove move : moved) {
                out().printf(Locale.ROOT, "Sequence %s (%s.%s) moved past the copied %d: next value %d%n", move.sequence(),
                        move.table(), move.column(), move.columnMax().orElse(0), move.nextAfter());
            }
        }
        if (quarantinedInRuns > 0) {
            out().printf(Locale.ROOT, "%s quarantined: 'cutover quarantine list --run %s' shows them and why; "
                    + "fix them in legacy (or the target's schema), then 'cutover quarantine retry --run %s'.%n",
                    Text.count(quarantinedInRuns, "row is", "rows are"), run, run);
        }
    }

    private ObjectNode toJson(List<Outcome> outcomes, SchemaBackfillReport schema, int exit) {
        ObjectNode root = Json.object();
        root.put("run", run);
        ArrayNode array = root.putArray("tables");
        for (Outcome outcome : outcomes) {
            BackfillReport r = outcome.report();
            BackfillStatus s = outcome.status();
            ObjectNode table = array.addObject();
            table.put("table", outcome.table());
            table.put("rowsCopied", r.rowsCopied());
            table.put("rowsPassedThrough", r.rowsPassedThrough());
            table.put("rowsSkipped", r.rowsSkipped());
            table.put("rowsQuarantined", r.rowsQuarantined());
            table.put("chunksDone", r.chunksDone());
            table.put("elapsed", r.elapsed().toString());
            table.put("rowsPerSecond", Math.round(r.rowsPerSecond()));
            if (r.sourcePageCap().isPresent()) {
                table.put("sourcePageCap", r.sourcePageCap().getAsInt());
            } else {
                table.putNull("sourcePageCap");
            }
            ObjectNode runState = table.putObject("runState");
            runState.put("complete", s.complete());
            runState.put("chunksTotal", s.chunksTotal());
            runState.put("chunksDone", s.chunksDone());
            runState.put("rowsEstimate", s.rowsEstimate());
            runState.put("rowsCopied", s.rowsCopied());
            runState.put("rowsSkipped", s.rowsSkipped());
            runState.put("rowsQuarantined", s.rowsQuarantined());
        }
        ArrayNode order = root.putArray("order");
        schema.order().forEach(order::add);
        ArrayNode keys = root.putArray("restoredForeignKeys");
        schema.restoredForeignKeys().forEach(key -> keys.addObject().put("table", key.table()).put("name", key.name()));
        root.put("orphansQuarantined", schema.orphans().size());
        ArrayNode sequences = root.putArray("sequences");
        for (SequenceMove move : schema.sequences()) {
            SequencesCommand.toJson(sequences.addObject(), move);
        }
        root.put("exitCode", exit);
        return root;
    }

}
