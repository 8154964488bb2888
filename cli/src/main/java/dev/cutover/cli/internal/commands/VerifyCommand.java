package dev.cutover.cli.internal.commands;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cutover.schema.SchemaMismatchException;
import dev.cutover.cli.MovedTable;
import dev.cutover.cli.internal.CliException;
import dev.cutover.cli.internal.ExitCode;
import dev.cutover.cli.internal.Json;
import dev.cutover.cli.internal.Output;
import dev.cutover.cli.internal.ProgressDisplay;
import dev.cutover.cli.internal.Text;
import dev.cutover.legacy.LegacyAdapter;
import dev.cutover.postgres.PostgresAdapter;
import dev.cutover.verify.RepairReport;
import dev.cutover.verify.Verifier;
import dev.cutover.verify.VerifyConfig;
import dev.cutover.verify.VerifyListener;
import dev.cutover.verify.VerifyProgress;
import dev.cutover.verify.VerifyReport;
import dev.cutover.verify.VerifyReports;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code cutover verify}: a {@link Verifier} report per table; the exit status is the worst table's. */
@Command(name = "verify", mixinStandardHelpOptions = true,
        description = {"Compare legacy and PostgreSQL row by row (or by range checksums); report in text or JSON.",
                "Rows found different are read again after a delay before they are reported, so verify may run while "
                        + "the application writes."},
        footer = {"", "Exit status: 0 every row equal, 1 rows missing, extra, different or unreadable (a value one side "
                + "cannot read, listed with its key and reason), 2 could not verify (or, with --repair, could not queue"
                + " keys; a refused repair queues nothing)."})
public final class VerifyCommand extends CliCommand {

    /** How rows are compared. */
    enum Mode {
        /** Every row read from both sides. */
        ROWS,
        /** Key ranges by checksum where both databases can compute it, reading only the ranges that differ. */
        CHECKSUM
    }

    @Option(names = "--table", paramLabel = "TABLE", description = "Verify only this table (repeatable); default: every table.")
    List<String> tables;

    @Option(names = "--mode", paramLabel = "MODE", defaultValue = "checksum",
            description = "rows (compare every row) or checksum (by key range where both sides can, rows elsewhere). "
                    + "Default: ${DEFAULT-VALUE}.")
    Mode mode;

    @Option(names = "--recheck-attempts", paramLabel = "N", defaultValue = "" + VerifyConfig.DEFAULT_RECHECK_ATTEMPTS,
            description = "Times a row found different is read again (1 s apart) before it is reported. Default: ${DEFAULT-VALUE}.")
    int recheckAttempts;

    @Option(names = "--max-listed", paramLabel = "ROWS", defaultValue = "" + VerifyConfig.DEFAULT_MAX_LISTED,
            description = "Rows listed per table in the report (every one is counted). Default: ${DEFAULT-VALUE}.")
    int maxListed;

    @Option(names = "--json", description = "Print the reports as one JSON object on stdout.")
    boolean json;

    @Option(names = "--report-file", paramLabel = "FILE", description = "Also write the reports as JSON to FILE.")
    Path reportFile;

    @Option(names = "--save", description = "Also keep each table's report in cutover.verify_reports (VerifyReports.save):"
            + " the record of what was proven equal, and when, that 'cutover status' shows.")
    boolean save;

    @Option(names = "--repair", description = "Also queue every row found missing, extra or different in the outbox of "
            + "the table's write primary (legacy on legacy/legacy-dual, PostgreSQL on postgres-dual/postgres), for the "
            + "reconciler to copy the primary's row (or delete the other side's). Refused for a table whose writes have "
            + "no single primary, or whose other outbox still holds its entries. Unreadable rows are not repairable.")
    boolean repair;

    @Mixin
    ProgressOption progress;

