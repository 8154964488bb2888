package dev.cutover.cli.internal.commands;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cutover.Backend;
import dev.cutover.backfill.BackfillFence;
import dev.cutover.cli.MovedTable;
import dev.cutover.cli.internal.CliException;
import dev.cutover.cli.internal.DurationConverter;
import dev.cutover.cli.internal.ExitCode;
import dev.cutover.cli.internal.Json;
import dev.cutover.cli.internal.Output;
import dev.cutover.cli.internal.ProgressDisplay;
import dev.cutover.cli.internal.Text;
import dev.cutover.status.Backlog;
import dev.cutover.dual.DualWrites;
import dev.cutover.dual.Outbox;
import dev.cutover.dual.Reconciler;
import dev.cutover.status.ReconcilerStats;
import dev.cutover.dual.RefusedRow;
import dev.cutover.legacy.LegacyAdapter;
import dev.cutover.legacy.outbox.LegacyOutbox;
import dev.cutover.postgres.PostgresAdapter;
import dev.cutover.postgres.outbox.PostgresOutbox;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code cutover reconcile}: the dual-write reconciler run from this process, over every table of the application
 * with the real outboxes, until both are empty or the timeout passes.
 */
@Command(name = "reconcile", mixinStandardHelpOptions = true,
        description = {"Drain the dual-write outboxes: copy the primary's row of every pending key to the secondary.",
                "Takes every entry at once, those of running application instances included (they may compare the same "
                        + "rows meanwhile: that costs work, not correctness)."},
        footer = {"", "Exit status: 0 both outboxes are empty, 1 entries remain (rows the secondary refuses, entries of "
                + "tables this application does not configure, or not settled within --timeout), 2 could not reconcile."})
public final class ReconcileCommand extends CliCommand {

    @Option(names = "--timeout", paramLabel = "DURATION", defaultValue = "5m", converter = DurationConverter.class,
            description = "How long to wait for the outboxes to empty: 30s, 5m, 1h, PT90S. Default: ${DEFAULT-VALUE}.")
    Duration timeout;

    @Option(names = "--legacy-journal", paramLabel = "FILE",
            description = "The legacy-primary outbox is this journal file (Outbox.journal), not the table "
                    + LegacyOutbox.TABLE + ": for a legacy database where Cutover may not create tables (MariaDB, MySQL). "
                    + "A journal is locked while open: stop the application instance that writes it first.")
    Path legacyJournal;

    @Option(names = "--settle-rate", paramLabel = "N", defaultValue = "0",
            description = "At most N outbox entries settled a second (DualWrites.Builder.settleRate), so that a long backlog "
                    + "leaves the databases room for the application's calls; 0 for no limit. Default: ${DEFAULT-VALUE}.")
    int settleRate;

    @Mixin
    ProgressOption progress;

    @Option(names = "--json", description = "Print the outcome as one JSON object on stdout.")
    boolean json;

    @Override
    public Integer call() throws InterruptedException {
        List<MovedTable<?, ?>> tables = session().application().tables();
        LegacyAdapter legacy = session().legacy();
        PostgresAdapter postgres = session().postgres();
        // A backfill may be copying meanwhile: entries of rows in its open chunks are kept until the chunks commit.
        if (settleRate < 0) {
            throw new CliException("--settle-rate must be 0 (no limit) or a number of entries a second, was " + settleRate);
        }
        DualWrites.Builder builder = DualWrites.custom().outbox(legacyOutbox(legacy)).outbox(PostgresOutbox.create(postgres))
                .uncommittedCopies(BackfillFence.of(postgres)).settleRate(settleRate);
        for (MovedTable<?, ?> table : tables) {
            configure(builder, table, legacy, postgres);
        }
        ProgressDisplay display = progress.display(err(), "entries");
        long started = System.nanoTime();
        try (DualWrites dualWrites = builder.build()) {
            Reconciler reconciler = dualWrites.startReconciler();
            List<Backlog> before = reconciler.measureBacklog();
            display.println("Outbox backlog: " + describe(before));
            long deadline = started + timeout.toNanos();
            boolean empty = false;
            while (!empty) {
                long left = deadline - System.nanoTime();
                empty = reconciler.awaitSettled(Duration.ofNanos(Math.max(0, Math.min(left, Duration.ofSeconds(1).toNanos()))));
                if (empty || left <= 0) {
                    break;
                }
                showProgress(display, reconciler);
            }
            display.clear();
            List<Backlog> after = reconciler.measureBacklog();
            ReconcilerStats stats = reconciler.stats();
            List<RefusedRow> refused = reconciler.refused();
            Map<String, Long> unknown = reconciler.unknownTables();
            Duration elapsed = Duration.ofNanos(System.nanoTime() - started);
            long remaining = after.stream().mapToLong(Backlog::entries).sum();
            int exit = remaining == 0 ? ExitCode.OK : ExitCode.FINDINGS;
            if (json) {
                Output.json(out(), toJson(after, stats, refused, unknown, elapsed, exit));
            } else {
                out().println("Outbox backlog: " + describe(after));
                out().println("Settled " + Text.count(stats.settled(), "entry", "entries") + ", copied "
                        + Text.count(stats.mirrored(), "row", "rows") + ", " + Text.count(stats.failed(), "failed attempt",
                        "failed attempts") + ", in " + Text.seconds(elapsed)
                        + (settleRate > 0 ? " (at most " + settleRate + " entries a second, --settle-rate)" : "") + ".");
                long unexplained = remaining - stats.refused() - unknown.values().stream().mapToLong(Long::longValue).sum();
                printRefused(refused);
                printUnknown(unknown);
                if (unexplained > 0) {
                    out().println(Text.count(unexplained, "entry was", "entries were") + " not settled within "
                            + Text.seconds(timeout) + ": give a longer --timeout, or run again.");
                }
            }
            return exit;
        }
    }

