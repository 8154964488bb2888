package dev.cutover.mapping.spi;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.cfg.JsonNodeFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.cutover.mapping.Column;
import dev.cutover.mapping.ColumnType;
import dev.cutover.mapping.InvalidValueException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;

/**
 * Checks and converts values to their canonical Java type ({@link ColumnType#javaType()}) before they
 * reach a backend, so that a bad value fails with a message that names it, before anything is written.
 */
public final class Values {
    private static final JsonMapper JSON = JsonMapper.builder()
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            // jsonb keeps 2.50 as 2.50; stripping zeros would make equal documents differ after a round trip
            .configure(JsonNodeFeature.STRIP_TRAILING_BIGDECIMAL_ZEROES, false)
            .build();
    private static final int SHOWN_CHARS = 60;

    private Values() {
    }

    /** The shared JSON mapper: strict (trailing tokens fail), exact decimals. Thread-safe. */
    public static JsonMapper json() {
        return JSON;
    }

    /**
     * Converts {@code value} for {@code column}, or throws naming the table, column, key and the problem.
     *
     * @param where the table, and the key when known, for messages: {@code clients (key 42)}
     */
    public static Object canonical(String table, String where, Column column, Object value) {
        if (value == null) {
            if (!column.nullable()) {
                throw invalid(table, where, column, "is NULL, but the column is NOT NULL");
            }
            return null;
        }
        ColumnType type = column.type();
        Object converted = switch (type) {
            case TEXT, ENUM -> value instanceof String s ? s : null;
            case CHAR -> value instanceof String s ? unpadded(s) : null;
            case SMALLINT -> value instanceof Short || value instanceof Byte ? ((Number) value).shortValue() : null;
            case INTEGER -> integer(value);
            case BIGINT -> bigint(value);
            case NUMERIC -> numeric(value);
            case REAL -> value instanceof Float f ? f : null;
            case DOUBLE -> value instanceof Double || value instanceof Float ? ((Number) value).doubleValue() : null;
            case BOOLEAN -> value instanceof Boolean b ? b : null;
            case TIMESTAMPTZ -> instant(value);
            case TIMESTAMP -> value instanceof LocalDateTime t ? t : null;
            case DATE -> value instanceof java.time.LocalDate d ? d : null;
            case TIME -> value instanceof LocalTime t ? t : null;
            case UUID -> value instanceof java.util.UUID u ? u : null;
            case JSON, JSONB -> json(table, where, column, value);
            case BYTEA -> value instanceof byte[] b ? b : null;
            case TEXT_ARRAY, INTEGER_ARRAY, BIGINT_ARRAY -> array(table, where, column, value);
        };
        if (converted == null) {
            throw invalid(table, where, column, "has a " + value.getClass().getName() + " value; allowed: "
                    + type.javaType().getName() + allowedExtras(type));
        }
        if (converted instanceof String text) {
            int nul = text.indexOf('\0');
            if (nul >= 0) {
                throw invalid(table, where, column, "contains a NUL character (U+0000) at index " + nul
                        + ", which PostgreSQL text cannot store; remove or replace it before writing", "22021");
            }
        }
        boolean infinite = converted.equals(Instant.MAX) || converted.equals(Instant.MIN)
                || converted.equals(LocalDateTime.MAX) || converted.equals(LocalDateTime.MIN);
        int nanos = infinite ? 0 : converted instanceof Instant i ? i.getNano() : converted instanceof LocalDateTime t ? t.getNano()
                : converted instanceof LocalTime t ? t.getNano() : 0;
        if (nanos % 1_000 != 0) {
            throw invalid(table, where, column, "has nanosecond precision (" + converted
                    + "); PostgreSQL stores microseconds, so it would be silently rounded: truncate it with "
                    + "truncatedTo(ChronoUnit.MICROS)");
        }
        return converted;
    }

    /** A {@link ColumnType#CHAR} value as it reads back: without the trailing spaces that pad it. */
    public static String unpadded(String text) {
        int end = text.length();
        while (end > 0 && text.charAt(end - 1) == ' ') {
            end--;
        }
        return end == text.length() ? text : text.substring(0, end);
    }

    /** An array column's value as an unmodifiable list, each element checked against the element type. */
    private static List<Object> array(String table, String where, Column column, Object value) {
        List<?> items;
        if (value instanceof List<?> list) {
            items = list;
        } else if (value instanceof Object[] objects) {
            items = Arrays.asList(objects);
        } else {
            return null;
        }
        ColumnType element = column.type().elementType();
        List<Object> checked = new ArrayList<>(items.size());
        for (int i = 0; i < items.size(); i++) {
            Object item = items.get(i);
            Object canonical = item == null ? null : switch (element) {
                case TEXT -> item instanceof String s ? s : null;
                case INTEGER -> integer(item);
                default -> bigint(item);
            };
            if (item != null && canonical == null) {
                throw invalid(table, where, column, "has a " + item.getClass().getName() + " at index " + i
                        + "; allowed: " + element.javaType().getName() + allowedExtras(element));
            }
            if (canonical instanceof String text && text.indexOf('\0') >= 0) {
                throw invalid(table, where, column, "contains a NUL character (U+0000) at index " + i
                        + ", which PostgreSQL text cannot store; remove or replace it before writing");
            }
            checked.add(canonical);
        }
        return Collections.unmodifiableList(checked);
    }

