package dev.cutover.scaffold.internal;

import dev.cutover.scaffold.GeneratedSource;
import dev.cutover.scaffold.internal.Declarations.Declaration;
import dev.cutover.scaffold.internal.TablePlan.LegacyOnly;
import dev.cutover.scaffold.internal.TablePlan.Planned;
import dev.cutover.scaffold.internal.TablePlan.TargetOnly;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The record of a table, its composite key's record if it has one, and the class holding its {@code EntityMapping}
 * and legacy binding ({@code LegacyTable}). Stateless.
 */
final class EntitySources {
    private static final String INDENT = "            ";

    private EntitySources() {
    }

    /** The names of the types generated for one table, shared by every file that refers to them. */
    record TypeNames(String entity, String key, String keyImport, String mapping, boolean compositeKey) {
        static TypeNames of(TablePlan plan) {
            String entity = Names.type(plan.target().name());
            List<Planned> keys = plan.keyColumns();
            if (plan.keyChoice() != null) {
                return new TypeNames(entity, "CHOOSE_KEY", null, entity + "Mapping", false);
            }
            if (keys.size() > 1) {
                return new TypeNames(entity, entity + "Key", null, entity + "Mapping", true);
            }
            Class<?> javaType = keys.get(0).type() == null ? Object.class : keys.get(0).type().javaType();
            return new TypeNames(entity, javaType.getSimpleName(), javaType.getName(), entity + "Mapping", false);
        }
    }

    static List<GeneratedSource> render(TablePlan plan, String javaPackage, String header) {
        TypeNames names = TypeNames.of(plan);
        List<GeneratedSource> files = new ArrayList<>();
        files.add(source(javaPackage, names.entity(), entityRecord(plan, names, javaPackage, header)));
        if (names.compositeKey()) {
            files.add(source(javaPackage, names.key(), keyRecord(plan, names, javaPackage, header)));
        }
        files.add(source(javaPackage, names.mapping(), mappingClass(plan, names, javaPackage, header)));
        return files;
    }

    static GeneratedSource source(String javaPackage, String type, JavaFile file) {
        String directory = javaPackage.isEmpty() ? "" : javaPackage.replace('.', '/') + "/";
        return new GeneratedSource(directory + type + ".java", file.text());
    }

    private static String javaType(JavaFile file, Planned column) {
        Class<?> type = column.type() == null ? Object.class : column.type().javaType();
        if (type == List.class) {
            file.imports("java.util.List");
            return "List<" + arrayElement(column) + ">";
        }
        if (!type.isArray() && !type.isPrimitive()) {
            file.imports(type.getName());
        }
        return type.getSimpleName();
    }

    /** The element type of an array mapping type ({@code TEXT_ARRAY}: {@code String}), by the type's name. */
    private static String arrayElement(Planned column) {
        return switch (column.type().name()) {
            case "INTEGER_ARRAY" -> "Integer";
            case "BIGINT_ARRAY" -> "Long";
            case "SMALLINT_ARRAY" -> "Short";
            default -> "String";
        };
    }

    private static JavaFile entityRecord(TablePlan plan, TypeNames names, String javaPackage, String header) {
        JavaFile file = new JavaFile(header, javaPackage);
        List<String> components = new ArrayList<>();
        for (Planned column : plan.columns()) {
            components.add(javaType(file, column) + " " + Names.member(column.name()));
        }
        file.line("/** A row of postgres table " + plan.target().qualifiedName() + " (legacy table "
                + describeLegacy(plan) + "). */");
        file.line("public record " + names.entity() + "(");
        for (int i = 0; i < components.size(); i++) {
            file.line("        " + components.get(i) + (i < components.size() - 1 ? "," : ") {"));
        }
        if (plan.columns().stream().anyMatch(EntitySources::isBytes)) {
            arrayAwareEquality(file, plan, names.entity());
        }
        return file.line("}");
    }

    private static boolean isBytes(Planned column) {
        return column.type() != null && column.type().javaType() == byte[].class;
    }

