package dev.cutover.legacy.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.cutover.legacy.LegacyStorage;
import dev.cutover.mapping.Column;
import dev.cutover.mapping.InvalidValueException;
import dev.cutover.mapping.internal.Values;
import java.math.BigDecimal;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.UUID;
import java.util.function.Supplier;

/**
 * One mapping column bound to its legacy column: converts canonical values to the legacy storage when
 * binding and back when reading, explicitly (time zones, 0/1 booleans, JSON text), so that nothing is left
 * to the driver's or the session's defaults. Immutable and thread-safe.
 */
final class LegacyColumn {
    private final String legacyTable;
    private final Column column;
    private final String legacyName;
    private final String quotedName;
    private final LegacyStorage storage;
    private final String parameter;

    LegacyColumn(String legacyTable, Column column, String legacyName, String quotedName, LegacyStorage storage,
            String parameter) {
        this.legacyTable = legacyTable;
        this.column = column;
        this.legacyName = legacyName;
        this.quotedName = quotedName;
        this.storage = storage;
        this.parameter = parameter;
    }

    Column column() {
        return column;
    }

    String legacyName() {
        return legacyName;
    }

    String quotedName() {
        return quotedName;
    }

    /** The parameter expression for this column's values, from the dialect. */
    String parameter() {
        return parameter;
    }

    /** Binds a canonical value (as {@code EntityMapping.values} gives it) in this column's legacy storage. */
    void bind(PreparedStatement statement, int position, Object value) throws SQLException {
        if (value == null) {
            statement.setNull(position, nullType());
            return;
        }
        switch (column.type()) {
            case TEXT -> statement.setString(position, (String) value);
            case INTEGER -> statement.setInt(position, (Integer) value);
            case BIGINT -> statement.setLong(position, (Long) value);
            case NUMERIC -> statement.setBigDecimal(position, (BigDecimal) value);
            case BOOLEAN -> {
                if (storage == LegacyStorage.SMALLINT_BOOLEAN) {
                    statement.setInt(position, (Boolean) value ? 1 : 0);
                } else {
                    statement.setBoolean(position, (Boolean) value);
                }
            }
            case TIMESTAMPTZ -> {
                Instant instant = (Instant) value;
                if (storage == LegacyStorage.TIMESTAMP_UTC) {
                    statement.setObject(position, LocalDateTime.ofInstant(instant, ZoneOffset.UTC));
                } else {
                    statement.setObject(position, OffsetDateTime.ofInstant(instant, ZoneOffset.UTC));
                }
            }
            case DATE -> statement.setObject(position, (LocalDate) value);
            case UUID -> statement.setString(position, value.toString());
            case JSON, JSONB -> statement.setString(position, Values.jsonText((JsonNode) value));
        }
    }

    private int nullType() {
        return switch (column.type()) {
            case TEXT, UUID, JSON, JSONB -> Types.VARCHAR;
            case INTEGER -> Types.INTEGER;
            case BIGINT -> Types.BIGINT;
            case NUMERIC -> Types.NUMERIC;
            case BOOLEAN -> storage == LegacyStorage.SMALLINT_BOOLEAN ? Types.INTEGER : Types.BOOLEAN;
            case TIMESTAMPTZ -> storage == LegacyStorage.TIMESTAMP_UTC ? Types.TIMESTAMP : Types.TIMESTAMP_WITH_TIMEZONE;
            case DATE -> Types.DATE;
        };
    }

    /**
     * Reads this column from a result set as its canonical Java type.
     *
     * @param key describes the row's key for messages, as {@code 42} or {@code (firm_id=1, visit_nr=2)}
     * @throws InvalidValueException naming the legacy table, column, key and value if the stored value does
     *     not fit the storage
     */
    Object read(ResultSet result, int position, Supplier<String> key) throws SQLException {
        return switch (column.type()) {
            case TEXT -> result.getString(position);
            case INTEGER -> {
                int value = result.getInt(position);
                yield result.wasNull() ? null : value;
            }
            case BIGINT -> {
                long value = result.getLong(position);
                yield result.wasNull() ? null : value;
            }
            case NUMERIC -> result.getBigDecimal(position);
            case BOOLEAN -> storage == LegacyStorage.SMALLINT_BOOLEAN ? smallintBoolean(result, position, key)
                    : nativeBoolean(result, position);
            case TIMESTAMPTZ -> {
                if (storage == LegacyStorage.TIMESTAMP_UTC) {
                    LocalDateTime utc = result.getObject(position, LocalDateTime.class);
                    yield utc == null ? null : utc.toInstant(ZoneOffset.UTC);
                }
                OffsetDateTime instant = result.getObject(position, OffsetDateTime.class);
                yield instant == null ? null : instant.toInstant();
            }
            case DATE -> result.getObject(position, LocalDate.class);
            case UUID -> {
                Object value = result.getObject(position);
                yield value == null || value instanceof UUID ? value : uuid(value.toString(), key);
            }
            case JSON, JSONB -> {
                String text = result.getString(position);
                yield text == null ? null : json(text, key);
            }
        };
    }

    private Boolean smallintBoolean(ResultSet result, int position, Supplier<String> key) throws SQLException {
        int value = result.getInt(position);
        if (result.wasNull()) {
            return null;
        }
        if (value == 0 || value == 1) {
            return value == 1;
        }
        throw invalid(key, "holds " + value + ", but a " + storage + " column holds only 0 (false) or 1 (true)", null);
    }

    private static Boolean nativeBoolean(ResultSet result, int position) throws SQLException {
        boolean value = result.getBoolean(position);
        return result.wasNull() ? null : value;
    }

    private UUID uuid(String text, Supplier<String> key) {
        try {
            return UUID.fromString(text);
        } catch (IllegalArgumentException e) {
            throw invalid(key, "is not a UUID: value starts with '" + Values.shorten(text) + "'", e);
        }
    }

    private JsonNode json(String text, Supplier<String> key) {
        JsonNode node;
        try {
            node = Values.json().readTree(text);
        } catch (JsonProcessingException e) {
            throw invalid(key, "is not valid JSON: " + e.getOriginalMessage() + "; value starts with '"
                    + Values.shorten(text) + "'", e);
        }
        if (node.isMissingNode()) {
            throw invalid(key, "is empty text, which is not JSON: value is '" + Values.shorten(text) + "'", null);
        }
        return node;
    }

    private InvalidValueException invalid(Supplier<String> key, String problem, Throwable cause) {
        String message = "Legacy " + legacyTable + "." + legacyName + " (key " + key.get() + ") " + problem;
        return cause == null ? new InvalidValueException(legacyTable, legacyName, message)
                : new InvalidValueException(legacyTable, legacyName, message, cause);
    }

    /** {@code full_name (mapping column name, TEXT)} or {@code is_vip (BOOLEAN stored as SMALLINT_BOOLEAN)}. */
    String describe() {
        return describe(column, legacyName, storage);
    }

    static String describe(Column column, String legacyName, LegacyStorage storage) {
        return legacyName + " (" + (legacyName.equals(column.name()) ? "" : "mapping column " + column.name() + ", ")
                + column.type() + (storage == LegacyStorage.NATIVE ? "" : " stored as " + storage) + ")";
    }

    @Override
    public String toString() {
        return describe();
    }
}
