package dev.cutover.compare;

import java.util.List;

/**
 * What a comparison found.
 *
 * @param differences the differences listed, at most {@link ComparisonRules#maxDifferences()}, in path order
 *                    of discovery
 * @param total       how many differences there were in all
 */
public record ComparisonResult(List<Difference> differences, int total) {
    private static final ComparisonResult SAME = new ComparisonResult(List.of(), 0);

    public ComparisonResult {
        differences = List.copyOf(differences);
    }

    static ComparisonResult same() {
        return SAME;
    }

    public boolean matches() {
        return total == 0;
    }

    @Override
    public String toString() {
        if (matches()) {
            return "no differences";
        }
        StringBuilder text = new StringBuilder(total + (total == 1 ? " difference" : " differences"));
        differences.forEach(d -> text.append("\n  ").append(d));
        if (total > differences.size()) {
            text.append("\n  ... and ").append(total - differences.size()).append(" more");
        }
        return text.toString();
    }
}
