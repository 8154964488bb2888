package dev.cutover.it.dual;

import dev.cutover.Backend;
import dev.cutover.routing.Route;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * What the dual-write contract lets each side hold for each row after a schedule has been drained, from the writes the
 * schedule made in order:
 *
 * <ul>
 *   <li>an acknowledged write on a dual route: both sides hold it, nothing else;</li>
 *   <li>an acknowledged write on a single route: its database holds it, nothing else; the other side holds it (the
 *       write was recorded because that side's outbox might hold entries) or what it was allowed before;</li>
 *   <li>a write that failed: it may have committed (a lost reply) and been mirrored, so either side may hold it, or
 *       what it was allowed before.</li>
 * </ul>
 *
 * Deleted rows are {@link #ABSENT}. Not thread-safe.
 */
final class WriteModel {
    static final String ABSENT = "(absent)";

    private final Map<Integer, Map<Backend, Set<String>>> allowed = new java.util.TreeMap<>();

    private Map<Backend, Set<String>> of(int row) {
        return allowed.computeIfAbsent(row, r -> {
            Map<Backend, Set<String>> sides = new EnumMap<>(Backend.class);
            for (Backend side : Backend.values()) {
                sides.put(side, new LinkedHashSet<>(Set.of(ABSENT)));
            }
            return sides;
        });
    }

    void acknowledged(int row, String value, Route route) {
        Map<Backend, Set<String>> sides = of(row);
        Backend primary = route.primary();
        sides.put(primary, new LinkedHashSet<>(Set.of(value)));
        if (route.isDual()) {
            sides.put(primary.other(), new LinkedHashSet<>(Set.of(value)));
        } else {
            sides.get(primary.other()).add(value);
        }
    }

    void failed(int row, String value) {
        Map<Backend, Set<String>> sides = of(row);
        sides.values().forEach(values -> values.add(value));
    }

    /** The rows whose two sides must be equal: each side is allowed one value, the same. */
    Set<Integer> mustBeEqual() {
        Set<Integer> rows = new TreeSet<>();
        allowed.forEach((row, sides) -> {
            Set<String> legacy = sides.get(Backend.LEGACY);
            if (legacy.size() == 1 && legacy.equals(sides.get(Backend.POSTGRES))) {
                rows.add(row);
            }
        });
        return rows;
    }

    /** Each row whose value on a side is not one the contract allows there, described. */
    List<String> violations(Map<Integer, String> onLegacy, Map<Integer, String> onPostgres) {
        List<String> found = new ArrayList<>();
        for (Map.Entry<Integer, String> row : onLegacy.entrySet()) {
            check(row.getKey(), Backend.LEGACY, row.getValue(), found);
        }
        for (Map.Entry<Integer, String> row : onPostgres.entrySet()) {
            check(row.getKey(), Backend.POSTGRES, row.getValue(), found);
        }
        return found;
    }

    private void check(int row, Backend side, String actual, List<String> found) {
        Set<String> values = of(row).get(side);
        if (!values.contains(actual)) {
            found.add("client " + row + " on " + side + " is " + actual + ", allowed: " + values);
        }
    }
}
