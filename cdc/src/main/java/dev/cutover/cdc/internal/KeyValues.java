package dev.cutover.cdc.internal;

import dev.cutover.legacy.Conversion;
import dev.cutover.legacy.LegacyTable;
import dev.cutover.mapping.Column;
import dev.cutover.mapping.EntityMapping;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.time.LocalDate;
import java.util.List;
import java.util.Locale;
import java.util.UUID;

/**
 * A key as the log delivers it (Debezium's Java values: {@code Integer}, {@code Long}, {@code BigDecimal} for
 * {@code bigint.unsigned.handling.mode=precise}, {@code String}, {@code byte[]}, days since the epoch for a date) turned
 * into the values the legacy binding reads from the same row, so that {@link dev.cutover.dual.OutboxKey#of} gives the
 * text dual-write and verify give for that row. The key types keys have in practice are converted; any other is refused
 * naming the column, and the table is paused, never guessed at. Stateless.
 */
final class KeyValues {
    private static final BigInteger MIN_LONG = BigInteger.valueOf(Long.MIN_VALUE);
    private static final BigInteger MAX_LONG = BigInteger.valueOf(Long.MAX_VALUE);

    private KeyValues() {
    }

    /**
     * The mapping's key of {@code values}.
     *
     * @throws IllegalArgumentException naming the column, the value and why, if a value is not one the binding reads
     */
    static <K> K key(EntityMapping<?, K> mapping, LegacyTable binding, List<Object> values) {
        List<Column> columns = mapping.keyColumns();
        if (values.size() != columns.size()) {
            throw new IllegalArgumentException("the log gave " + values.size() + " key values " + values + " for the "
                    + columns.size() + " key columns " + columns.stream().map(Column::name).toList());
        }
        Object[] converted = new Object[columns.size()];
        for (int i = 0; i < converted.length; i++) {
            Column column = columns.get(i);
            converted[i] = value(column, binding.conversion(column.name()).orElse(null), values.get(i));
        }
        return mapping.key(converted);
    }

    private static Object value(Column column, Conversion conversion, Object value) {
        if (value == null) {
            throw refused(column, null, "a key column is never NULL");
        }
        if (conversion != null && conversion.kind() == Conversion.Kind.UUID_BINARY) {
            if (value instanceof byte[] bytes && bytes.length == 16) {
                ByteBuffer buffer = ByteBuffer.wrap(bytes);
                return new UUID(buffer.getLong(), buffer.getLong());
            }
            throw refused(column, value, "UUID_BINARY reads 16 bytes");
        }
        return switch (column.type()) {
            case SMALLINT -> integral(column, value, Short.MIN_VALUE, Short.MAX_VALUE, v -> (short) v);
            case INTEGER -> integral(column, value, Integer.MIN_VALUE, Integer.MAX_VALUE, v -> (int) v);
            case BIGINT -> integral(column, value, Long.MIN_VALUE, Long.MAX_VALUE, v -> v);
            case NUMERIC -> value instanceof BigDecimal decimal ? decimal
                    : value instanceof Number number ? new BigDecimal(number.toString()) : refusedType(column, value);
            case TEXT, CHAR, ENUM -> value instanceof String text ? text : refusedType(column, value);
            case UUID -> uuid(column, value);
            case DATE -> value instanceof LocalDate date ? date
                    : value instanceof Integer days ? LocalDate.ofEpochDay(days) : refusedType(column, value);
            default -> throw refused(column, value, "keys of type " + column.type()
                    + " are not captured yet (integers, numeric, text, UUID and dates are)");
        };
    }

    private interface Narrow {
        Object apply(long value);
    }

    /** An integer the type holds, else the value as the legacy database shows it (a number beyond the Java type). */
    private static Object integral(Column column, Object value, long min, long max, Narrow narrow) {
        BigInteger number;
        if (value instanceof Integer || value instanceof Long || value instanceof Short || value instanceof Byte) {
            number = BigInteger.valueOf(((Number) value).longValue());
        } else if (value instanceof BigInteger big) {
            number = big;
        } else if (value instanceof BigDecimal decimal && decimal.stripTrailingZeros().scale() <= 0) {
            number = decimal.toBigIntegerExact();
        } else {
            return refusedType(column, value);
        }
        if (number.compareTo(MIN_LONG) >= 0 && number.compareTo(MAX_LONG) <= 0) {
            long exact = number.longValue();
            if (exact >= min && exact <= max) {
                return narrow.apply(exact);
            }
        }
        return number; // as verify and the backfill keep a key the mapping's type cannot hold
    }

    private static Object uuid(Column column, Object value) {
        if (value instanceof UUID uuid) {
            return uuid;
        }
        if (value instanceof String text) {
            try {
                UUID uuid = UUID.fromString(text.strip());
                if (uuid.toString().equals(text.strip().toLowerCase(Locale.ROOT))) {
                    return uuid;
                }
            } catch (IllegalArgumentException e) {
                // refused below, naming the value
            }
            throw refused(column, value, "it is not a UUID");
        }
        return refusedType(column, value);
    }

    private static Object refusedType(Column column, Object value) {
        throw refused(column, value, "the log gave a " + value.getClass().getSimpleName() + ", which a " + column.type()
                + " key is not read from");
    }

    private static IllegalArgumentException refused(Column column, Object value, String why) {
        return new IllegalArgumentException("key column '" + column.name() + "' (" + column.type() + ") value '" + value
                + "' cannot be read: " + why);
    }
}
