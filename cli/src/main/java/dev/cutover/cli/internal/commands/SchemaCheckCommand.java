package dev.cutover.cli.internal.commands;

import dev.cutover.cli.MovedTable;
import dev.cutover.cli.internal.Json;
import dev.cutover.cli.internal.Output;
import dev.cutover.schemacheck.SchemaCheck;
import dev.cutover.schemacheck.SchemaReport;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code cutover schema-check}: {@link SchemaCheck} over every table of the application. */
@Command(name = "schema-check", mixinStandardHelpOptions = true,
        description = "Compare the legacy schema, the target schema and the mappings; list every problem.",
        footer = {"", "Exit status: 0 every table fits its mapping, 1 problems found (all listed), 2 could not check."})
public final class SchemaCheckCommand extends CliCommand {

    @Option(names = "--table", paramLabel = "TABLE", description = "Check only this table (repeatable); default: every table.")
    List<String> tables;

    @Option(names = "--json", description = "Print the report as one JSON object on stdout.")
    boolean json;

    @Override
    public Integer call() {
        SchemaCheck check = SchemaCheck.of(session().legacy(), session().postgres());
        for (MovedTable<?, ?> table : Tables.select(session(), tables)) {
            check = check.entity(table.mapping(), table.legacyTable());
        }
        SchemaReport report = check.report();
        if (json) {
            Output.json(out(), Json.parse(report.toJson()));
        } else {
            out().println(report.toText());
        }
        return report.exitCode();
    }
}
