package dev.cutover.scaffold.internal;

import dev.cutover.Backend;
import dev.cutover.DataAccessException;
import dev.cutover.legacy.LegacyAdapter;
import dev.cutover.legacy.LegacyDialect;
import dev.cutover.postgres.PostgresAdapter;
import dev.cutover.scaffold.GeneratedSource;
import dev.cutover.scaffold.Scaffold;
import dev.cutover.scaffold.ScaffoldException;
import dev.cutover.tx.TransactionalConnections;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;

/** The {@link Scaffold} of {@link Scaffold#of}. Immutable and thread-safe. */
public final class DefaultScaffold implements Scaffold {
    private static final Pattern JAVA_PACKAGE = Pattern.compile("([\\p{L}_$][\\p{L}\\p{N}_$]*)(\\.[\\p{L}_$][\\p{L}\\p{N}_$]*)*");

    private static final String CHOICES = " * Each CHOOSE marker is a decision the catalogs do not settle: this file does not "
            + "compile\n * until you make them.\n";

    private final LegacyAdapter legacy;
    private final PostgresAdapter postgres;
    private final List<String[]> pairs;
    private final boolean allTables;
    private final String legacySchema;
    private final String javaPackage;
    private final ZoneId zone;
    private final String generatedBy;
    /** Decisions given up front: {"column", legacy table, legacy column, target column} or {"exclude", ..., reason}. */
    private final List<String[]> decisions;

    private DefaultScaffold(LegacyAdapter legacy, PostgresAdapter postgres, List<String[]> pairs, boolean allTables,
            String legacySchema, String javaPackage, ZoneId zone, String generatedBy, List<String[]> decisions) {
        this.legacy = legacy;
        this.postgres = postgres;
        this.pairs = List.copyOf(pairs);
        this.allTables = allTables;
        this.legacySchema = legacySchema;
        this.javaPackage = javaPackage;
        this.zone = zone;
        this.generatedBy = generatedBy;
        this.decisions = List.copyOf(decisions);
    }

    public static Scaffold of(LegacyAdapter legacy, PostgresAdapter postgres) {
        Objects.requireNonNull(legacy, "legacy adapter");
        Objects.requireNonNull(postgres, "postgres adapter");
        return new DefaultScaffold(legacy, postgres, List.of(), false, null, "", null, Scaffold.class.getName(),
                List.of());
    }

    @Override
    public Scaffold table(String legacyTable, String targetTable) {
        if (legacyTable == null || legacyTable.isBlank() || targetTable == null || targetTable.isBlank()) {
            throw new IllegalArgumentException("table(legacyTable, targetTable) needs two table names, got "
                    + quoted(legacyTable) + " and " + quoted(targetTable));
        }
        List<String[]> more = new ArrayList<>(pairs);
        more.add(new String[] {legacyTable, targetTable});
        return new DefaultScaffold(legacy, postgres, more, allTables, legacySchema, javaPackage, zone, generatedBy, decisions);
    }

    @Override
    public Scaffold allTables() {
        return new DefaultScaffold(legacy, postgres, pairs, true, legacySchema, javaPackage, zone, generatedBy, decisions);
    }

    @Override
    public Scaffold legacySchema(String schema) {
        if (schema == null || schema.isBlank()) {
            throw new IllegalArgumentException("legacySchema must not be blank, was " + quoted(schema));
        }
        return new DefaultScaffold(legacy, postgres, pairs, allTables, schema, javaPackage, zone, generatedBy, decisions);
    }

    @Override
    public Scaffold javaPackage(String name) {
        if (name == null || !(name.isEmpty() || JAVA_PACKAGE.matcher(name).matches())) {
            throw new IllegalArgumentException("javaPackage must be a Java package name such as com.example.orm, or empty "
                    + "for none; was " + quoted(name));
        }
        return new DefaultScaffold(legacy, postgres, pairs, allTables, legacySchema, name, zone, generatedBy, decisions);
    }

    @Override
    public Scaffold legacyZone(ZoneId legacyZone) {
        Objects.requireNonNull(legacyZone, "legacyZone");
        return new DefaultScaffold(legacy, postgres, pairs, allTables, legacySchema, javaPackage, legacyZone, generatedBy,
                decisions);
    }

    @Override
    public Scaffold generatedBy(String description) {
        if (description == null || description.isBlank() || description.contains("*/")) {
            throw new IllegalArgumentException("generatedBy must be non-blank text without '*/', was " + quoted(description));
        }
        return new DefaultScaffold(legacy, postgres, pairs, allTables, legacySchema, javaPackage, zone,
                description.replace('\n', ' ').replace('\r', ' '), decisions);
    }

    @Override
    public Scaffold column(String legacyTable, String legacyColumn, String targetColumn) {
        return decided("column", legacyTable, legacyColumn, targetColumn, "target column");
    }

    @Override
    public Scaffold exclude(String legacyTable, String legacyColumn, String reason) {
        return decided("exclude", legacyTable, legacyColumn, reason, "reason");
    }

