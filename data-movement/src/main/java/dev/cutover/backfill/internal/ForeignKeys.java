package dev.cutover.backfill.internal;

import dev.cutover.backfill.ForeignKey;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The foreign keys among a set of tables, read from the target's catalog, the order they impose (parents first) and
 * the keys no order satisfies (in a cycle, or self-referencing); and the run's record of the keys it dropped. Stateless.
 */
final class ForeignKeys {
    private static final String CATALOG = """
            SELECT con.conname, c.relname, p.relname,
                   ARRAY(SELECT a.attname::text FROM unnest(con.conkey) WITH ORDINALITY k(num, ord)
                         JOIN pg_attribute a ON a.attrelid = con.conrelid AND a.attnum = k.num ORDER BY k.ord),
                   ARRAY(SELECT a.attname::text FROM unnest(con.confkey) WITH ORDINALITY k(num, ord)
                         JOIN pg_attribute a ON a.attrelid = con.confrelid AND a.attnum = k.num ORDER BY k.ord),
                   pg_get_constraintdef(con.oid)
            FROM pg_constraint con
            JOIN pg_class c ON c.oid = con.conrelid
            JOIN pg_class p ON p.oid = con.confrelid
            JOIN pg_namespace n ON n.oid = c.relnamespace
            JOIN pg_namespace pn ON pn.oid = p.relnamespace
            WHERE con.contype = 'f' AND n.nspname = ? AND pn.nspname = ?
            ORDER BY c.relname, con.conname""";

    private ForeignKeys() {
    }

