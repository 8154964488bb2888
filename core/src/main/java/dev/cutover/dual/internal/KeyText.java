package dev.cutover.dual.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import dev.cutover.mapping.Column;
import dev.cutover.mapping.EntityMapping;
import dev.cutover.mapping.internal.Values;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.UUID;

/**
 * Keys as outbox text: the key columns' canonical values as a compact JSON array, in key order, read back by
 * the columns' types. Equal keys give equal text. Thread-safe (stateless).
 */
final class KeyText {
    private KeyText() {
    }

    static <K> String encode(EntityMapping<?, K> mapping, K key) {
        Object[] values = mapping.keyValues(key);
        ArrayNode array = Values.json().createArrayNode();
        for (Object value : values) {
            if (value instanceof Long l) {
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
                array.add(value.toString()); // String, UUID, LocalDate, Instant: ISO text
            }
        }
        try {
            return Values.json().writeValueAsString(array);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Key " + key + " of " + mapping.table() + " cannot be written as JSON", e);
        }
    }

    static <K> K decode(EntityMapping<?, K> mapping, String text) {
        JsonNode array;
        try {
            array = Values.json().readTree(text);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("Outbox key '" + text + "' of " + mapping.table() + " is not JSON", e);
        }
        List<Column> columns = mapping.keyColumns();
        if (array == null || !array.isArray() || array.size() != columns.size()) {
            throw new IllegalArgumentException("Outbox key '" + text + "' of " + mapping.table() + " is not an array of "
                    + columns.size() + " key values");
        }
        Object[] values = new Object[columns.size()];
        for (int i = 0; i < values.length; i++) {
            JsonNode node = array.get(i);
            values[i] = switch (columns.get(i).type()) {
                case BIGINT -> node.longValue();
                case INTEGER -> node.intValue();
                case NUMERIC -> node.decimalValue();
                case BOOLEAN -> node.booleanValue();
                case TEXT -> node.textValue();
                case UUID -> UUID.fromString(node.textValue());
                case DATE -> LocalDate.parse(node.textValue());
                case TIMESTAMPTZ -> Instant.parse(node.textValue());
                case JSON, JSONB -> node;
            };
        }
        return mapping.key(values);
    }
}
