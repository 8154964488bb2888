package dev.cutover.mapping;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.UUID;

/**
 * The logical type of a column and the one Java type that carries its values everywhere in Cutover
 * (rows, records, comparisons). Each backend converts to and from its own storage explicitly; nothing
 * is left to a driver's guess.
 */
public enum ColumnType {
    TEXT(String.class),
    INTEGER(Integer.class),
    BIGINT(Long.class),
    /** Exact decimal, for money. */
    NUMERIC(BigDecimal.class),
    BOOLEAN(Boolean.class),
    /** An instant; PostgreSQL {@code timestamptz}. */
    TIMESTAMPTZ(Instant.class),
    DATE(LocalDate.class),
    UUID(UUID.class),
    /** JSON kept as written ({@code json}). */
    JSON(JsonNode.class),
    /** JSON kept parsed ({@code jsonb}); PostgreSQL rejects {@code \u0000} in it. */
    JSONB(JsonNode.class);

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
}