    /** Parses JSON text strictly, or throws naming the column and showing the start of the value. */
    public static JsonNode parseJson(String table, String where, Column column, String text) {
        try {
            return JSON.readTree(text);
        } catch (JsonProcessingException e) {
            throw new InvalidValueException(table, column.name(), table + "." + column.name() + where
                    + " is not valid JSON: " + e.getOriginalMessage() + "; value starts with '" + shorten(text) + "'", e,
                    "22P02");
        }
    }

    /** JSON text for a value, compact. */
    public static String jsonText(JsonNode node) {
        try {
            return JSON.writeValueAsString(node);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("A JsonNode could not be written as JSON", e);
        }
    }

    private static Object json(String table, String where, Column column, Object value) {
        JsonNode node;
        if (value instanceof JsonNode n) {
            node = n;
        } else if (value instanceof String text) {
            node = parseJson(table, where, column, text);
        } else {
            return null;
        }
        if (node.isMissingNode()) {
            throw invalid(table, where, column, "is empty text, which is not JSON (use SQL NULL or 'null')");
        }
        if (column.type() == ColumnType.JSONB) {
            String path = findNul(node, "$");
            if (path != null) {
                throw invalid(table, where, column, "holds a NUL character (\\u0000) at " + path
                        + ", which PostgreSQL jsonb rejects; remove or replace it before writing", "22P05");
            }
        }
        return node;
    }

    private static String findNul(JsonNode node, String path) {
        if (node.isTextual()) {
            return node.textValue().indexOf('\0') >= 0 ? path : null;
        }
        if (node.isObject()) {
            for (Map.Entry<String, JsonNode> field : node.properties()) {
                if (field.getKey().indexOf('\0') >= 0) {
                    return path + " (a field name)";
                }
                String found = findNul(field.getValue(), path + "." + field.getKey());
                if (found != null) {
                    return found;
                }
            }
        } else if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                String found = findNul(node.get(i), path + "[" + i + "]");
                if (found != null) {
                    return found;
                }
            }
        }
        return null;
    }

    private static Integer integer(Object value) {
        if (value instanceof Integer i) {
            return i;
        }
        if (value instanceof Short || value instanceof Byte) {
            return ((Number) value).intValue();
        }
        return null;
    }

    private static Long bigint(Object value) {
        if (value instanceof Long l) {
            return l;
        }
        if (value instanceof Integer || value instanceof Short || value instanceof Byte) {
            return ((Number) value).longValue();
        }
        return null;
    }

    private static BigDecimal numeric(Object value) {
        if (value instanceof BigDecimal d) {
            return d;
        }
        if (value instanceof BigInteger i) {
            return new BigDecimal(i);
        }
        if (value instanceof Long || value instanceof Integer || value instanceof Short || value instanceof Byte) {
            return BigDecimal.valueOf(((Number) value).longValue());
        }
        return null; // double and float are refused: binary fractions are not money
    }

    private static Instant instant(Object value) {
        if (value instanceof Instant i) {
            return i;
        }
        if (value instanceof OffsetDateTime o) {
            return o.toInstant();
        }
        if (value instanceof ZonedDateTime z) {
            return z.toInstant();
        }
        return null;
    }

    private static String allowedExtras(ColumnType type) {
        return switch (type) {
            case SMALLINT -> " (or Byte)";
            case INTEGER -> " (or Short, Byte)";
            case DOUBLE -> " (or Float)";
            case TEXT_ARRAY -> " of String (or a String[])";
            case INTEGER_ARRAY -> " of Integer (or an Integer[])";
            case BIGINT_ARRAY -> " of Long (or a Long[])";
            case BIGINT -> " (or Integer, Short, Byte)";
            case NUMERIC -> " (or BigInteger, Long, Integer; never double or float)";
            case TIMESTAMPTZ -> " (or OffsetDateTime, ZonedDateTime)";
            case JSON, JSONB -> " (or a String holding JSON)";
            default -> "";
        };
    }

    private static InvalidValueException invalid(String table, String where, Column column, String problem) {
        return invalid(table, where, column, problem, null);
    }

    private static InvalidValueException invalid(String table, String where, Column column, String problem,
            String sqlState) {
        return new InvalidValueException(table, column.name(), table + "." + column.name() + where + " " + problem, null,
                sqlState);
    }

    /** The start of a value for messages: never a whole (possibly huge or sensitive) value. */
    public static String shorten(String text) {
        String visible = text.replace("\0", "\\0");
        return visible.length() <= SHOWN_CHARS ? visible : visible.substring(0, SHOWN_CHARS) + "...";
    }
}
