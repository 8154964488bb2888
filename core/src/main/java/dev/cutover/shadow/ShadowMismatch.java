package dev.cutover.shadow;

import dev.cutover.Backend;
import dev.cutover.compare.Difference;
import dev.cutover.routing.RepositoryMethod;
import dev.cutover.routing.Route;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * A shadow read whose secondary answered differently from the primary.
 *
 * @param observedAt  when the comparison was made
 * @param method      the repository method called
 * @param route       the dual route in force: its primary served the caller
 * @param arguments   the call's arguments, rendered safely and shortened (never a whole large value)
 * @param differences the field-level differences listed, legacy and PostgreSQL side by side, at most
 *                    {@link dev.cutover.compare.ComparisonRules#maxDifferences()}
 * @param total       how many differences there were in all
 */
public record ShadowMismatch(Instant observedAt, RepositoryMethod method, Route route, String arguments,
        List<Difference> differences, int total) {

    public ShadowMismatch {
        Objects.requireNonNull(observedAt, "observedAt");
        Objects.requireNonNull(method, "method");
        Objects.requireNonNull(route, "route");
        Objects.requireNonNull(arguments, "arguments");
        differences = List.copyOf(differences);
    }

    /** The backend whose answer the caller got. */
    public Backend primary() {
        return route.primary();
    }

    /** The backend read in the shadow. */
    public Backend secondary() {
        return route.primary().other();
    }

    /**
     * {@code ClientRepository.findById(7) on legacy-dual (served by legacy, shadow-read postgres): 1 difference}
     * and one line per difference.
     */
    @Override
    public String toString() {
        StringBuilder text = new StringBuilder(method.qualifiedName()).append('(').append(arguments).append(") on ")
                .append(route.id()).append(" (served by ").append(primary().id()).append(", shadow-read ")
                .append(secondary().id()).append("): ").append(total).append(total == 1 ? " difference" : " differences");
        differences.forEach(d -> text.append("\n  ").append(d));
        if (total > differences.size()) {
            text.append("\n  ... and ").append(total - differences.size()).append(" more");
        }
        return text.toString();
    }
}
