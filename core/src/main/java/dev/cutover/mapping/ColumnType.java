package dev.cutover.mapping;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.util.List;
import java.util.UUID;

/**
 * The logical type of a column and the one Java type that carries its values everywhere in Cutover
 * (rows, records, comparisons). Each backend converts to and from its own storage explicitly; nothing
 * is left to a driver's guess.
 *
 * <p>{@link #CHAR} follows PostgreSQL's {@code character(n)}: trailing spaces are padding, never part of the value.
 * A value is read without them on both sides (PostgreSQL pads, MariaDB strips) and written as given, so
 * {@code 'ab'} and {@code 'ab  '} are the same value. The arrays ({@link #TEXT_ARRAY}, {@link #INTEGER_ARRAY},
 * {@link #BIGINT_ARRAY}) are carried as unmodifiable {@link List}s of their element's Java type, one dimension,
 * elements may be null. {@link #BYTEA} values are {@code byte[]}, compared by content.
 */
public enum ColumnType {
    TEXT(String.class),
    /** PostgreSQL {@code smallint} (int2). */
    SMALLINT(Short.class),
    INTEGER(Integer.class),
    BIGINT(Long.class),
    /** Exact decimal, for money. */
    NUMERIC(BigDecimal.class),
    /** PostgreSQL {@code real} (float4); NaN and the infinities included. */
    REAL(Float.class),
    /** PostgreSQL {@code double precision} (float8); NaN and the infinities included. */
    DOUBLE(Double.class),
    BOOLEAN(Boolean.class),
    /** An instant; PostgreSQL {@code timestamptz}. */
    TIMESTAMPTZ(Instant.class),
    /** A date-time without time zone; PostgreSQL {@code timestamp}. */
    TIMESTAMP(LocalDateTime.class),
    DATE(LocalDate.class),
    /** A time of day without time zone; PostgreSQL {@code time}. */
    TIME(LocalTime.class),
    UUID(UUID.class),
    /** JSON kept as written ({@code json}). */
    JSON(JsonNode.class),
    /** JSON kept parsed ({@code jsonb}); PostgreSQL rejects {@code \u0000} in it. */
    JSONB(JsonNode.class),
    /** PostgreSQL {@code character(n)}: text whose trailing spaces are padding (see above). */
    CHAR(String.class),
    /** PostgreSQL {@code bytea}. */
    BYTEA(byte[].class),
    /**
     * A PostgreSQL enum type (the column's own, whatever its name): its label as text, written to the enum type and
     * checked against its labels by PostgreSQL.
     */
    ENUM(String.class),
    /** PostgreSQL {@code text[]} or {@code varchar[]}: a {@code List<String>}. */
    TEXT_ARRAY(List.class),
    /** PostgreSQL {@code integer[]}: a {@code List<Integer>}. */
    INTEGER_ARRAY(List.class),
    /** PostgreSQL {@code bigint[]}: a {@code List<Long>}. */
    BIGINT_ARRAY(List.class);

    private final Class<?> javaType;

    ColumnType(Class<?> javaType) {
        this.javaType = javaType;
    }

    /** The Java type of this column's values. */
    public Class<?> javaType() {
        return javaType;
    }

    public boolean isJson() {
        return this == JSON || this == JSONB;
    }

    /** Whether values are one-dimensional arrays ({@link List}s). */
    public boolean isArray() {
        return this == TEXT_ARRAY || this == INTEGER_ARRAY || this == BIGINT_ARRAY;
    }

    /** The element type of an array type, else {@code null}. */
    public ColumnType elementType() {
        return switch (this) {
            case TEXT_ARRAY -> TEXT;
            case INTEGER_ARRAY -> INTEGER;
            case BIGINT_ARRAY -> BIGINT;
            default -> null;
        };
    }
}
