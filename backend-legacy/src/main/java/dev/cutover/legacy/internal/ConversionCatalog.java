package dev.cutover.legacy.internal;

import dev.cutover.legacy.Conversion;
import dev.cutover.legacy.LegacyDialect;
import dev.cutover.legacy.LegacyStorage;
import dev.cutover.mapping.ColumnType;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The table of {@code docs/conversions.md}, rendered from what the dialects accept ({@link LegacyDialect#compatibleTypes},
 * {@link LegacyDialect#convertibleTypes}), so that the documentation is the code's catalog: every legacy type of each
 * engine, each mapping type it can become, the declaration that makes it so, and what happens to a value that does
 * not fit. A test compares the checked-in file with {@link #render()}. Stateless.
 */
public final class ConversionCatalog {
    /** The command that rewrites the table in {@code docs/conversions.md}. */
    public static final String REGENERATE = "mvn -pl backend-legacy -am verify -Dtest=ConversionTableTest "
            + "-Dsurefire.failIfNoSpecifiedTests=false -Dcutover.docs.update=true";

    /** Legacy types the catalogs report that no mapping type holds yet: a schema-check error unless excluded. */
    private static final List<String> POSTGRES_UNMAPPED = List.of("time with time zone", "interval", "money", "inet",
            "cidr", "bit varying", "arrays other than those above", "xml", "tsvector", "point and the other geometric types");
    private static final List<String> MARIADB_UNMAPPED = List.of("bit(n) for n > 1", "geometry and the spatial types",
            "inet4, inet6");

    private ConversionCatalog() {
    }

    /** The generated part of {@code docs/conversions.md}: one table for both engines, then what has no counterpart. */
    public static String render() {
        StringBuilder table = new StringBuilder();
        table.append("| engine | legacy type | mapping type | declared with | a value that does not fit |\n");
        table.append("| --- | --- | --- | --- | --- |\n");
        for (LegacyDialect dialect : List.of(LegacyDialect.postgresql(), LegacyDialect.mariadb())) {
            for (String legacyType : legacyTypes(dialect)) {
                for (ColumnType type : ColumnType.values()) {
                    for (LegacyStorage storage : LegacyStorage.values()) {
                        if (dialect.compatibleTypes(type, storage).contains(legacyType)) {
                            row(table, dialect, legacyType, type, storage == LegacyStorage.NATIVE ? "(nothing: native)"
                                    : "`.stored(column, LegacyStorage." + storage + ")`",
                                    misfit(dialect, legacyType, type, storage));
                        }
                    }
                    for (Conversion.Kind kind : Conversion.Kind.values()) {
                        if (kind.appliesTo(type) && dialect.convertibleTypes(kind).contains(legacyType)) {
                            row(table, dialect, legacyType, type, "`.convert(column, " + TypeHints.example(kind) + ")`",
                                    misfit(kind));
                        }
                    }
                }
            }
        }
        table.append("\nNo mapping type holds these yet; a column of one is a schema-check error until it is excluded ")
                .append("with `.exclude(column, reason)` (and verify lists it as not compared):\n\n");
        table.append("- PostgreSQL: ").append(String.join("; ", POSTGRES_UNMAPPED)).append('\n');
        table.append("- MariaDB: ").append(String.join("; ", MARIADB_UNMAPPED)).append('\n');
        return table.toString();
    }

    private static void row(StringBuilder table, LegacyDialect dialect, String legacyType, ColumnType type,
            String declaration, String misfit) {
        table.append("| ").append(dialect.name()).append(" | `").append(legacyType).append("` | ").append(type)
                .append(" | ").append(declaration.replace("|", "\\|")).append(" | ").append(misfit).append(" |\n");
    }

    /** Every catalog type a dialect accepts for some mapping type, in the order first met. */
    static Set<String> legacyTypes(LegacyDialect dialect) {
        Set<String> types = new LinkedHashSet<>();
        for (ColumnType type : ColumnType.values()) {
            for (LegacyStorage storage : LegacyStorage.values()) {
                types.addAll(dialect.compatibleTypes(type, storage));
            }
        }
        for (Conversion.Kind kind : Conversion.Kind.values()) {
            types.addAll(dialect.convertibleTypes(kind));
        }
        List<String> sorted = new ArrayList<>(types);
        sorted.sort(null);
        return new LinkedHashSet<>(sorted);
    }

    private static String misfit(LegacyDialect dialect, String legacyType, ColumnType type, LegacyStorage storage) {
        boolean mariadb = dialect instanceof MariaDbLegacyDialect;
        return switch (storage) {
            case JSON_TEXT -> "text that is not JSON: quarantined; JSON is read as PostgreSQL's jsonb reads it (the last "
                    + "of duplicate keys wins, numbers exact, `null` stays JSON null)";
            case SMALLINT_BOOLEAN -> "a number other than 0 or 1: quarantined";
            case TIMESTAMP_UTC -> mariadb ? "a zero date: quarantined, unless `.zeroDateAsNull(column)`" : "always fits";
            case NATIVE -> switch (type) {
                case TEXT -> mariadb && !legacyType.equals("enum")
                        ? "a NUL character (U+0000): quarantined, unless `.stripNul` or `.replaceNul`" : "always fits";
                case BOOLEAN -> mariadb ? "a number other than 0 or 1: quarantined (MySQL's reading, any non-zero "
                        + "number is true, is `Conversion.NONZERO_IS_TRUE`)" : "always fits";
                case TIMESTAMPTZ, DATE -> mariadb ? "a zero date: quarantined, unless `.zeroDateAsNull(column)`; a zero "
                        + "month or day: quarantined" : "always fits";
                case UUID -> legacyType.equals("uuid") ? "always fits" : "text that is not a UUID: quarantined";
                case JSON, JSONB -> mariadb ? "JSON that PostgreSQL refuses (`\\u0000`, `1e999999`): quarantined"
                        : type == ColumnType.JSONB && legacyType.equals("json")
                                ? "`\\u0000` in a string: quarantined (jsonb refuses it)" : "always fits";
                case TIMESTAMP -> mariadb ? "a zero date: quarantined, unless `.zeroDateAsNull(column)`" : "always fits";
                case TIME -> mariadb ? "a time outside 00:00:00 to 23:59:59.999999 (MariaDB's `time` reaches 838:59:59): "
                        + "quarantined" : "`24:00:00`, which no `LocalTime` holds: quarantined";
                case CHAR -> "trailing spaces are padding, never part of the value (PostgreSQL's `character(n)` rule); "
                        + (mariadb ? "a NUL character: quarantined" : "always fits");
                case ENUM -> "a label the target's enum type lacks: quarantined (22P02)";
                default -> "always fits";
            };
        };
    }

    private static String misfit(Conversion.Kind kind) {
        return switch (kind) {
            case UUID_TEXT -> "text that is not a UUID (any case, trailing spaces of a `char` allowed): quarantined";
            case UUID_BINARY -> "not 16 bytes: quarantined";
            case CHECKED_INTEGER -> "outside the mapping type's range, or a fraction: quarantined, naming the value; "
                    + "never wrapped";
            case NONZERO_IS_TRUE -> "always fits: 0 is false, any other number true";
            case TEXT_FLAG -> "text other than the two declared: quarantined";
            case ENUM_TEXT -> "always fits into TEXT; into ENUM, a label the target's enum type lacks: quarantined "
                    + "(22P02)";
            case SET_ARRAY -> "always fits: the empty set is an empty array";
            case YEAR -> "the zero year `0000`: quarantined";
            case NAIVE_AT_ZONE -> "a time the zone skips (daylight saving): quarantined; a time it repeats: the earlier "
                    + "instant";
            case DECIMAL -> "more fractional digits than the declared scale: quarantined, or with `OnRounding.REPORT` "
                    + "copied (the target rounds it) and listed by verify; NaN and infinities: quarantined";
        };
    }
}
