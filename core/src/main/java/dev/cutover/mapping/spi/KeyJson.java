package dev.cutover.mapping.spi;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import dev.cutover.mapping.Column;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;
import java.util.function.Function;

/**
 * Key values as compact JSON array text, in key order: numbers and booleans as JSON numbers and booleans, JSON
 * values as themselves, everything else as its ISO or canonical text; read back by the key columns' types.
 * Equal keys give equal text, exact both ways. The one encoding of keys that Cutover persists (outbox rows, backfill
 * chunk bounds and quarantine rows) and that verify reports print, so the format must not change: {@code [42]},
 * {@code ["a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11"]}, {@code [7, "2024-03-01"]}.
 *
 * <p>A key value the legacy database holds but the mapping's type cannot (an unsigned 64-bit number beyond
 * {@code long}, a zero date {@code 0000-00-00}, text that is not a UUID) is written as the legacy database shows it: a
 * JSON number for numbers ({@code [18446744073709551615]}), else its text ({@code ["0000-00-00", 3]}); decoding keeps
 * it so ({@link BigInteger} or {@link String}), so that such a row's key can be stored, shown and read again. Thread-safe
 * (stateless).
 */
public final class KeyJson {
    private KeyJson() {
    }

    /** The text of key values; a null value is JSON null. */
    public static String encode(Object[] key) {
        ArrayNode array = Values.json().createArrayNode();
        for (Object value : key) {
            if (value == null) {
                array.addNull();
            } else if (value instanceof Long l) {
                array.add(l);
            } else if (value instanceof Integer i) {
                array.add(i);
            } else if (value instanceof BigDecimal d) {
                array.add(d);
            } else if (value instanceof BigInteger b) {
                array.add(b);
            } else if (value instanceof Boolean b) {
                array.add(b);
            } else if (value instanceof Short s) {
                array.add(s);
            } else if (value instanceof JsonNode node) {
                array.add(node);
            } else if (value instanceof byte[] bytes) {
                array.add("\\x" + HexFormat.of().formatHex(bytes));
            } else {
                array.add(value.toString()); // String, UUID, LocalDate, Instant: ISO or canonical text
            }
        }
        return Values.jsonText(array);
    }

    /**
     * The key values of {@code text} (null gives null), or {@link IllegalStateException} naming the text when it is
     * not an array of one value per key column.
     */
    public static Object[] decode(String text, List<Column> keyColumns) {
        if (text == null) {
            return null;
        }
        JsonNode array;
        try {
            array = Values.json().readTree(text);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Stored key " + Values.shorten(text) + " is not JSON", e);
        }
        if (array == null || !array.isArray() || array.size() != keyColumns.size()) {
            throw new IllegalStateException("Stored key " + Values.shorten(text) + " is not an array of the "
                    + keyColumns.size() + " values of key columns " + keyColumns.stream().map(Column::name).toList());
        }
        Object[] key = new Object[array.size()];
        for (int i = 0; i < key.length; i++) {
            JsonNode node = array.get(i);
            if (node.isNull()) {
                continue;
            }
            key[i] = switch (keyColumns.get(i).type()) {
                case TEXT, CHAR, ENUM -> node.textValue();
                case SMALLINT -> node.canConvertToInt() && node.intValue() == (short) node.intValue()
                        ? (Object) (short) node.intValue() : legacyForm(node);
                case INTEGER -> node.canConvertToInt() ? (Object) node.intValue() : legacyForm(node);
                case BIGINT -> node.canConvertToLong() ? (Object) node.longValue() : legacyForm(node);
                case NUMERIC -> node.decimalValue();
                case BOOLEAN -> node.isBoolean() ? (Object) node.booleanValue() : legacyForm(node);
                case TIMESTAMPTZ -> parsed(node, Instant::parse);
                case DATE -> parsed(node, LocalDate::parse);
                case TIMESTAMP -> parsed(node, LocalDateTime::parse);
                case TIME -> parsed(node, LocalTime::parse);
                case REAL -> node.isNumber() ? (Object) node.floatValue() : parsed(node, Float::valueOf);
                case DOUBLE -> node.isNumber() ? (Object) node.doubleValue() : parsed(node, Double::valueOf);
                case BYTEA -> parsed(node, hex -> HexFormat.of().parseHex(hex.substring(2)));
                case TEXT_ARRAY, INTEGER_ARRAY, BIGINT_ARRAY -> throw new IllegalStateException(
                        "Stored key " + Values.shorten(text) + " has an array key column, which no key can have");
                case UUID -> parsed(node, uuid -> UUID.fromString(uuid).toString().equalsIgnoreCase(uuid.strip())
                        ? UUID.fromString(uuid) : null);
                case JSON, JSONB -> node;
            };
        }
        return key;
    }

    /** A key value as the legacy database shows it: an integer beyond the Java type, or text. */
    private static Object legacyForm(JsonNode node) {
        return node.isIntegralNumber() ? node.bigIntegerValue() : node.asText();
    }

    private static Object parsed(JsonNode node, Function<String, Object> parse) {
        String text = node.textValue();
        if (text == null) {
            return legacyForm(node);
        }
        try {
            Object value = parse.apply(text);
            return value == null ? text : value;
        } catch (RuntimeException e) {
            return text; // a zero date, or text that is no UUID: the legacy database's own form
        }
    }
}
