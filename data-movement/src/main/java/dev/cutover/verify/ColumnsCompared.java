package dev.cutover.verify;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Which columns a verification compared and which it did not, so that a report saying EQUAL says about what: the
 * mapping's columns compared on both sides, and every column left out with why (a legacy column the binding excludes,
 * a target column the mapping leaves empty, a column the comparison rules ignore). Immutable.
 *
 * @param compared    the mapping's columns compared, in mapping order
 * @param notCompared each column not compared, as {@code legacy <name>} or {@code postgres <name>} or the mapping's
 *                    name, to the reason, in the order found
 */
public record ColumnsCompared(List<String> compared, Map<String, String> notCompared) {
    public ColumnsCompared {
        compared = List.copyOf(compared);
        notCompared = Collections.unmodifiableMap(new LinkedHashMap<>(notCompared));
    }

    /** {@code compared: id, email; not compared: legacy legacyHash (excluded: a digest)}. */
    public String describe() {
        StringBuilder text = new StringBuilder("compared: ").append(String.join(", ", compared));
        if (!notCompared.isEmpty()) {
            text.append("; not compared: ");
            notCompared.forEach((column, reason) -> text.append(column).append(" (").append(reason).append("), "));
            text.setLength(text.length() - 2);
        }
        return text.toString();
    }
}