    @Override
    public Integer call() {
        VerifyConfig.Builder base = VerifyConfig.custom().checksums(mode == Mode.CHECKSUM);
        try {
            base.recheckAttempts(recheckAttempts).maxListed(maxListed);
        } catch (IllegalArgumentException e) {
            throw new CliException("--recheck-attempts/--max-listed: " + e.getMessage());
        }
        List<MovedTable<?, ?>> selected = Tables.select(session(), tables);
        LegacyAdapter legacy = session().legacy();
        PostgresAdapter postgres = session().postgres();
        VerifyRepairs repairs = repair ? VerifyRepairs.prepare(session().application(), cli().environment(), selected,
                legacy, postgres) : null;
        ProgressDisplay display = progress.display(err(), "rows");
        List<VerifyReport> reports = new ArrayList<>();
        List<String> jsonReports = new ArrayList<>();
        int exit = ExitCode.OK;
        for (MovedTable<?, ?> table : selected) {
            RepairReport repaired = repairs == null ? null : repair(table, legacy, postgres, base, display, repairs);
            VerifyReport report = repaired == null ? verify(table, legacy, postgres, base, display) : repaired.verify();
            display.println(table.name() + ": " + report.status() + " (" + Text.seconds(report.duration()) + ")");
            reports.add(report);
            jsonReports.add(repaired == null ? report.toJson() : repaired.toJson());
            if (save) {
                VerifyReports.save(postgres, report);
            }
            exit = Math.max(exit, repaired == null ? report.exitCode() : repaired.exitCode());
            if (!json) {
                out().println(repaired == null ? report.toText() : repaired.toText());
            }
        }
        ObjectNode document = toJson(jsonReports, exit);
        if (repairs != null) {
            document.set("repair", repairs.json());
        }
        if (json) {
            Output.json(out(), document);
        }
        if (reportFile != null) {
            try {
                Files.writeString(reportFile, Json.write(document) + System.lineSeparator(), StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new CliException("Cannot write the report to " + reportFile + ": " + e
                        + "; give a writable path to --report-file");
            }
        }
        if (!json) {
            out().println(verdict(reports, exit));
            if (repairs != null) {
                out().println(repairs.summary());
            }
        }
        return exit;
    }

    private static <E, K> VerifyReport verify(MovedTable<E, K> table, LegacyAdapter legacy, PostgresAdapter postgres,
            VerifyConfig.Builder base, ProgressDisplay display) {
        return verifier(table, legacy, postgres, base, display).verify();
    }

    private static RepairReport repair(MovedTable<?, ?> table, LegacyAdapter legacy, PostgresAdapter postgres,
            VerifyConfig.Builder base, ProgressDisplay display, VerifyRepairs repairs) {
        RepairReport report = verifier(table, legacy, postgres, base, display).repair(repairs.outboxOf(table));
        repairs.add(table, report);
        return report;
    }

    private static <E, K> Verifier<E, K> verifier(MovedTable<E, K> table, LegacyAdapter legacy, PostgresAdapter postgres,
            VerifyConfig.Builder base, ProgressDisplay display) {
        VerifyConfig config = VerifyConfig.from(base.build()).listener(new VerifyListener() {
            @Override
            public void progress(VerifyProgress p) {
                display.update(table.name(), p.legacyRows(), p.expectedRows(), p.rowsPerSecond(), p.remaining());
            }
        }).build();
        Verifier<E, K> verifier;
        try {
            verifier = Verifier.of(table.mapping(), legacy, table.legacyTable(), postgres, config);
        } catch (SchemaMismatchException e) {
            throw new CliException("Cannot verify " + table.name() + ": " + e.getMessage() + System.lineSeparator()
                    + "Run 'cutover schema-check' to see every problem at once.", e);
        }
        return verifier;
    }

    private static ObjectNode toJson(List<String> reports, int exit) {
        ObjectNode root = Json.object();
        ArrayNode array = root.putArray("tables");
        reports.forEach(report -> array.add(Json.parse(report)));
        root.put("exitCode", exit);
        return root;
    }

    private static String verdict(List<VerifyReport> reports, int exit) {
        long mismatches = reports.stream().mapToLong(VerifyReport::mismatchCount).sum();
        long unreadable = reports.stream().mapToLong(VerifyReport::unreadable).sum();
        long failed = reports.stream().filter(r -> r.status() == VerifyReport.Status.FAILED).count();
        return switch (exit) {
            case ExitCode.OK -> "Every row of " + Text.count(reports.size(), "table", "tables") + " is equal on both sides.";
            case ExitCode.FINDINGS -> Text.count(mismatches, "row differs", "rows differ") + ". Rows missing in PostgreSQL: run 'cutover backfill' "
                    + "(it resumes) or 'cutover reconcile'; different rows: 'cutover reconcile' copies the primary's row "
                    + "of keys in the outbox; 'cutover verify --repair' queues every row found different for it."
                    + (unreadable == 0 ? "" : " Unreadable rows: fix the value "
                    + "the reason names on that side ('cutover backfill' quarantines such legacy rows), then verify again.");
            default -> Text.count(failed, "table", "tables") + " could not be verified (see 'could not verify' above).";
        };
    }
}