    /** Every foreign key of the schema between two of {@code tables} (definitions schema-qualified). */
    static List<ForeignKey> among(Connection connection, String schema, Collection<String> tables) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            // For the rest of the transaction: the definitions name the schema.
            statement.execute("SET LOCAL search_path = pg_catalog");
        }
        List<ForeignKey> keys = new ArrayList<>();
        try (PreparedStatement statement = connection.prepareStatement(CATALOG)) {
            statement.setString(1, schema);
            statement.setString(2, schema);
            try (ResultSet result = statement.executeQuery()) {
                while (result.next()) {
                    ForeignKey key = new ForeignKey(result.getString(1), result.getString(2), strings(result.getArray(4)),
                            result.getString(3), strings(result.getArray(5)), result.getString(6));
                    if (tables.contains(key.table()) && tables.contains(key.referencedTable())) {
                        keys.add(key);
                    }
                }
            }
        }
        return keys;
    }

    /** Every foreign key of the schema that references {@code table}, from any table of the schema. */
    static List<ForeignKey> referencing(Connection connection, String schema, String table) throws SQLException {
        List<ForeignKey> keys = new ArrayList<>();
        try (PreparedStatement statement = connection.prepareStatement(CATALOG)) {
            statement.setString(1, schema);
            statement.setString(2, schema);
            try (ResultSet result = statement.executeQuery()) {
                while (result.next()) {
                    if (result.getString(3).equals(table)) {
                        keys.add(new ForeignKey(result.getString(1), result.getString(2), strings(result.getArray(4)),
                                result.getString(3), strings(result.getArray(5)), result.getString(6)));
                    }
                }
            }
        }
        return keys;
    }

    private static List<String> strings(Array array) throws SQLException {
        return Arrays.asList((String[]) array.getArray());
    }

    /**
     * The keys no copy order satisfies: self-references, and every key between two tables of one strongly connected
     * component (Tarjan) of the reference graph.
     */
    static List<ForeignKey> inCycles(List<String> tables, List<ForeignKey> keys) {
        Map<String, List<String>> edges = new HashMap<>();
        for (ForeignKey key : keys) {
            edges.computeIfAbsent(key.table(), t -> new ArrayList<>()).add(key.referencedTable());
        }
        Map<String, Integer> component = new Tarjan(tables, edges).components();
        List<ForeignKey> cyclic = new ArrayList<>();
        for (ForeignKey key : keys) {
            if (key.selfReference() || component.get(key.table()).equals(component.get(key.referencedTable()))) {
                cyclic.add(key);
            }
        }
        return cyclic;
    }

    /** The tables, each after those it references through {@code keys} (acyclic); otherwise in the order given. */
    static List<String> order(List<String> tables, List<ForeignKey> keys) {
        Map<String, Set<String>> parents = new HashMap<>();
        tables.forEach(t -> parents.put(t, new HashSet<>()));
        keys.stream().filter(k -> !k.selfReference()).forEach(k -> parents.get(k.table()).add(k.referencedTable()));
        List<String> ordered = new ArrayList<>();
        Set<String> left = new LinkedHashSet<>(tables);
        while (!left.isEmpty()) {
            String next = left.stream().filter(t -> ordered.containsAll(parents.get(t))).findFirst()
                    .orElseThrow(() -> new IllegalStateException("Tables " + left + " reference each other in a cycle "
                            + "that was not broken; foreign keys: " + keys));
            ordered.add(next);
            left.remove(next);
        }
        return ordered;
    }

    /** Tarjan's strongly connected components, iterative over an explicit stack of work. */
    private static final class Tarjan {
        private final List<String> nodes;
        private final Map<String, List<String>> edges;
        private final Map<String, Integer> index = new HashMap<>();
        private final Map<String, Integer> low = new HashMap<>();
        private final Map<String, Integer> component = new HashMap<>();
        private final Deque<String> stack = new ArrayDeque<>();
        private final Set<String> onStack = new HashSet<>();
        private int counter;
        private int components;

        Tarjan(List<String> nodes, Map<String, List<String>> edges) {
            this.nodes = nodes;
            this.edges = edges;
        }

        Map<String, Integer> components() {
            for (String node : nodes) {
                if (!index.containsKey(node)) {
                    visit(node);
                }
            }
            return component;
        }

        private void visit(String node) { // recursion depth is the number of tables: tens, not thousands
            index.put(node, counter);
            low.put(node, counter++);
            stack.push(node);
            onStack.add(node);
            for (String next : edges.getOrDefault(node, List.of())) {
                if (!index.containsKey(next)) {
                    visit(next);
                    low.put(node, Math.min(low.get(node), low.get(next)));
                } else if (onStack.contains(next)) {
                    low.put(node, Math.min(low.get(node), index.get(next)));
                }
            }
            if (low.get(node).equals(index.get(node))) {
                String member;
                do {
                    member = stack.pop();
                    onStack.remove(member);
                    component.put(member, components);
                } while (!member.equals(node));
                components++;
            }
        }
    }

    /** The keys run {@code run} dropped and has not restored yet. */
    static List<ForeignKey> dropped(Connection connection, String run) throws SQLException {
        List<ForeignKey> keys = new ArrayList<>();
        try (PreparedStatement statement = connection.prepareStatement("SELECT constraint_name, table_name, columns, "
                + "referenced_table, referenced_columns, definition FROM cutover.backfill_deferred_constraints "
                + "WHERE run = ? ORDER BY dropped_at, table_name, constraint_name")) {
            statement.setString(1, run);
            try (ResultSet result = statement.executeQuery()) {
                while (result.next()) {
                    keys.add(new ForeignKey(result.getString(1), result.getString(2), strings(result.getArray(3)),
                            result.getString(4), strings(result.getArray(5)), result.getString(6)));
                }
            }
        }
        return keys;
    }

    /** Records the key, then drops it: in the caller's transaction, so both happen or neither. */
    static void drop(Connection connection, String schema, String run, ForeignKey key, Instant now) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement("INSERT INTO cutover.backfill_deferred_constraints "
                + "(run, table_name, constraint_name, columns, referenced_table, referenced_columns, definition, dropped_at) "
                + "VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING")) {
            statement.setString(1, run);
            statement.setString(2, key.table());
            statement.setString(3, key.name());
            statement.setArray(4, connection.createArrayOf("text", key.columns().toArray()));
            statement.setString(5, key.referencedTable());
            statement.setArray(6, connection.createArrayOf("text", key.referencedColumns().toArray()));
            statement.setString(7, key.definition());
            statement.setObject(8, OffsetDateTime.ofInstant(now, ZoneOffset.UTC));
            statement.executeUpdate();
        }
        try (Statement statement = connection.createStatement()) {
            statement.execute("ALTER TABLE " + Orphans.table(schema, key.table()) + " DROP CONSTRAINT "
                    + Orphans.quote(key.name()));
        }
    }

    /** Deletes the run's record of {@code key}; false if there was none (another process restored it first). */
    static boolean forget(Connection connection, String run, ForeignKey key) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement("DELETE FROM cutover.backfill_deferred_constraints "
                + "WHERE run = ? AND table_name = ? AND constraint_name = ?")) {
            statement.setString(1, run);
            statement.setString(2, key.table());
            statement.setString(3, key.name());
            return statement.executeUpdate() > 0;
        }
    }
}
