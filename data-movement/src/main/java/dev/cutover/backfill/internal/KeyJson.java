package dev.cutover.backfill.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.cutover.mapping.Column;
import dev.cutover.mapping.internal.Values;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.UUID;

/**
 * Key values as a JSON array, as stored in the chunk and quarantine tables: numbers as numbers, everything
 * else as its ISO or canonical text. Exact both ways. Thread-safe (stateless).
 */
final class KeyJson {
    private KeyJson() {
    }

    static String encode(Object[] key) {
        ArrayNode array = JsonNodeFactory.instance.arrayNode(key.length);
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
            } else {
                array.add(value.toString()); // String, Instant, LocalDate, UUID: ISO or canonical text
            }
        }
        return Values.jsonText(array);
    }

    static Object[] decode(String json, List<Column> keyColumns) {
        if (json == null) {
            return null;
        }
        JsonNode array;
        try {
            array = Values.json().readTree(json);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("A key in Cutover's backfill tables is not JSON: " + Values.shorten(json), e);
        }
        if (!array.isArray() || array.size() != keyColumns.size()) {
            throw new IllegalStateException("Key " + json + " in Cutover's backfill tables does not have the "
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
                case JSON, JSONB -> throw new IllegalStateException("JSON key column " + keyColumns.get(i).name());
            };
        }
        return key;
    }
}
