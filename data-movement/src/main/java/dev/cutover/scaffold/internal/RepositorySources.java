package dev.cutover.scaffold.internal;

import dev.cutover.scaffold.GeneratedSource;
import dev.cutover.scaffold.internal.EntitySources.TypeNames;
import java.util.List;

/**
 * The repository skeletons of one table, in the reference domain's shape: an interface, its legacy implementation on
 * a {@code LegacyStore} and its PostgreSQL implementation on a {@code PostgresStore} (jOOQ), each built from the
 * generated mapping. Only the operations every table has; the application adds its own queries to all three. Stateless.
 */
final class RepositorySources {

    private RepositorySources() {
    }

    static List<GeneratedSource> render(TablePlan plan, String javaPackage, String header) {
        TypeNames names = TypeNames.of(plan);
        return List.of(EntitySources.source(javaPackage, names.entity() + "Repository",
                        repository(plan, names, javaPackage, header)),
                EntitySources.source(javaPackage, "Legacy" + names.entity() + "Repository",
                        implementation(names, javaPackage, header, true)),
                EntitySources.source(javaPackage, "Postgres" + names.entity() + "Repository",
                        implementation(names, javaPackage, header, false)));
    }

    private static JavaFile repository(TablePlan plan, TypeNames names, String javaPackage, String header) {
        JavaFile file = new JavaFile(header, javaPackage).imports("java.util.Collection", "java.util.List",
                "java.util.Optional");
        if (names.keyImport() != null) {
            file.imports(names.keyImport());
        }
        String entity = names.entity();
        String key = names.key();
        file.line("/**");
        file.line(" * Rows of postgres table " + plan.target().qualifiedName() + ". Implemented on both backends ({@link Legacy"
                + entity + "Repository},");
        file.line(" * {@link Postgres" + entity + "Repository}); routed by Cutover, each method on its own route. Add the");
        file.line(" * application's queries here and to both implementations.");
        file.line(" */");
        file.line("public interface " + entity + "Repository {");
        file.line("    Optional<" + entity + "> findById(" + key + " id);");
        file.line();
        file.line("    /** The rows with these keys, in key order; keys with no row are left out. */");
        file.line("    List<" + entity + "> findByIds(Collection<" + key + "> ids);");
        file.line();
        file.line("    /** Inserts or updates the row with this key. */");
        file.line("    void save(" + entity + " " + variable(entity) + ");");
        file.line();
        file.line("    /** Deletes the row with this key, if there is one. */");
        file.line("    void deleteById(" + key + " id);");
        return file.line("}");
    }

    private static String variable(String entity) {
        String member = Names.member(entity);
        return member.equals("id") || member.equals("ids") || member.equals("store") ? member + "Row" : member;
    }

    private static JavaFile implementation(TypeNames names, String javaPackage, String header, boolean legacy) {
        String entity = names.entity();
        String key = names.key();
        String side = legacy ? "Legacy" : "Postgres";
        String store = side + "Store";
        String adapter = side + "Adapter";
        String module = legacy ? "dev.cutover.legacy." : "dev.cutover.postgres.";
        JavaFile file = new JavaFile(header, javaPackage).imports(module + store, module + adapter, "java.util.Collection",
                "java.util.List", "java.util.Optional");
        if (names.keyImport() != null) {
            file.imports(names.keyImport());
        }
        String variable = variable(entity);
        file.line("/** {@link " + entity + "Repository} on " + (legacy ? "the legacy database" : "PostgreSQL (jOOQ)")
                + ". Thread-safe. */");
        file.line("public final class " + side + entity + "Repository implements " + entity + "Repository {");
        file.line("    private final " + store + "<" + entity + ", " + key + "> store;");
        file.line();
        file.line("    /** Checks the " + (legacy ? "legacy" : "postgres") + " table against the mapping" + (legacy
                ? " and its binding" : "") + " (a {@code SchemaMismatchException} lists every problem). */");
        file.line("    public " + side + entity + "Repository(" + adapter + " " + (legacy ? "legacy" : "postgres") + ") {");
        file.line("        this.store = " + (legacy ? "legacy" : "postgres") + ".store(" + names.mapping() + ".MAPPING"
                + (legacy ? ", " + names.mapping() + ".LEGACY" : "") + ");");
        file.line("    }");
        file.line();
        file.line("    @Override");
        file.line("    public Optional<" + entity + "> findById(" + key + " id) {");
        file.line("        return store.findByKey(id);");
        file.line("    }");
        file.line();
        file.line("    @Override");
        file.line("    public List<" + entity + "> findByIds(Collection<" + key + "> ids) {");
        file.line("        return store.findByKeys(ids);");
        file.line("    }");
        file.line();
        file.line("    @Override");
        file.line("    public void save(" + entity + " " + variable + ") {");
        file.line("        store.upsertAll(List.of(" + variable + "));");
        file.line("    }");
        file.line();
        file.line("    @Override");
        file.line("    public void deleteById(" + key + " id) {");
        file.line("        store.deleteByKeys(List.of(id));");
        file.line("    }");
        file.line();
        if (legacy) {
            file.line("    // Queries of your own take a condition in the legacy table's SQL and names, for example");
            file.line("    // store.findWhere(\"status = ?\", status); store.selectList() and store.read(resultSet) serve JDBC.");
        } else {
            file.line("    // Queries of your own, in jOOQ: store.findWhere(store.field(\"status\", String.class).eq(status), 100);");
            file.line("    // store.table() and store.fromRecord(record) serve a query written with the adapter's dsl().");
        }
        return file.line("}");
    }
}
