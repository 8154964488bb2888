package dev.cutover.schema;

import dev.cutover.CutoverException;
import java.util.List;

/**
 * A database schema that does not fit an entity mapping: a missing table or column, an incompatible
 * type, an upsert conflict target with no matching UNIQUE constraint. Raised when a store is created
 * (at startup), listing every problem found for the table at once.
 */
public class SchemaMismatchException extends CutoverException {
    private static final long serialVersionUID = 1L;

    private final List<String> problems;

    public SchemaMismatchException(String backendAndTable, List<String> problems) {
        super(format(backendAndTable, problems));
        this.problems = List.copyOf(problems);
    }

    public List<String> problems() {
        return problems;
    }

    private static String format(String backendAndTable, List<String> problems) {
        if (problems.size() == 1) {
            return "Schema of " + backendAndTable + " does not fit its mapping: " + problems.get(0);
        }
        StringBuilder text = new StringBuilder("Schema of " + backendAndTable + " does not fit its mapping ("
                + problems.size() + " problems):");
        problems.forEach(p -> text.append("\n  - ").append(p));
        return text.toString();
    }
}
