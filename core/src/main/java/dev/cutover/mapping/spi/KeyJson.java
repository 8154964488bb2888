package dev.cutover.mapping.spi;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import dev.cutover.mapping.Column;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.UUID;

/**
 * Key values as compact JSON array text, in key order: numbers and booleans as JSON numbers and booleans, JSON
 * values as themselves, everything else as its ISO or canonical text; read back by the key columns' types.
 * Equal keys give equal text, exact both ways. The one encoding of keys that Cutover persists (outbox rows, backfill
 * chunk bounds and quarantine rows), so the format must not change. Thread-safe (stateless).
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
            } else if (value instanceof Boolean b) {
                array.add(b);
            } else if (value instanceof JsonNode node) {
                array.add(node);
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
            key[i] = switch (keyColumns.get(i).type()) {
                case TEXT -> node.textValue();
                case INTEGER -> node.intValue();
                case BIGINT -> node.longValue();
                case NUMERIC -> node.decimalValue();
                case BOOLEAN -> node.booleanValue();
                case TIMESTAMPTZ -> Instant.parse(node.textValue());
                case DATE -> LocalDate.parse(node.textValue());
                case UUID -> UUID.fromString(node.textValue());
                case JSON, JSONB -> node;
            };
        }
        return key;
    }
}