    /** A record's own equals compares a {@code byte[]} by identity: these compare it by content. */
    private static void arrayAwareEquality(JavaFile file, TablePlan plan, String entity) {
        file.imports("java.util.Arrays", "java.util.Objects");
        List<String> equal = new ArrayList<>();
        List<String> hashed = new ArrayList<>();
        for (Planned column : plan.columns()) {
            String member = Names.member(column.name());
            equal.add(isBytes(column) ? "Arrays.equals(" + member + ", that." + member + ")"
                    : "Objects.equals(" + member + ", that." + member + ")");
            hashed.add(isBytes(column) ? "Arrays.hashCode(" + member + ")" : member);
        }
        file.line("    // byte[] components are compared by content, not identity");
        file.line("    @Override");
        file.line("    public boolean equals(Object other) {");
        file.line("        return other instanceof " + entity + " that");
        for (String condition : equal) {
            file.line("                && " + condition + (condition.equals(equal.get(equal.size() - 1)) ? ";" : ""));
        }
        file.line("    }");
        file.line();
        file.line("    @Override");
        file.line("    public int hashCode() {");
        file.line("        return Objects.hash(" + String.join(", ", hashed) + ");");
        file.line("    }");
    }

    private static JavaFile keyRecord(TablePlan plan, TypeNames names, String javaPackage, String header) {
        JavaFile file = new JavaFile(header, javaPackage);
        List<String> components = new ArrayList<>();
        for (Planned column : plan.keyColumns()) {
            components.add(javaType(file, column) + " " + Names.member(column.name()));
        }
        file.line("/** The key of {@link " + names.entity() + "}: its primary key's columns, in key order. */");
        file.line("public record " + names.key() + "(" + String.join(", ", components) + ") {");
        return file.line("}");
    }

    private static String describeLegacy(TablePlan plan) {
        return (plan.legacySchema() == null ? "" : plan.legacySchema() + ".") + plan.legacy().name() + " on "
                + plan.legacyEngine();
    }

    private static JavaFile mappingClass(TablePlan plan, TypeNames names, String javaPackage, String header) {
        JavaFile file = new JavaFile(header, javaPackage);
        file.imports("dev.cutover.legacy.LegacyTable", "dev.cutover.mapping.ColumnType", "dev.cutover.mapping.EntityMapping");
        if (names.keyImport() != null) {
            file.imports(names.keyImport());
        }
        String entity = names.entity();
        file.line("/** The mapping of {@link " + entity + "} and its legacy binding. */");
        file.line("public final class " + names.mapping() + " {");
        file.line("    /** Postgres table " + plan.target().qualifiedName() + ". */");
        String keyClass = plan.keyChoice() == null ? names.key() + ".class"
                : JavaFile.choose("KEY", plan.keyChoice()).replace("CHOOSE_KEY", "CHOOSE_KEY.class");
        file.line("    public static final EntityMapping<" + entity + ", " + names.key() + "> MAPPING = EntityMapping.builder("
                + entity + ".class, " + keyClass + ")");
        file.line(INDENT + ".table(" + Names.literal(plan.target().name()) + ")");
        List<Planned> ordered = new ArrayList<>(plan.keyColumns());
        plan.columns().stream().filter(c -> !ordered.contains(c)).forEach(ordered::add);
        for (Planned column : ordered) {
            String method = column.key() ? "key" : column.nullable() ? "nullableColumn" : "column";
            String type = column.type() == null ? JavaFile.choose("TYPE", column.choices().get("TYPE"))
                    : "ColumnType." + column.type().name();
            for (String note : column.notes()) {
                file.line(INDENT + "// " + note);
            }
            file.line(INDENT + "." + method + "(" + Names.literal(column.name()) + ", " + type + ", " + entity + "::"
                    + Names.member(column.name()) + ")");
        }
        for (TargetOnly column : plan.targetOnly()) {
            if (column.hasDefault()) {
                file.line(INDENT + "// postgres column " + column.name() + " (" + column.type() + "): no legacy column "
                        + "feeds it; copied rows get its default");
            } else {
                file.line(INDENT + ".exclude(" + Names.literal(column.name()) + ", " + JavaFile.choose("REASON",
                        "no legacy column of " + plan.legacy().name() + " feeds postgres column " + column.name() + " ("
                                + column.type() + "), so it stays NULL in every copied row: give the reason as a string, "
                                + "or map it to the legacy column that holds it") + ")");
            }
        }
        file.line(INDENT + ".reader(row -> new " + entity + "(");
        for (int i = 0; i < plan.columns().size(); i++) {
            Planned column = plan.columns().get(i);
            file.line(INDENT + "        " + getter(file, column) + (i < plan.columns().size() - 1 ? "," : "))"));
        }
        file.line(INDENT + ".build();");
        file.line();
        legacyBinding(file, plan);
        if (plan.columns().stream().anyMatch(c -> c.type() != null && c.type().javaType() == List.class)) {
            file.line();
            file.line("    /** A list column's value as the row holds it: the mapping type's element type, checked by Cutover. */");
            file.line("    @SuppressWarnings(\"unchecked\")");
            file.line("    private static <T> List<T> list(Object value) {");
            file.line("        return (List<T>) value;");
            file.line("    }");
        }
        file.line();
        file.line("    private " + names.mapping() + "() {");
        file.line("    }");
        return file.line("}");
    }

