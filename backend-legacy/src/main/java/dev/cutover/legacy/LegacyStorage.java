package dev.cutover.legacy;

import dev.cutover.mapping.ColumnType;
import java.util.Arrays;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * How the legacy table stores a column whose logical type is given by the mapping. Conversions are
 * explicit in both directions, so a value read back is the value written, whatever the JVM's or the
 * session's time zone, and a stored value that does not fit fails loudly instead of turning into
 * {@code null}.
 *
 * <p>Immutable and thread-safe.
 */
public enum LegacyStorage {
    /** The legacy column has the logical type's own database type (for PostgreSQL: jsonb, boolean, timestamptz...). */
    NATIVE(Set.of(ColumnType.values())),
    /**
     * JSON kept in a text column: written as compact JSON text, read back with a strict parse. Text that is
     * not JSON fails the read with an {@link dev.cutover.mapping.InvalidValueException} naming the legacy table,
     * column, key and the start of the value.
     */
    JSON_TEXT(Set.of(ColumnType.JSON, ColumnType.JSONB)),
    /** A boolean kept as a small integer: 0 is false, 1 is true, and any other number read is an error. */
    SMALLINT_BOOLEAN(Set.of(ColumnType.BOOLEAN)),
    /**
     * An instant kept in a {@code timestamp without time zone} column holding UTC wall-clock time; converted
     * at UTC explicitly, never at the JVM's or the session's zone.
     */
    TIMESTAMP_UTC(Set.of(ColumnType.TIMESTAMPTZ));

    private final Set<ColumnType> logicalTypes;

    LegacyStorage(Set<ColumnType> logicalTypes) {
        this.logicalTypes = logicalTypes;
    }

    /** Whether a column of this logical type can be stored this way. */
    public boolean appliesTo(ColumnType type) {
        return logicalTypes.contains(type);
    }

    /** The logical types this storage applies to, in declaration order, for messages. */
    public String describeLogicalTypes() {
        return Arrays.stream(ColumnType.values()).filter(logicalTypes::contains).map(Enum::name)
                .collect(Collectors.joining(", "));
    }
}
