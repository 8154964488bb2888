package dev.cutover.verify;

import dev.cutover.Backend;
import com.fasterxml.jackson.annotation.JsonProperty;
import dev.cutover.compare.Difference;
import dev.cutover.mapping.spi.KeyJson;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One row that is not the same on both sides, still so after being re-checked, or that one side cannot read.
 *
 * @param kind             missing in PostgreSQL, extra in PostgreSQL, different, or unreadable
 * @param key              the row's key: key column (mapping name) to value, in key order
 * @param differences      for {@link Kind#DIFFERENT}, the field-level differences listed (see
 *                         {@link dev.cutover.compare.ComparisonRules#maxDifferences()}); empty otherwise
 * @param totalDifferences how many field-level differences there are in all
 * @param side             for {@link Kind#UNREADABLE}, the side that cannot read the row; {@code null} otherwise
 * @param column           for {@link Kind#UNREADABLE}, the column (as that side names it) whose value cannot be
 *                         read, {@code null} if not known or for other kinds
 * @param reason           for {@link Kind#UNREADABLE}, why the row cannot be read (no credentials); {@code null}
 *                         otherwise
 */
public record RowMismatch(Kind kind, Map<String, Object> key, List<Difference> differences, int totalDifferences,
        Backend side, String column, String reason) {

    public RowMismatch {
        Objects.requireNonNull(kind, "kind");
        key = Collections.unmodifiableMap(new LinkedHashMap<>(key));
        differences = List.copyOf(differences);
        if (kind == Kind.UNREADABLE) {
            Objects.requireNonNull(side, "side");
            Objects.requireNonNull(reason, "reason");
        }
    }

    /** A row missing, extra or different. */
    public RowMismatch(Kind kind, Map<String, Object> key, List<Difference> differences, int totalDifferences) {
        this(kind, key, differences, totalDifferences, null, null, null);
    }

    /** What is wrong with the row. */
    public enum Kind {
        /** In legacy, not in PostgreSQL. */
        MISSING,
        /** In PostgreSQL, not in legacy. */
        EXTRA,
        /** On both sides, with different values. */
        DIFFERENT,
        /**
         * A row one side holds but cannot read (a value that does not fit its column's type or storage, such as
         * text that is not JSON in a JSON column): it cannot be compared, so it is never taken as equal.
         */
        UNREADABLE
    }

    /**
     * The row's key in the one format Cutover persists and joins on: its values as a compact JSON array, in key order
     * ({@code [42]}, {@code [7,"2024-03-01"]}, a key the mapping's type cannot hold as the legacy database shows it:
     * {@code [18446744073709551615]}), the same text as a backfill quarantine record's {@code key} and the outbox's keys.
     */
    @JsonProperty("rowKey")
    public String rowKey() {
        return KeyJson.encode(key.values().toArray());
    }

    /** {@code id=42} or {@code (staff_id=1, service_id=2)}. */
    public String describeKey() {
        if (key.size() == 1) {
            Map.Entry<String, Object> only = key.entrySet().iterator().next();
            return only.getKey() + "=" + only.getValue();
        }
        StringBuilder text = new StringBuilder("(");
        key.forEach((column, value) -> text.append(text.length() == 1 ? "" : ", ").append(column).append('=').append(value));
        return text.append(')').toString();
    }

    /**
     * One line per row, its key as columns and as {@link #rowKey()} (the text a quarantine record or an outbox entry
     * of the row carries), then one line per difference: {@code different id=7 [7]: aiContext.tone: legacy='warm'
     * postgres='brief'}, {@code unreadable in legacy id=42 [42] column ai_ctx: Legacy tbl_clients.ai_ctx (key 42) is not
     * valid JSON: ...}.
     */
    @Override
    public String toString() {
        String row = describeKey() + " " + rowKey();
        return switch (kind) {
            case MISSING -> "missing in postgres " + row;
            case EXTRA -> "extra in postgres " + row;
            case UNREADABLE -> "unreadable in " + side + " " + row + (column == null ? "" : " column " + column) + ": " + reason;
            case DIFFERENT -> {
                StringBuilder text = new StringBuilder("different " + row + ":");
                differences.forEach(d -> text.append("\n    ").append(d));
                if (totalDifferences > differences.size()) {
                    text.append("\n    ... and ").append(totalDifferences - differences.size()).append(" more");
                }
                yield text.toString();
            }
        };
    }
}
