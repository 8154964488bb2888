package dev.cutover.scaffold.internal;

import dev.cutover.legacy.Conversion;
import dev.cutover.legacy.LegacyDialect;
import dev.cutover.legacy.LegacyStorage;
import dev.cutover.mapping.ColumnType;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * The decisions scaffold takes for one column, from what the code accepts rather than from a table of its own: the
 * mapping type from the target column's type, and the legacy binding's declaration from what the legacy dialect says
 * each declaration accepts ({@link LegacyDialect#compatibleTypes}, {@link LegacyDialect#convertibleTypes}, the same
 * catalog {@code docs/conversions.md} is generated from). A decision is taken only when exactly one exact declaration
 * fits; otherwise the choices are left to the user. Stateless.
 */
final class Declarations {

    private Declarations() {
    }

    /**
     * How the legacy binding declares a column: nothing ({@code method == null}), a call such as
     * {@code .stored(column, LegacyStorage.JSON_TEXT)}, or a choice left to the user ({@code choice} says what to choose).
     *
     * @param note a remark written beside a decided declaration (an alternative), or {@code null}
     */
    record Declaration(String method, String argument, String note, String choice) {
        static final Declaration NONE = new Declaration(null, null, null, null);

        static Declaration choose(String choice) {
            return new Declaration(null, null, null, choice);
        }
    }

    /** The mapping type of a PostgreSQL column of this type ({@code format_type} names), if one holds it. */
    static Optional<ColumnType> mappingType(String targetType) {
        String constant = switch (targetType) {
            case "text", "character varying" -> "TEXT";
            case "integer" -> "INTEGER";
            case "bigint" -> "BIGINT";
            case "smallint" -> "SMALLINT";
            case "numeric" -> "NUMERIC";
            case "real" -> "REAL";
            case "double precision" -> "DOUBLE";
            case "boolean" -> "BOOLEAN";
            case "timestamp with time zone" -> "TIMESTAMPTZ";
            case "timestamp without time zone" -> "TIMESTAMP";
            case "date" -> "DATE";
            case "time without time zone" -> "TIME";
            case "uuid" -> "UUID";
            case "json" -> "JSON";
            case "jsonb" -> "JSONB";
            case "bytea" -> "BYTEA";
            case "character" -> "CHAR";
            case "enum" -> "ENUM";
            case "text[]", "character varying[]" -> "TEXT_ARRAY";
            case "integer[]" -> "INTEGER_ARRAY";
            case "bigint[]" -> "BIGINT_ARRAY";
            default -> "";
        };
        return Arrays.stream(ColumnType.values()).filter(t -> t.name().equals(constant)).findFirst();
    }

    /**
     * The declaration that makes legacy column {@code legacyColumn} (catalog type {@code legacyType}, scale
     * {@code legacyScale} or {@code null}) read as {@code type}, the type of a target column of scale {@code targetScale}
     * or {@code null}; {@code zone} is the zone naive legacy date-times were written in, if the user said so.
     */
    static Declaration declaration(LegacyDialect dialect, String legacyColumn, String legacyType, Integer legacyScale,
            ColumnType type, Integer targetScale, ZoneId zone) {
        String described = "legacy " + legacyColumn + " is " + legacyType;
        boolean nativeFits = dialect.compatibleTypes(type, LegacyStorage.NATIVE).contains(legacyType);
        if (type == ColumnType.NUMERIC && dialect.convertibleTypes(Conversion.Kind.DECIMAL).contains(legacyType)) {
            if (nativeFits && legacyScale != null && targetScale != null && legacyScale <= targetScale) {
                return Declaration.NONE;
            }
            if (targetScale != null) {
                Conversion decimal = Conversion.decimal(targetScale);
                return new Declaration("convert", decimal.declaration(), "a value with more than " + targetScale
                        + " fractional digits is quarantined; " + Conversion.decimal(targetScale,
                                Conversion.OnRounding.REPORT).declaration() + " copies it rounded and verify lists it",
                        null);
            }
            if (nativeFits && legacyScale == null) {
                return Declaration.NONE;
            }
            return Declaration.choose(described + (legacyScale == null ? "" : " with scale " + legacyScale)
                    + " and the target numeric has no scale: declare Conversion.decimal(<scale>), or give the target "
                    + "column a scale and scaffold again");
        }
        if (nativeFits) {
            return Declaration.NONE;
        }
        List<Declaration> exact = new ArrayList<>();
        List<String> toChoose = new ArrayList<>();
        String lenient = null;
        for (LegacyStorage storage : LegacyStorage.values()) {
            if (storage != LegacyStorage.NATIVE && dialect.compatibleTypes(type, storage).contains(legacyType)
                    && !(storage == LegacyStorage.TIMESTAMP_UTC && zone != null)) {
                exact.add(new Declaration("stored", "LegacyStorage." + storage, null, null));
                toChoose.add(".stored(column, LegacyStorage." + storage + ")");
            }
        }
        for (Conversion.Kind kind : Conversion.Kind.values()) {
            if (!kind.appliesTo(type) || !dialect.convertibleTypes(kind).contains(legacyType)) {
                continue;
            }
            switch (kind) {
                case NAIVE_AT_ZONE -> {
                    if (zone != null) {
                        exact.add(new Declaration("convert", Conversion.naiveAt(zone).declaration(), null, null));
                    } else {
                        toChoose.add(".convert(column, Conversion.naiveAt(ZoneId.of(\"<zone the legacy values were "
                                + "written in>\")))");
                    }
                }
                case TEXT_FLAG -> toChoose.add(".convert(column, Conversion.textFlag(\"<true text>\", \"<false text>\"))");
                case NONZERO_IS_TRUE -> {
                    lenient = "Conversion.NONZERO_IS_TRUE";
                    toChoose.add(".convert(column, Conversion.NONZERO_IS_TRUE)");
                }
                default -> {
                    exact.add(new Declaration("convert", "Conversion." + kind, null, null));
                    toChoose.add(".convert(column, Conversion." + kind + ")");
                }
            }
        }
        if (lenient != null && exact.isEmpty() && toChoose.size() == 1) {
            return new Declaration("convert", lenient, null, null); // the only reading, and exact for bit(1)
        }
        if (exact.size() == 1 && toChoose.size() <= (lenient == null ? 1 : 2) && (zone != null || !needsZone(toChoose))) {
            Declaration only = exact.get(0);
            return lenient == null ? only : new Declaration(only.method(), only.argument(), "a number other than 0 or 1 "
                    + "is quarantined; " + lenient + " reads any non-zero number as true, as MySQL does", null);
        }
        if (toChoose.isEmpty()) {
            return Declaration.choose(described + ", which no declaration turns into " + type + "; it can be read as "
                    + readableAs(dialect, legacyType) + ": change the target column's type (and scaffold again), or "
                    + "exclude the column with a reason");
        }
        return Declaration.choose(described + " and the mapping " + type + ": declare one of "
                + String.join(" or ", toChoose));
    }

    private static boolean needsZone(List<String> declarations) {
        return declarations.stream().anyMatch(d -> d.contains("naiveAt"));
    }

    /** The mapping types a legacy type can be read as, for messages. */
    static String readableAs(LegacyDialect dialect, String legacyType) {
        List<String> types = new ArrayList<>();
        for (ColumnType type : ColumnType.values()) {
            boolean readable = Arrays.stream(LegacyStorage.values())
                    .anyMatch(s -> dialect.compatibleTypes(type, s).contains(legacyType))
                    || Arrays.stream(Conversion.Kind.values())
                            .anyMatch(k -> k.appliesTo(type) && dialect.convertibleTypes(k).contains(legacyType));
            if (readable) {
                types.add(type.name());
            }
        }
        return types.isEmpty() ? "no mapping type yet" : String.join(", ", types);
    }
}