    private Scaffold decided(String kind, String table, String column, String value, String valueName) {
        for (String[] named : new String[][] {{"legacy table", table}, {"legacy column", column}, {valueName, value}}) {
            if (named[1] == null || named[1].isBlank()) {
                throw new IllegalArgumentException(kind + "(...) needs a " + named[0] + ", got " + quoted(named[1]));
            }
        }
        for (String[] decision : decisions) {
            if (decision[1].equals(table) && decision[2].equals(column)) {
                throw new IllegalArgumentException("Legacy column " + table + "." + column + " is already decided ("
                        + decision[0] + " " + decision[3] + "); decide each column once");
            }
        }
        List<String[]> more = new ArrayList<>(decisions);
        more.add(new String[] {kind, table, column, value});
        return new DefaultScaffold(legacy, postgres, pairs, allTables, legacySchema, javaPackage, zone, generatedBy, more);
    }

    /** The decisions of one legacy table of a kind: legacy column to target column or reason, in the order given. */
    private Map<String, String> decisions(String kind, String legacyTable) {
        Map<String, String> found = new LinkedHashMap<>();
        decisions.stream().filter(d -> d[0].equals(kind) && d[1].equals(legacyTable)).forEach(d -> found.put(d[2], d[3]));
        return found;
    }

    @Override
    public List<GeneratedSource> generate() {
        if (pairs.isEmpty() && !allTables) {
            throw new ScaffoldException("Nothing to scaffold: name tables with table(legacy, target), or ask for allTables()");
        }
        LegacyDialect dialect = legacy.dialect();
        return withConnection(legacy.connections(), Backend.LEGACY, legacyConnection ->
                withConnection(postgres.connections(), Backend.POSTGRES, postgresConnection -> {
                    String schema = legacySchema != null ? legacySchema : dialect.currentSchema(legacyConnection);
                    List<String[]> tables = new ArrayList<>(pairs);
                    if (allTables) {
                        tables.addAll(TablePairs.pair(CatalogTable.tables(legacyConnection, schema),
                                CatalogTable.tables(postgresConnection, postgres.schema()), schema, postgres.schema()));
                    }
                    List<GeneratedSource> sources = new ArrayList<>();
                    for (String[] pair : tables) {
                        CatalogTable legacyTable = CatalogTable.read(legacyConnection, dialect, schema, pair[0])
                                .orElseThrow(() -> missing("legacy", schema, pair[0], legacyConnection));
                        CatalogTable targetTable = CatalogTable.read(postgresConnection, LegacyDialect.postgresql(),
                                postgres.schema(), pair[1]).orElseThrow(() -> missing("postgres", postgres.schema(), pair[1],
                                        postgresConnection));
                        TablePlan plan = TablePlan.plan(dialect, legacySchema, legacyTable, targetTable, zone,
                                decisions("column", pair[0]), decisions("exclude", pair[0]));
                        String header = header(plan);
                        List<GeneratedSource> files = new ArrayList<>(EntitySources.render(plan, javaPackage, header));
                        files.addAll(RepositorySources.render(plan, javaPackage, header));
                        for (GeneratedSource file : files) {
                            sources.add(file.hasChoices() ? new GeneratedSource(file.path(), header.replace(" */\n",
                                    CHOICES + " */\n") + file.content().substring(header.length())) : file);
                        }
                    }
                    sources.sort(Comparator.comparing(GeneratedSource::path));
                    return sources;
                }));
    }

    private String header(TablePlan plan) {
        return "/*\n * Generated by " + Names.commentText(generatedBy) + "\n * from postgres table "
                + Names.commentText(plan.target().qualifiedName()) + " and legacy table "
                + Names.commentText(plan.legacy().qualifiedName()) + " (" + plan.legacyEngine() + ").\n */\n";
    }

    private static ScaffoldException missing(String side, String schema, String table, Connection connection) {
        String existing;
        try {
            List<String> tables = CatalogTable.tables(connection, schema);
            existing = tables.isEmpty() ? "it has no tables" : "its tables: " + String.join(", ", tables);
        } catch (SQLException e) {
            existing = "its tables could not be listed (" + e.getMessage() + ")";
        }
        return new ScaffoldException("No " + side + " table " + quoted(table) + " in schema " + schema
                + " (names are exact, case included); " + existing);
    }

    private interface ConnectionWork<T> {
        T apply(Connection connection) throws SQLException;
    }

    private static <T> T withConnection(TransactionalConnections connections, Backend side, ConnectionWork<T> work) {
        try {
            Connection connection = connections.acquire();
            try {
                return work.apply(connection);
            } finally {
                connections.release(connection);
            }
        } catch (SQLException e) {
            throw new DataAccessException(side, "Scaffold could not read the " + side + " catalog: " + e.getMessage(), e);
        }
    }

    private static String quoted(String text) {
        return text == null ? "null" : "'" + text + "'";
    }

    @Override
    public String toString() {
        return "Scaffold[" + pairs.stream().map(p -> p[0] + "=" + p[1]).toList() + (allTables ? ", all tables" : "") + "]";
    }
}
