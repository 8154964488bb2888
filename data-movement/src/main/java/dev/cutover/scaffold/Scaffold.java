package dev.cutover.scaffold;

import dev.cutover.legacy.LegacyAdapter;
import dev.cutover.postgres.PostgresAdapter;
import dev.cutover.scaffold.internal.DefaultScaffold;
import java.time.ZoneId;
import java.util.List;

/**
 * Generates the Java of a migration from the legacy and target catalogs, the way jOOQ's code generator generates
 * classes from a schema: for each pair of tables, the record of a row, its {@code EntityMapping} (in the target's
 * names and types), its legacy binding ({@code LegacyTable}: every rename and declared conversion the two catalogs
 * imply) and repository skeletons on both backends.
 *
 * <pre>{@code
 * List<GeneratedSource> sources = Scaffold.of(legacy, postgres)
 *         .table("User", "users").table("Post", "posts")
 *         .javaPackage("com.example.orm").legacyZone(ZoneId.of("Europe/Paris"))
 *         .generate();
 * for (GeneratedSource source : sources) {
 *     source.writeTo(Path.of("src/main/java"));
 * }
 * }</pre>
 *
 * <p>Nothing is guessed: a column is renamed only when exactly one legacy column has its letters and digits (ignoring
 * case and underscores), a conversion is declared only when exactly one exact declaration fits the two types (see
 * {@code docs/conversions.md}), and each decision left (a legacy type no declaration converts, a column on one side
 * only, a table without a primary key, an ambiguous rename, a naive date-time whose zone is not given) is written as a
 * compile error, {@code /* CHOOSE: what to choose *}{@code / CHOOSE_CONVERSION}. The output is deterministic: the same
 * catalogs give the same text, with a header saying what generated it.
 *
 * <p>Immutable and thread-safe: each method returns a new scaffold.
 */
public interface Scaffold {

    static Scaffold of(LegacyAdapter legacy, PostgresAdapter postgres) {
        return DefaultScaffold.of(legacy, postgres);
    }

    /** Adds legacy table {@code legacyTable} (exact name), mapped to postgres table {@code targetTable}. */
    Scaffold table(String legacyTable, String targetTable);

    /** Adds a table of the same name on both sides. */
    default Scaffold table(String name) {
        return table(name, name);
    }

    /**
     * Adds every table of the legacy schema, each paired with the postgres table of the same name, else the only one
     * whose name has the same letters and digits ignoring case, else the only one that is that name with {@code s} or
     * {@code es} added ({@code User} to {@code users}); a table that pairs with none fails {@link #generate()}.
     */
    Scaffold allTables();

    /**
     * Decides what the names cannot: legacy column {@code legacyColumn} of {@code legacyTable} feeds target column
     * {@code targetColumn}, whatever their names. Checked against both catalogs by {@link #generate()}.
     */
    Scaffold column(String legacyTable, String legacyColumn, String targetColumn);

    /** Decides that legacy column {@code legacyColumn} of {@code legacyTable} stays behind, for {@code reason}. */
    Scaffold exclude(String legacyTable, String legacyColumn, String reason);

    /** The legacy schema (on MariaDB and MySQL: database) of the tables; default: the connection's. */
    Scaffold legacySchema(String schema);

    /** The package of the generated types; default: none. */
    Scaffold javaPackage(String javaPackage);

    /**
     * The zone the legacy database's date-times without time zone were written in: such a column becomes
     * {@code Conversion.naiveAt(zone)}. Without it, the choice between a zone and {@code LegacyStorage.TIMESTAMP_UTC}
     * is left to the user.
     */
    Scaffold legacyZone(ZoneId zone);

    /**
     * What each file's header says generated it, for example the command line; default
     * {@code dev.cutover.scaffold.Scaffold}. Kept free of dates, so that output is reproducible.
     */
    Scaffold generatedBy(String description);

    /**
     * Reads both catalogs and generates the sources, ordered by path.
     *
     * @throws ScaffoldException if a table is missing or cannot be paired
     * @throws dev.cutover.DataAccessException if a catalog cannot be read
     */
    List<GeneratedSource> generate();
}
