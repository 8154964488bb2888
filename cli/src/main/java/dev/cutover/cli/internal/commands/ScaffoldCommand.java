package dev.cutover.cli.internal.commands;

import dev.cutover.cli.CutoverCli;
import dev.cutover.cli.internal.CliException;
import dev.cutover.cli.internal.ExitCode;
import dev.cutover.jdbc.Redaction;
import dev.cutover.scaffold.GeneratedSource;
import dev.cutover.scaffold.Scaffold;
import dev.cutover.scaffold.ScaffoldException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.DateTimeException;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code cutover scaffold}: {@link Scaffold}, printed or written to a source directory. */
@Command(name = "scaffold", mixinStandardHelpOptions = true,
        description = {"Generate the Java of a migration from the legacy and target catalogs: for each table a record, "
                + "its EntityMapping, its legacy binding (LegacyTable, with every rename and conversion the catalogs "
                + "imply) and repository skeletons on both backends.",
                "What the catalogs do not settle is left as a compile error saying what to choose "
                        + "(/* CHOOSE: ... */ CHOOSE_CONVERSION); nothing is guessed. Needs CUTOVER_LEGACY_URL and "
                        + "CUTOVER_POSTGRES_URL, not the application."},
        footer = {"", "Exit status: 0 generated with every decision made, 1 generated with decisions left (listed), "
                + "2 could not (a table missing, a catalog unreadable)."})
public final class ScaffoldCommand extends CliCommand {

    @Option(names = "--table", paramLabel = "LEGACY[=TARGET]", description = "A legacy table (exact name) and, when its "
            + "name differs, the postgres table it becomes: User=users. Repeatable.")
    List<String> tables;

    @Option(names = "--all-tables", description = "Every table of the legacy schema, each paired with the postgres table "
            + "of the same name (ignoring case and underscores, or with s/es added).")
    boolean allTables;

    @Option(names = "--column", paramLabel = "TABLE.LEGACY=TARGET", description = "Decide what names cannot: legacy "
            + "column LEGACY of legacy table TABLE feeds postgres column TARGET (tbl_clients.client_id=id). Repeatable.")
    List<String> columns;

    @Option(names = "--exclude", paramLabel = "TABLE.COLUMN=REASON", description = "Decide that a legacy column stays "
            + "behind, for REASON (User.legacyHash='recomputed'). Repeatable.")
    List<String> excludes;

    @Option(names = "--legacy-schema", paramLabel = "SCHEMA", description = "The legacy schema (MariaDB: database); "
            + "default: the connection's.")
    String legacySchema;

    @Option(names = "--package", paramLabel = "PACKAGE", description = "The Java package of the generated types.")
    String javaPackage = "";

    @Option(names = "--legacy-zone", paramLabel = "ZONE", description = "The zone legacy date-times without time zone "
            + "were written in (Europe/Paris, UTC): they become Conversion.naiveAt(zone). Default: left to choose.")
    String legacyZone;

    @Option(names = "--output-dir", paramLabel = "DIR", description = "Write the files under this source root (by "
            + "package); a file that exists with other content is refused unless --overwrite. Default: print them on "
            + "stdout.")
    Path outputDir;

    @Option(names = "--overwrite", description = "With --output-dir, replace files whose content differs (your edits "
            + "to generated files included).")
    boolean overwrite;

    @Override
    public Integer call() {
        if ((tables == null || tables.isEmpty()) == !allTables) {
            throw new CliException("Name the tables with --table LEGACY[=TARGET] (repeatable), or give --all-tables; "
                    + (allTables ? "not both" : "neither was given"));
        }
        Scaffold scaffold;
        try {
            scaffold = Scaffold.of(session().legacy(), session().postgres()).javaPackage(javaPackage)
                    .generatedBy(generatedBy());
            if (legacyZone != null) {
                scaffold = scaffold.legacyZone(zone(legacyZone));
            }
            if (legacySchema != null) {
                scaffold = scaffold.legacySchema(legacySchema);
            }
            for (String column : columns == null ? List.<String>of() : columns) {
                String[] decision = decision("--column", column, "TABLE.LEGACY=TARGET");
                scaffold = scaffold.column(decision[0], decision[1], decision[2]);
            }
            for (String exclude : excludes == null ? List.<String>of() : excludes) {
                String[] decision = decision("--exclude", exclude, "TABLE.COLUMN=REASON");
                scaffold = scaffold.exclude(decision[0], decision[1], decision[2]);
            }
        } catch (IllegalArgumentException e) {
            throw new CliException(e.getMessage(), e);
        }
        if (allTables) {
            scaffold = scaffold.allTables();
        } else {
            for (String table : tables) {
                int equals = table.indexOf('=');
                scaffold = equals < 0 ? scaffold.table(table) : scaffold.table(table.substring(0, equals),
                        table.substring(equals + 1));
            }
        }
        List<GeneratedSource> sources;
        try {
            sources = scaffold.generate();
        } catch (ScaffoldException | IllegalArgumentException e) {
            throw new CliException(e.getMessage(), e);
        }
        List<String> choices = new ArrayList<>();
        for (GeneratedSource source : sources) {
            String[] lines = source.content().split("\n", -1);
            for (int i = 0; i < lines.length; i++) {
                int at = lines[i].indexOf("/* CHOOSE: ");
                if (at >= 0) {
                    choices.add(source.path() + ":" + (i + 1) + ": " + lines[i].substring(at + 3,
                            lines[i].indexOf(" */", at)));
                }
            }
        }
        if (outputDir == null) {
            for (GeneratedSource source : sources) {
                out().println("// " + source.path());
                out().print(source.content());
                out().println();
            }
        } else {
            write(sources);
        }
        var report = outputDir == null ? err() : out();
        if (choices.isEmpty()) {
            report.println(sources.size() + " files; every decision made: they compile as they are.");
            return ExitCode.OK;
        }
        report.println(sources.size() + " files; " + choices.size() + " decision(s) left as CHOOSE markers, which do not "
                + "compile until made:");
        choices.forEach(choice -> report.println("  " + choice));
        return ExitCode.FINDINGS;
    }

