package dev.cutover.verify.internal;

import dev.cutover.compare.ComparisonResult;
import dev.cutover.mapping.EntityMapping;
import dev.cutover.verify.RowMismatch;
import java.util.ArrayList;
import java.util.List;

/** The rows a run reports, counted in all and listed up to a limit. Confined to the verifying thread. */
final class Findings {
    private final EntityMapping<?, ?> mapping;
    private final int maxListed;
    final List<RowMismatch> listed = new ArrayList<>();
    long missing;
    long extra;
    long different;
    long unreadable;
    long transientRows;
    long rechecks;

    Findings(EntityMapping<?, ?> mapping, int maxListed) {
        this.mapping = mapping;
        this.maxListed = maxListed;
    }

    void report(RowMismatch.Kind kind, Object[] keyValues, ComparisonResult result, Unreadable problem) {
        switch (kind) {
            case MISSING -> missing++;
            case EXTRA -> extra++;
            case DIFFERENT -> different++;
            case UNREADABLE -> unreadable++;
        }
        if (listed.size() < maxListed) {
            listed.add(new RowMismatch(kind, Keys.asMap(mapping, keyValues),
                    result == null ? List.of() : result.differences(), result == null ? 0 : result.total(),
                    problem == null ? null : problem.side(), problem == null ? null : problem.column(),
                    problem == null ? null : problem.reason()));
        }
    }

    long total() {
        return missing + extra + different + unreadable;
    }
}