    private Outbox legacyOutbox(LegacyAdapter legacy) {
        if (legacyJournal != null) {
            return Outbox.journal(Backend.LEGACY, legacyJournal);
        }
        try {
            return LegacyOutbox.create(legacy);
        } catch (IllegalArgumentException e) {
            throw new CliException(e.getMessage().replace("use Outbox.journal(Backend.LEGACY, path)",
                    "give the application's journal file with --legacy-journal FILE"), e);
        }
    }

    private static <E, K> void configure(DualWrites.Builder builder, MovedTable<E, K> table, LegacyAdapter legacy,
            PostgresAdapter postgres) {
        builder.table(table.mapping(), legacy.store(table.mapping(), table.legacyTable()), postgres.store(table.mapping()));
    }

    /** {@code 1 row refused by the secondary ...} and one line per row, oldest entry first. */
    private void printRefused(List<RefusedRow> refused) {
        if (refused.isEmpty()) {
            return;
        }
        out().println(Text.count(refused.size(), "row", "rows") + " refused by the secondary; their outbox entries stay and "
                + "are retried with backoff (fix the row or the secondary's constraint, then run again):");
        Instant now = Instant.now();
        for (RefusedRow row : refused) {
            out().println("  " + row.primary().id() + "-primary " + row.key().table() + " " + row.key().key() + ": "
                    + row.reason() + " (" + Text.count(row.entries(), "entry", "entries") + ", oldest "
                    + Text.seconds(Duration.between(row.oldestEntry(), now).abs()) + " old; refused "
                    + Text.count(row.attempts(), "time", "times") + ")");
        }
    }

    /** {@code 3 entries of unknown tables: a, b (...)}. */
    private void printUnknown(Map<String, Long> unknown) {
        if (unknown.isEmpty()) {
            return;
        }
        long entries = unknown.values().stream().mapToLong(Long::longValue).sum();
        out().println(Text.count(entries, "entry", "entries") + " of unknown tables: " + String.join(", ", unknown.keySet())
                + " (reconcile them from a process that knows them)");
    }

    private static void showProgress(ProgressDisplay display, Reconciler reconciler) {
        long backlog = reconciler.backlog().stream().mapToLong(Backlog::entries).sum();
        ReconcilerStats stats = reconciler.stats();
        double rate = stats.settledPerSecond();
        display.update("outboxes", stats.settled(), stats.settled() + backlog, rate,
                rate > 0 ? Duration.ofMillis((long) (backlog / rate * 1000)) : null);
    }

    /** {@code legacy-primary writes: 3 entries (oldest 2.1 s old); postgres-primary writes: 0 entries}. */
    private static String describe(List<Backlog> backlogs) {
        StringBuilder text = new StringBuilder();
        for (Backlog backlog : backlogs) {
            text.append(text.length() == 0 ? "" : "; ").append(backlog.primary().id()).append("-primary writes (")
                    .append(backlog.outbox()).append("): ").append(Text.count(backlog.entries(), "entry", "entries"));
            if (backlog.entries() > 0) {
                text.append(" (oldest ").append(Text.seconds(backlog.oldestAge())).append(" old)");
            }
        }
        return text.toString();
    }

    private static ObjectNode toJson(List<Backlog> backlogs, ReconcilerStats stats, List<RefusedRow> refused,
            Map<String, Long> unknown, Duration elapsed, int exit) {
        ObjectNode root = Json.object();
        root.put("settled", stats.settled());
        root.put("mirrored", stats.mirrored());
        root.put("failed", stats.failed());
        root.put("elapsed", elapsed.toString());
        ArrayNode array = root.putArray("backlog");
        for (Backlog backlog : backlogs) {
            ObjectNode node = array.addObject();
            node.put("primary", backlog.primary().id());
            node.put("outbox", backlog.outbox());
            node.put("entries", backlog.entries());
            node.put("oldestEntry", backlog.oldestEntry() == null ? null : backlog.oldestEntry().toString());
        }
        root.put("remaining", backlogs.stream().mapToLong(Backlog::entries).sum());
        ArrayNode rows = root.putArray("refused");
        for (RefusedRow row : refused) {
            ObjectNode node = rows.addObject();
            node.put("primary", row.primary().id());
            node.put("table", row.key().table());
            node.put("key", row.key().key());
            node.put("entries", row.entries());
            node.put("oldestEntry", row.oldestEntry().toString());
            node.put("reason", row.reason());
            node.put("attempts", row.attempts());
        }
        ObjectNode tables = root.putObject("unknownTables");
        unknown.forEach(tables::put);
        root.put("exitCode", exit);
        return root;
    }
}