    /** Writes every file, or none: a file that exists with other content is refused unless {@link #overwrite}. */
    private void write(List<GeneratedSource> sources) {
        List<String> differing = new ArrayList<>();
        List<GeneratedSource> unchanged = new ArrayList<>();
        for (GeneratedSource source : sources) {
            Path file = outputDir.resolve(source.path());
            try {
                if (Files.exists(file)) {
                    if (Files.readString(file, StandardCharsets.UTF_8).equals(source.content())) {
                        unchanged.add(source);
                    } else {
                        differing.add(file.toString());
                    }
                }
            } catch (IOException e) {
                throw new CliException("Cannot read " + file + ": " + e, e);
            }
        }
        if (!differing.isEmpty() && !overwrite) {
            throw new CliException("file-exists", "Nothing written: " + differing.size() + " file(s) exist with other "
                    + "content (edited since generated, or generated from other catalogs): " + String.join(", ", differing)
                    + "; compare them with this command's output without --output-dir, or give --overwrite to replace "
                    + "them", null, null);
        }
        for (GeneratedSource source : sources) {
            try {
                out().println((unchanged.contains(source) ? "unchanged " + outputDir.resolve(source.path())
                        : "wrote " + source.writeTo(outputDir)));
            } catch (IOException e) {
                throw new CliException("Cannot write " + outputDir.resolve(source.path()) + ": " + e, e);
            }
        }
    }

    /** {@code TABLE.COLUMN=VALUE} as its three parts, or a refusal showing the form. */
    private static String[] decision(String option, String text, String form) {
        int dot = text.indexOf('.');
        int equals = text.indexOf('=', dot + 1);
        if (dot <= 0 || equals <= dot + 1 || equals == text.length() - 1) {
            throw new CliException(option + " '" + text + "' is not " + form + ", for example " + (option.equals("--column")
                    ? "tbl_clients.client_id=id" : "User.legacyHash=recomputed by the new application"));
        }
        return new String[] {text.substring(0, dot), text.substring(dot + 1, equals), text.substring(equals + 1)};
    }

    private static ZoneId zone(String text) {
        try {
            return ZoneId.of(text);
        } catch (DateTimeException e) {
            throw new CliException("--legacy-zone '" + text + "' is not a time zone; give a region such as Europe/Paris, "
                    + "or UTC, or an offset such as +02:00", e);
        }
    }

    /** The header's "generated by": this build's version and the command line, which hold no credentials. */
    private String generatedBy() {
        String version = "(unknown version)";
        try (InputStream in = CutoverCli.class.getResourceAsStream("version.properties")) {
            if (in != null) {
                Properties properties = new Properties();
                properties.load(in);
                version = properties.getProperty("version", version);
            }
        } catch (IOException e) {
            version = "(version unreadable: " + e.getMessage() + ")";
        }
        // where and how the files are written does not change them: --output-dir and --overwrite are left out
        List<String> args = new ArrayList<>(List.of("cutover"));
        List<String> original = spec.root().commandLine().getParseResult().originalArgs();
        for (int i = 0; i < original.size(); i++) {
            if (original.get(i).equals("--output-dir")) {
                i++;
            } else if (!original.get(i).startsWith("--output-dir=") && !original.get(i).equals("--overwrite")) {
                args.add(original.get(i));
            }
        }
        return "cutover " + version + ": " + Redaction.text(String.join(" ", args)).replace("*/", "* /");
    }
}
