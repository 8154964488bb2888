package dev.cutover.cli.internal.commands;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cutover.cli.MovedTable;
import dev.cutover.cli.internal.CliException;
import dev.cutover.cli.internal.ExitCode;
import dev.cutover.cli.internal.Json;
import dev.cutover.cli.internal.Output;
import dev.cutover.sequences.SequenceException;
import dev.cutover.sequences.SequenceMove;
import dev.cutover.sequences.Sequences;
import java.util.List;
import java.util.Locale;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code cutover sequences reset}: identity and owned sequences moved past the copied values, on their own. */
@Command(name = "sequences", mixinStandardHelpOptions = true,
        description = "Move the target tables' identity and serial sequences past the values the tables hold.",
        subcommands = SequencesCommand.ResetCommand.class)
public final class SequencesCommand extends CliCommand {

    @Override
    public Integer call() {
        spec.commandLine().usage(err());
        return ExitCode.ERROR;
    }

    /** One sequence as JSON, for this command and {@code backfill --json}. */
    static void toJson(ObjectNode node, SequenceMove move) {
        node.put("table", move.table());
        node.put("column", move.column());
        node.put("sequence", move.sequence());
        node.put("identity", move.identity());
        if (move.columnMax().isPresent()) {
            node.put("columnMax", move.columnMax().getAsLong());
        } else {
            node.putNull("columnMax");
        }
        node.put("nextBefore", move.nextBefore());
        node.put("nextAfter", move.nextAfter());
        node.put("moved", move.moved());
    }

    @Command(name = "reset", mixinStandardHelpOptions = true,
            description = {"Set every identity column's sequence and every sequence a column owns (serial) of the tables "
                    + "so that its next value is past the largest the table holds. Never moves a sequence backwards; "
                    + "'cutover backfill' does this when a table's run completes.",
                    "Each table is locked (SHARE) for a moment so that no insert draws a value meanwhile."},
            footer = {"", "Exit status: 0 done (or nothing to do), 2 could not (a sequence has no value left: the message "
                    + "says what to change)."})
    static final class ResetCommand extends CliCommand {
        @Parameters(paramLabel = "TABLE", arity = "0..*", description = "Target tables; default: every table the "
                + "application maps.")
        List<String> tables;

        @Option(names = "--dry-run", description = "Say what would move; change nothing.")
        boolean dryRun;

        @Option(names = "--json", description = "Print the outcome as one JSON object on stdout.")
        boolean json;

        @Override
        public Integer call() {
            List<String> names = tables == null || tables.isEmpty()
                    ? session().application().tables().stream().map(MovedTable::name).toList() : tables;
            Sequences sequences = Sequences.of(session().postgres());
            List<SequenceMove> moves;
            try {
                moves = dryRun ? sequences.plan(names) : sequences.reset(names);
            } catch (SequenceException e) {
                throw new CliException(e.getMessage() + (e.sequence() == null ? "" : System.lineSeparator()
                        + "No sequence was moved; run 'cutover sequences reset' again once it is fixed."), e);
            }
            if (json) {
                ObjectNode root = Json.object();
                root.put("dryRun", dryRun);
                ArrayNode array = root.putArray("sequences");
                moves.forEach(move -> toJson(array.addObject(), move));
                root.put("exitCode", ExitCode.OK);
                Output.json(out(), root);
                return ExitCode.OK;
            }
            if (moves.isEmpty()) {
                out().println("No identity column or owned sequence in " + String.join(", ", names) + ".");
                return ExitCode.OK;
            }
            String format = "%-32s %-24s %14s %14s %14s  %s%n";
            out().printf(Locale.ROOT, format, "sequence", "column", "column max", "next before", "next after", "");
            for (SequenceMove move : moves) {
                out().printf(Locale.ROOT, format, move.sequence(), move.table() + "." + move.column(),
                        move.columnMax().isPresent() ? Long.toString(move.columnMax().getAsLong()) : "(empty)",
                        move.nextBefore(), move.nextAfter(), !move.moved() ? "already past"
                                : dryRun ? "would move" : "moved");
            }
            long moved = moves.stream().filter(SequenceMove::moved).count();
            out().printf(Locale.ROOT, "%d of %d sequences %s.%n", moved, moves.size(), dryRun ? "would move (dry run: "
                    + "nothing changed)" : "moved");
            return ExitCode.OK;
        }
    }
}
