package dev.cutover.legacy.internal;

import dev.cutover.mapping.ColumnType;
import dev.cutover.mapping.spi.Values;
import java.sql.Array;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.DateTimeException;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Binds and reads the values of the mapping types that a legacy column holds natively without any rule of its own:
 * smallint, real, double, char, bytea, time, enum labels and arrays ({@link LegacyColumn} keeps the others, which
 * have storages and zero-date rules). Stateless.
 */
final class TypedValues {
    private TypedValues() {
    }

    /** Whether this class binds and reads {@code type}. */
    static boolean handles(ColumnType type) {
        return switch (type) {
            case SMALLINT, REAL, DOUBLE, CHAR, BYTEA, TIME, ENUM, TEXT_ARRAY, INTEGER_ARRAY, BIGINT_ARRAY -> true;
            default -> false;
        };
    }

    static void bind(PreparedStatement statement, int position, ColumnType type, Object value, boolean postgres)
            throws SQLException {
        if (value == null) {
            statement.setNull(position, nullType(type, postgres));
            return;
        }
        switch (type) {
            case SMALLINT -> statement.setShort(position, (Short) value);
            case REAL -> statement.setFloat(position, (Float) value);
            case DOUBLE -> statement.setDouble(position, (Double) value);
            case CHAR -> statement.setString(position, (String) value);
            case BYTEA -> statement.setBytes(position, (byte[]) value);
            case TIME -> statement.setObject(position, (LocalTime) value);
            case ENUM -> {
                if (postgres) {
                    statement.setObject(position, value, Types.OTHER); // untyped: PostgreSQL takes it as the enum
                } else {
                    statement.setString(position, (String) value);
                }
            }
            case TEXT_ARRAY, INTEGER_ARRAY, BIGINT_ARRAY -> {
                List<?> items = (List<?>) value;
                String element = type == ColumnType.TEXT_ARRAY ? "text" : type == ColumnType.INTEGER_ARRAY ? "int4" : "int8";
                statement.setArray(position, statement.getConnection().createArrayOf(element, items.toArray()));
            }
            default -> throw new IllegalArgumentException(type + " is bound by LegacyColumn");
        }
    }

    static int nullType(ColumnType type, boolean postgres) {
        return switch (type) {
            case SMALLINT -> Types.SMALLINT;
            case REAL -> Types.REAL;
            case DOUBLE -> Types.DOUBLE;
            case CHAR -> Types.CHAR;
            case BYTEA -> Types.BINARY;
            case TIME -> Types.TIME;
            case ENUM -> postgres ? Types.OTHER : Types.VARCHAR;
            case TEXT_ARRAY, INTEGER_ARRAY, BIGINT_ARRAY -> Types.ARRAY;
            default -> Types.VARCHAR;
        };
    }

    /**
     * Reads a value of {@code type}; a value the type cannot hold fails through {@code failure} (a MariaDB {@code time}
     * beyond a day, a NUL in a {@code char}).
     */
    static Object read(ResultSet result, int position, ColumnType type, Converted.Failure failure) throws SQLException {
        return switch (type) {
            case SMALLINT -> {
                short value = result.getShort(position);
                yield result.wasNull() ? null : value;
            }
            case REAL -> {
                float value = result.getFloat(position);
                yield result.wasNull() ? null : value;
            }
            case DOUBLE -> {
                double value = result.getDouble(position);
                yield result.wasNull() ? null : value;
            }
            case CHAR -> {
                String text = result.getString(position);
                if (text != null && text.indexOf('\0') >= 0) {
                    throw failure.of("contains a NUL character (U+0000), which PostgreSQL text cannot store: value "
                            + "starts with '" + Values.shorten(text) + "'", null, "22021");
                }
                yield text == null ? null : Values.unpadded(text);
            }
            case BYTEA -> result.getBytes(position);
            case TIME -> {
                try {
                    yield result.getObject(position, LocalTime.class);
                } catch (DateTimeException | SQLException e) {
                    throw failure.of("holds '" + result.getString(position) + "', which is no time of day (PostgreSQL's "
                            + "time holds 00:00:00 to 24:00:00); correct the legacy row", e, "22008");
                }
            }
            case ENUM -> result.getString(position);
            case TEXT_ARRAY, INTEGER_ARRAY, BIGINT_ARRAY -> array(result.getArray(position), type);
            default -> throw new IllegalArgumentException(type + " is read by LegacyColumn");
        };
    }

    private static List<Object> array(Array array, ColumnType type) throws SQLException {
        if (array == null) {
            return null;
        }
        Object[] items = (Object[]) array.getArray();
        List<Object> values = new ArrayList<>(items.length);
        for (Object item : items) {
            values.add(item == null || type == ColumnType.TEXT_ARRAY ? item
                    : type == ColumnType.INTEGER_ARRAY ? (Object) ((Number) item).intValue()
                    : (Object) ((Number) item).longValue());
        }
        return Collections.unmodifiableList(values);
    }
}
