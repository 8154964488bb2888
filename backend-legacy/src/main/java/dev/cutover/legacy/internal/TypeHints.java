package dev.cutover.legacy.internal;

import dev.cutover.legacy.Conversion;
import dev.cutover.legacy.LegacyDialect;
import dev.cutover.legacy.LegacyStorage;
import dev.cutover.mapping.ColumnType;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a legacy column's type can become, computed from what the dialect allows, so that every schema-check hint is
 * one the user can follow: the declaration that would accept the column as mapped, or else the mapping types the legacy
 * type can become and how. Stateless.
 */
final class TypeHints {
    private TypeHints() {
    }

    /** A conversion of each kind, as a user would declare it; parameters the check cannot know are named. */
    static String example(Conversion.Kind kind) {
        return switch (kind) {
            case NAIVE_AT_ZONE -> "Conversion.naiveAt(ZoneId.of(\"<zone the legacy values were written in>\"))";
            case TEXT_FLAG -> "Conversion.textFlag(\"<true text>\", \"<false text>\")";
            case DECIMAL -> "Conversion.decimal(<the target column's scale>)";
            default -> "Conversion." + kind.name();
        };
    }

    /**
     * The declarations under which a legacy column of {@code legacyType} reads as {@code type}: storages and
     * conversions, in the binding's syntax for the mapping column {@code logicalName}.
     */
    static List<String> declarations(LegacyDialect dialect, String legacyType, ColumnType type, String logicalName) {
        List<String> found = new ArrayList<>();
        for (LegacyStorage storage : LegacyStorage.values()) {
            if (storage != LegacyStorage.NATIVE && dialect.compatibleTypes(type, storage).contains(legacyType)) {
                found.add(".stored(\"" + logicalName + "\", LegacyStorage." + storage + ")");
            }
        }
        for (Conversion.Kind kind : Conversion.Kind.values()) {
            if (kind.appliesTo(type) && dialect.convertibleTypes(kind).contains(legacyType)) {
                found.add(".convert(\"" + logicalName + "\", " + example(kind) + ")");
            }
        }
        return found;
    }

    /** The mapping types a legacy column of {@code legacyType} can become, natively or with a declaration. */
    static List<ColumnType> types(LegacyDialect dialect, String legacyType) {
        return List.copyOf(choices(dialect, legacyType, "").keySet());
    }

    /** Each mapping type a legacy column of {@code legacyType} can become, with how: {@code natively} or a declaration. */
    static Map<ColumnType, String> choices(LegacyDialect dialect, String legacyType, String logicalName) {
        Map<ColumnType, String> choices = new LinkedHashMap<>();
        for (ColumnType type : ColumnType.values()) {
            if (dialect.compatibleTypes(type, LegacyStorage.NATIVE).contains(legacyType)) {
                choices.put(type, "natively");
                continue;
            }
            List<String> declarations = declarations(dialect, legacyType, type, logicalName);
            if (!declarations.isEmpty()) {
                choices.put(type, "with " + String.join(" or ", declarations));
            }
        }
        return choices;
    }

    /**
     * The remedy for a mapping column of {@code type} whose legacy column has {@code legacyType}, which the binding
     * does not accept as declared: the declaration that would, else the types the mapping could use instead.
     */
    static String remedy(LegacyDialect dialect, String legacyType, ColumnType type, String logicalName) {
        if (dialect.compatibleTypes(type, LegacyStorage.NATIVE).contains(legacyType)) {
            return "a " + legacyType + " column reads as " + type + " natively: remove the column's .stored or "
                    + ".convert declaration";
        }
        List<String> declarations = declarations(dialect, legacyType, type, logicalName);
        if (!declarations.isEmpty()) {
            return "declare it on the LegacyTable with " + String.join(" or ", declarations);
        }
        Map<ColumnType, String> choices = choices(dialect, legacyType, logicalName);
        if (choices.isEmpty()) {
            return "no mapping type can hold a " + dialect.name() + " " + legacyType + " column; exclude it with "
                    + ".exclude(\"<legacy column>\", \"<reason>\") and leave it out of the mapping, or change its type";
        }
        return "no declaration reads a " + legacyType + " column as " + type + "; a " + legacyType + " column can be "
                + "mapped as " + String.join(", ", choices.keySet().stream().map(Enum::name).toList())
                + " (docs/conversions.md says how)";
    }
}
