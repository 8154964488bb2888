package dev.cutover.verify.internal;

import dev.cutover.compare.ComparisonResult;
import dev.cutover.mapping.EntityMapping;
import dev.cutover.verify.RowMismatch;
import java.util.ArrayList;
import java.util.List;

/**
 * The rows a run reports, counted in all and listed up to a limit, and each handed to a {@link Sink} (a repair's queue)
 * if there is one. Confined to the verifying thread.
 */
final class Findings {
    /** Told of every row reported, listed or not. */
    interface Sink {
        void found(RowMismatch.Kind kind, Object[] keyValues);
    }

    private final EntityMapping<?, ?> mapping;
    private final int maxListed;
    private final Sink sink;
    final List<RowMismatch> listed = new ArrayList<>();
    long missing;
    long extra;
    long different;
    long unreadable;
    long transientRows;
    long rechecks;

    Findings(EntityMapping<?, ?> mapping, int maxListed, Sink sink) {
        this.mapping = mapping;
        this.maxListed = maxListed;
        this.sink = sink;
    }

    void report(RowMismatch.Kind kind, Object[] keyValues, ComparisonResult result, Unreadable problem) {
        switch (kind) {
            case MISSING -> missing++;
            case EXTRA -> extra++;
            case DIFFERENT -> different++;
            case UNREADABLE -> unreadable++;
        }
        if (sink != null) {
            sink.found(kind, keyValues);
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