    private static String getter(JavaFile file, Planned column) {
        String name = Names.literal(column.name());
        if (column.type() == null) {
            return "row.get(" + name + ")";
        }
        String getter = switch (column.type().name()) {
            case "TEXT" -> "getString";
            case "INTEGER" -> "getInteger";
            case "BIGINT" -> "getLong";
            case "NUMERIC" -> "getBigDecimal";
            case "BOOLEAN" -> "getBoolean";
            case "TIMESTAMPTZ" -> "getInstant";
            case "DATE" -> "getLocalDate";
            case "UUID" -> "getUuid";
            case "JSON", "JSONB" -> "getJson";
            default -> null;
        };
        if (getter != null) {
            return "row." + getter + "(" + name + ")";
        }
        String type = javaType(file, column);
        // Row has no typed getter for a list: one unchecked cast, in a helper the class declares once
        return type.startsWith("List<") ? "list(row.get(" + name + "))" : "row.get(" + name + ", " + type + ".class)";
    }

    private static void legacyBinding(JavaFile file, TablePlan plan) {
        file.line("    /** Legacy table " + describeLegacy(plan) + ". */");
        StringBuilder first = new StringBuilder("    public static final LegacyTable LEGACY = LegacyTable.named("
                + Names.literal(plan.legacy().name()) + ")");
        if (plan.legacySchema() != null) {
            first.append(".inSchema(").append(Names.literal(plan.legacySchema())).append(')');
        }
        List<String> calls = new ArrayList<>();
        for (Planned column : plan.columns()) {
            String name = Names.literal(column.name());
            if (column.choices().containsKey("COLUMN")) {
                calls.add(".column(" + name + ", " + JavaFile.choose("COLUMN", column.choices().get("COLUMN")) + ")");
            } else if (column.legacyName() != null && !column.legacyName().equals(column.name())) {
                calls.add(".column(" + name + ", " + Names.literal(column.legacyName()) + ")");
            }
        }
        for (Planned column : plan.columns()) {
            Declaration declaration = column.declaration();
            String name = Names.literal(column.name());
            if (column.choices().containsKey("CONVERSION")) {
                calls.add(".convert(" + name + ", " + JavaFile.choose("CONVERSION", column.choices().get("CONVERSION")) + ")");
            } else if (declaration.method() != null) {
                imports(file, declaration.argument());
                calls.add("." + declaration.method() + "(" + name + ", " + declaration.argument() + ")"
                        + (declaration.note() == null ? "" : " // " + declaration.note()));
            }
        }
        for (LegacyOnly column : plan.legacyOnly()) {
            if (column.reason() != null) {
                calls.add(".exclude(" + Names.literal(column.name()) + ", " + Names.literal(column.reason()) + ")");
                continue;
            }
            calls.add(".exclude(" + Names.literal(column.name()) + ", " + JavaFile.choose("REASON", "legacy column "
                    + column.name() + " (" + column.type() + ") has no postgres column in " + plan.target().name()
                    + ": give the reason it is left behind as a string, or add the column to the target table and "
                    + "scaffold again") + ")");
        }
        if (calls.isEmpty()) {
            file.line(first + ";");
            return;
        }
        file.line(first.toString());
        for (int i = 0; i < calls.size(); i++) {
            String call = calls.get(i);
            int comment = call.indexOf(" // ");
            String code = comment < 0 ? call : call.substring(0, comment);
            if (comment >= 0) {
                file.line(INDENT + call.substring(comment + 1));
            }
            file.line(INDENT + code + (i == calls.size() - 1 ? ";" : ""));
        }
    }

    private static void imports(JavaFile file, String argument) {
        for (Map.Entry<String, String> use : Map.of("Conversion.", "dev.cutover.legacy.Conversion", "LegacyStorage.",
                "dev.cutover.legacy.LegacyStorage", "ZoneId.", "java.time.ZoneId").entrySet()) {
            if (argument.contains(use.getKey())) {
                file.imports(use.getValue());
            }
        }
    }
}
