package dev.cutover.schemacheck;

import dev.cutover.verify.spi.ReportJson;
import java.util.List;

/**
 * Every problem found in the legacy and PostgreSQL tables of the checked mappings, all at once. Immutable.
 *
 * @param entities the mappings' tables, in the order they were given
 * @param problems every problem, entity by entity, legacy side first
 */
public record SchemaReport(List<String> entities, List<SchemaFinding> problems) {

    public SchemaReport {
        entities = List.copyOf(entities);
        problems = List.copyOf(problems);
    }

    /** Whether every table fits its mapping, and the two sides fit each other. */
    public boolean fits() {
        return problems.isEmpty();
    }

    /** For scripts: 0 when everything fits, 1 when there are problems. */
    public int exitCode() {
        return fits() ? 0 : 1;
    }

    /** The report as one JSON object, with {@code exitCode} added. */
    public String toJson() {
        return ReportJson.write(this, exitCode());
    }

    /** One line for the verdict, then one per problem. */
    public String toText() {
        StringBuilder text = new StringBuilder("Schema check of ").append(String.join(", ", entities)).append(": ");
        if (fits()) {
            return text.append("every table fits its mapping").toString();
        }
        text.append(problems.size()).append(problems.size() == 1 ? " problem" : " problems");
        problems.forEach(p -> text.append("\n  - ").append(p));
        return text.toString();
    }

    @Override
    public String toString() {
        return toText();
    }
}
