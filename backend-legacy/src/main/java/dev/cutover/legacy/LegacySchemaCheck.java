package dev.cutover.legacy;

import dev.cutover.DataAccessException;
import dev.cutover.schema.SchemaProblem;
import dev.cutover.legacy.internal.SchemaCheck;
import dev.cutover.mapping.EntityMapping;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The checks that {@link LegacyAdapter#store} runs before creating a store, on demand: the problems it would
 * throw (as {@link IllegalArgumentException} for the binding, {@link dev.cutover.schema.SchemaMismatchException}
 * for the table), listed together, without throwing and without creating a store. Thread-safe (stateless).
 */
public final class LegacySchemaCheck {

    private LegacySchemaCheck() {
    }

    /**
     * Every problem of the binding ({@link SchemaProblem.Kind#BINDING}) and of the legacy table: missing table or
     * columns, incompatible types, JSON text bound as native JSON, no unique constraint for the conflict target
     * or the key. Empty if both fit. A column whose binding is wrong is not also reported for its type.
     *
     * @throws DataAccessException if the catalog cannot be read
     */
    public static List<SchemaProblem> problems(LegacyAdapter adapter, EntityMapping<?, ?> mapping, LegacyTable table) {
        Objects.requireNonNull(adapter, "adapter");
        Objects.requireNonNull(mapping, "mapping");
        Objects.requireNonNull(table, "table");
        List<SchemaProblem> problems = new ArrayList<>(SchemaCheck.bindingProblems(mapping, table));
        Set<String> badlyBound = problems.stream().map(SchemaProblem::column).filter(Objects::nonNull)
                .collect(Collectors.toSet());
        try {
            Connection connection = adapter.connections().acquire();
            try {
                for (SchemaProblem problem : SchemaCheck.problems(connection, adapter.dialect(), mapping, table).problems()) {
                    if (problem.kind() != SchemaProblem.Kind.INCOMPATIBLE_TYPE || !badlyBound.contains(problem.column())) {
                        problems.add(problem);
                    }
                }
            } finally {
                adapter.connections().release(connection);
            }
        } catch (SQLException e) {
            throw new DataAccessException(adapter.backend(), "Schema check of legacy table " + table.displayName()
                    + " failed: " + e.getMessage(), e);
        }
        return List.copyOf(problems);
    }
}
