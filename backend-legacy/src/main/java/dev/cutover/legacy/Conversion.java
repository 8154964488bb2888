package dev.cutover.legacy;

import dev.cutover.mapping.ColumnType;
import java.time.ZoneId;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * How a legacy column's storage type becomes the mapping's type when it is not the same type, declared per column
 * with {@link LegacyTable#convert}. Each conversion is exact both ways or says what happens to a value that does not
 * fit: such a value fails the read with an {@link dev.cutover.mapping.InvalidValueException} naming the legacy table,
 * column, key and value, and a backfill quarantines its row; nothing is wrapped, rounded or guessed silently. The
 * same declarations apply on every legacy dialect; which legacy types each accepts is in {@code docs/conversions.md},
 * checked against {@link LegacyDialect#convertibleTypes}.
 *
 * <p>Immutable and thread-safe.
 */
public final class Conversion {
    /** What a conversion does; the parameters of {@link #naiveAt}, {@link #textFlag} and {@link #decimal} aside. */
    public enum Kind {
        /** A UUID kept as text ({@code char(36)}, {@code varchar}, {@code text}). */
        UUID_TEXT(ColumnType.UUID),
        /** A UUID kept as 16 bytes, most significant first ({@code binary(16)}, {@code bytea}). */
        UUID_BINARY(ColumnType.UUID),
        /** An integer of another width or signedness, checked per value. */
        CHECKED_INTEGER(ColumnType.SMALLINT, ColumnType.INTEGER, ColumnType.BIGINT),
        /** A number as a flag, MySQL's way: 0 is false, any other number true. */
        NONZERO_IS_TRUE(ColumnType.BOOLEAN),
        /** A flag kept as two texts, such as {@code 'Y'} and {@code 'N'}. */
        TEXT_FLAG(ColumnType.BOOLEAN),
        /** A MariaDB {@code enum} or {@code set}, or a PostgreSQL enum type, as its text. */
        ENUM_TEXT(ColumnType.TEXT, ColumnType.ENUM),
        /** A MariaDB {@code set} as the list of its members ({@code text[]}), in the order the set's text gives them. */
        SET_ARRAY(ColumnType.TEXT_ARRAY),
        /** A MariaDB {@code year} as an integer. */
        YEAR(ColumnType.SMALLINT, ColumnType.INTEGER, ColumnType.BIGINT),
        /** A date-time without time zone, as the instant it names in a declared zone. */
        NAIVE_AT_ZONE(ColumnType.TIMESTAMPTZ),
        /** A decimal or floating-point number as an exact decimal of a declared scale. */
        DECIMAL(ColumnType.NUMERIC);

        private final Set<ColumnType> types;

        Kind(ColumnType... types) {
            this.types = Set.of(types);
        }

        /** Whether a mapping column of this type can be converted this way. */
        public boolean appliesTo(ColumnType type) {
            return types.contains(type);
        }

        /** The mapping types this conversion applies to, in declaration order, for messages. */
        public String describeTypes() {
            return String.join(", ", Arrays.stream(ColumnType.values()).filter(types::contains).map(Enum::name).toList());
        }
    }

    /** What {@link #decimal} does with a value that has more fractional digits than the declared scale. */
    public enum OnRounding {
        /** The row is quarantined (by a backfill) or the read fails, naming the value: nothing is rounded. */
        QUARANTINE,
        /**
         * The value is handed on as it is; the target column rounds it and verify reports the row as different, so
         * every rounded value is listed.
         */
        REPORT
    }

    /**
     * A UUID kept as text: read in any case, with or without surrounding spaces of a {@code char} column; written in
     * canonical lower case ({@code 8-4-4-4-12}). Text that is not a UUID fails the read.
     */
    public static final Conversion UUID_TEXT = new Conversion(Kind.UUID_TEXT, null, null, null, -1, null);

    /** A UUID kept as 16 bytes, most significant first (MySQL's {@code UUID_TO_BIN(u, 0)}); other lengths fail. */
    public static final Conversion UUID_BINARY = new Conversion(Kind.UUID_BINARY, null, null, null, -1, null);

    /**
     * An integer of any width or signedness (a legacy {@code bigint} counter into an INTEGER column, a
     * {@code bigint unsigned} into BIGINT, a {@code numeric(p, 0)} into BIGINT): each value is checked, and one that the
     * mapping's type cannot hold (or a fraction) fails the read naming it, never wrapped.
     */
    public static final Conversion CHECKED_INTEGER = new Conversion(Kind.CHECKED_INTEGER, null, null, null, -1, null);

    /**
     * A flag kept as a number ({@code tinyint(1)}, {@code bit(1)}, {@code smallint}, {@code integer}): 0 is false and
     * any other number true, as MySQL, its drivers and pgloader read them; written as 1 or 0. Without it a number other
     * than 0 or 1 fails the read.
     */
    public static final Conversion NONZERO_IS_TRUE = new Conversion(Kind.NONZERO_IS_TRUE, null, null, null, -1, null);

    /**
     * A MariaDB {@code enum} or {@code set} (as its comma-separated text), or a PostgreSQL enum type, as text; written
     * back as the text, which the legacy database checks against its labels.
     */
    public static final Conversion ENUM_TEXT = new Conversion(Kind.ENUM_TEXT, null, null, null, -1, null);

    /**
     * A MariaDB {@code set} as a {@code text[]} of its members: {@code 'a,c'} is {@code {a,c}}, the empty set an empty
     * array; written back joined with commas, which MariaDB checks against the set's members.
     */
    public static final Conversion SET_ARRAY = new Conversion(Kind.SET_ARRAY, null, null, null, -1, null);

    /** A MariaDB {@code year} as the year's number; the zero year {@code 0000} fails the read. */
    public static final Conversion YEAR = new Conversion(Kind.YEAR, null, null, null, -1, null);

    private final Kind kind;
    private final ZoneId zone;
    private final String trueText;
    private final String falseText;
    private final int scale;
    private final OnRounding onRounding;

    private Conversion(Kind kind, ZoneId zone, String trueText, String falseText, int scale, OnRounding onRounding) {
        this.kind = kind;
        this.zone = zone;
        this.trueText = trueText;
        this.falseText = falseText;
        this.scale = scale;
        this.onRounding = onRounding;
    }

    /**
     * A date-time without time zone ({@code datetime}, {@code timestamp without time zone}) holding wall-clock time in
     * {@code zone}, as the instant it names there; written as the wall-clock time of the instant in that zone. A time
     * that does not exist in the zone (skipped by a daylight-saving change) fails the read; a time that exists twice
     * reads as the earlier instant.
     */
    public static Conversion naiveAt(ZoneId zone) {
        Objects.requireNonNull(zone, "zone of naiveAt");
        return new Conversion(Kind.NAIVE_AT_ZONE, zone, null, null, -1, null);
    }

    /**
     * A flag kept as text: {@code trueText} is true, {@code falseText} false (compared exactly, after trailing spaces
     * of a {@code char} column are removed); any other text fails the read. Written as one of the two.
     *
     * @throws IllegalArgumentException if a text is blank or both are equal
     */
    public static Conversion textFlag(String trueText, String falseText) {
        if (trueText == null || trueText.isBlank() || falseText == null || falseText.isBlank()) {
            throw new IllegalArgumentException("textFlag needs two non-blank texts, got " + quoted(trueText) + " and "
                    + quoted(falseText));
        }
        if (trueText.equals(falseText)) {
            throw new IllegalArgumentException("textFlag needs two different texts, got " + quoted(trueText) + " twice");
        }
        return new Conversion(Kind.TEXT_FLAG, null, trueText, falseText, -1, null);
    }

    /**
     * A number of another scale or kind ({@code decimal(12,4)}, {@code double}, {@code float}, {@code real}) as an exact
     * decimal with {@code scale} fractional digits, the target column's: a value with more fractional digits (other
     * than zeros) would be rounded by the target, so it is quarantined or handed on for verify to report, as
     * {@code onRounding} says. Floating-point values are read by their shortest decimal text ({@code 0.1}, not
     * {@code 0.1000000000000000055...}).
     *
     * @throws IllegalArgumentException if the scale is negative
     */
    public static Conversion decimal(int scale, OnRounding onRounding) {
        if (scale < 0 || scale > 1000) {
            throw new IllegalArgumentException("decimal scale must be 0 to 1000, was " + scale);
        }
        Objects.requireNonNull(onRounding, "onRounding of decimal");
        return new Conversion(Kind.DECIMAL, null, null, null, scale, onRounding);
    }

    /** The declared scale's {@link OnRounding#QUARANTINE}: nothing is ever rounded. */
    public static Conversion decimal(int scale) {
        return decimal(scale, OnRounding.QUARANTINE);
    }

    public Kind kind() {
        return kind;
    }

    /** The zone of {@link #naiveAt}, else {@code null}. */
    public ZoneId zone() {
        return zone;
    }

    /** The true and false texts of {@link #textFlag}, else empty. */
    public List<String> flagTexts() {
        return trueText == null ? List.of() : List.of(trueText, falseText);
    }

    /** The scale of {@link #decimal}, else -1. */
    public int scale() {
        return scale;
    }

    /** What {@link #decimal} does with a value it would round, else {@code null}. */
    public OnRounding onRounding() {
        return onRounding;
    }

    /** Whether a mapping column of this type can be converted this way. */
    public boolean appliesTo(ColumnType type) {
        return kind.appliesTo(type);
    }

    /** The Java expression that declares this conversion, for messages: {@code Conversion.naiveAt(ZoneId.of("Europe/Paris"))}. */
    public String declaration() {
        return switch (kind) {
            case NAIVE_AT_ZONE -> "Conversion.naiveAt(ZoneId.of(\"" + zone.getId() + "\"))";
            case TEXT_FLAG -> "Conversion.textFlag(\"" + trueText + "\", \"" + falseText + "\")";
            case DECIMAL -> "Conversion.decimal(" + scale + ", Conversion.OnRounding." + onRounding + ")";
            default -> "Conversion." + kind.name();
        };
    }

    private static String quoted(String text) {
        return text == null ? "null" : "'" + text + "'";
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Conversion c && c.kind == kind && Objects.equals(c.zone, zone)
                && Objects.equals(c.trueText, trueText) && Objects.equals(c.falseText, falseText) && c.scale == scale
                && c.onRounding == onRounding;
    }

    @Override
    public int hashCode() {
        return Objects.hash(kind, zone, trueText, falseText, scale, onRounding);
    }

    @Override
    public String toString() {
        return declaration();
    }
}
