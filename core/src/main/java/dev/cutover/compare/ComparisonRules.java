package dev.cutover.compare;

import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

/**
 * How two values are compared: which fields to ignore and which collections to compare as unordered.
 * A rule names either a field (any field of that name, at any depth: {@code updatedAt}) or a path from
 * the compared value ({@code visitHistory} or {@code aiContext.tags}). Everything else is normalised the
 * same way everywhere (see {@link Comparison}). Immutable and thread-safe.
 *
 * <pre>{@code
 * ComparisonRules rules = ComparisonRules.custom().ignore("updatedAt").unordered("aiContext.tags").build();
 * }</pre>
 */
public final class ComparisonRules {
    private static final ComparisonRules DEFAULTS = new ComparisonRules(Set.of(), Set.of(), 20);

    private final Set<String> ignored;
    private final Set<String> unordered;
    private final int maxDifferences;

    private ComparisonRules(Set<String> ignored, Set<String> unordered, int maxDifferences) {
        this.ignored = Set.copyOf(ignored);
        this.unordered = Set.copyOf(unordered);
        this.maxDifferences = maxDifferences;
    }

    /** Nothing ignored, every list ordered, at most 20 differences reported per comparison. */
    public static ComparisonRules ofDefaults() {
        return DEFAULTS;
    }

    public static Builder custom() {
        return new Builder();
    }

    public static Builder from(ComparisonRules base) {
        Builder builder = new Builder();
        builder.ignored.addAll(base.ignored);
        builder.unordered.addAll(base.unordered);
        builder.maxDifferences = base.maxDifferences;
        return builder;
    }

    public Set<String> ignored() {
        return ignored;
    }

    public Set<String> unordered() {
        return unordered;
    }

    /** How many differences one comparison reports at most; the rest are counted, not listed. */
    public int maxDifferences() {
        return maxDifferences;
    }

    boolean isIgnored(String path, String field) {
        return ignored.contains(path) || (field != null && ignored.contains(field));
    }

    boolean isUnordered(String path, String field) {
        return unordered.contains(path) || (field != null && unordered.contains(field));
    }

    @Override
    public String toString() {
        return "ComparisonRules[ignored=" + new TreeSet<>(ignored) + ", unordered=" + new TreeSet<>(unordered)
                + ", maxDifferences=" + maxDifferences + "]";
    }

    /** Collects rules; each method checks its input. Not thread-safe. */
    public static final class Builder {
        private final Set<String> ignored = new TreeSet<>();
        private final Set<String> unordered = new TreeSet<>();
        private int maxDifferences = 20;

        private Builder() {
        }

        /** Fields or paths left out of comparisons. */
        public Builder ignore(String... fieldsOrPaths) {
            ignored.addAll(check("ignore", fieldsOrPaths));
            return this;
        }

        /** Collections (by field or path) compared as multisets: same elements, any order. */
        public Builder unordered(String... fieldsOrPaths) {
            unordered.addAll(check("unordered", fieldsOrPaths));
            return this;
        }

        public Builder maxDifferences(int maxDifferences) {
            if (maxDifferences < 1) {
                throw new IllegalArgumentException("maxDifferences must be at least 1, was '" + maxDifferences + "'");
            }
            this.maxDifferences = maxDifferences;
            return this;
        }

        public ComparisonRules build() {
            return new ComparisonRules(ignored, unordered, maxDifferences);
        }

        private static List<String> check(String rule, String... names) {
            Objects.requireNonNull(names, rule);
            for (String name : names) {
                if (name == null || name.isBlank() || name.startsWith(".") || name.endsWith(".")) {
                    throw new IllegalArgumentException(rule + " needs field names or dotted paths like 'aiContext.tags', got '"
                            + name + "'");
                }
            }
            return List.of(names);
        }
    }
}
