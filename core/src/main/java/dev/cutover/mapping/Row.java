package dev.cutover.mapping;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.UUID;

/**
 * One row of an entity's table, with values in their canonical Java types ({@link ColumnType#javaType()}),
 * in the mapping's column order. Backends build rows; {@link EntityMapping} turns them into entities.
 * Immutable and thread-safe as long as the JSON values in it are not modified.
 */
public final class Row {
    private final EntityMapping<?, ?> mapping;
    private final Object[] values;

    Row(EntityMapping<?, ?> mapping, Object[] values) {
        this.mapping = mapping;
        this.values = values;
    }

    /** The value of a column, or {@code null} for SQL NULL. */
    public Object get(String column) {
        return values[mapping.indexOf(column)];
    }

    /** The value at a position of {@link EntityMapping#columns()}. */
    public Object get(int index) {
        return values[index];
    }

    public <T> T get(String column, Class<T> type) {
        Object value = get(column);
        if (value == null || type.isInstance(value)) {
            return type.cast(value);
        }
        throw new IllegalArgumentException("Column " + mapping.table() + "." + column + " holds a "
                + value.getClass().getSimpleName() + ", not a " + type.getSimpleName());
    }

    public String getString(String column) {
        return get(column, String.class);
    }

    public Long getLong(String column) {
        return get(column, Long.class);
    }

    public Integer getInteger(String column) {
        return get(column, Integer.class);
    }

    public BigDecimal getBigDecimal(String column) {
        return get(column, BigDecimal.class);
    }

    public Boolean getBoolean(String column) {
        return get(column, Boolean.class);
    }

    public Instant getInstant(String column) {
        return get(column, Instant.class);
    }

    public LocalDate getLocalDate(String column) {
        return get(column, LocalDate.class);
    }

    public UUID getUuid(String column) {
        return get(column, UUID.class);
    }

    public JsonNode getJson(String column) {
        return get(column, JsonNode.class);
    }

    /** A copy of the values, in column order. */
    public Object[] values() {
        return values.clone();
    }

    public EntityMapping<?, ?> mapping() {
        return mapping;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Row row && row.mapping == mapping && Arrays.equals(row.values, values);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(values);
    }

    @Override
    public String toString() {
        StringBuilder text = new StringBuilder(mapping.table()).append('{');
        for (int i = 0; i < values.length; i++) {
            text.append(i == 0 ? "" : ", ").append(mapping.columns().get(i).name()).append('=').append(values[i]);
        }
        return text.append('}').toString();
    }
}
