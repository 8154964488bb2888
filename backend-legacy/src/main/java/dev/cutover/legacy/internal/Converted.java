package dev.cutover.legacy.internal;

import dev.cutover.legacy.Conversion;
import dev.cutover.mapping.ColumnType;
import dev.cutover.mapping.spi.Values;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * Reads and binds the values of one legacy column declared with a {@link Conversion}: the legacy storage on one side,
 * the mapping's canonical Java type on the other, each value checked. Immutable and thread-safe.
 */
final class Converted {
    private static final Pattern UUID_TEXT = Pattern.compile(
            "\\s*[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}\\s*");
    private static final BigInteger MIN_LONG = BigInteger.valueOf(Long.MIN_VALUE);
    private static final BigInteger MAX_LONG = BigInteger.valueOf(Long.MAX_VALUE);
    private static final BigInteger MIN_INT = BigInteger.valueOf(Integer.MIN_VALUE);
    private static final BigInteger MAX_INT = BigInteger.valueOf(Integer.MAX_VALUE);
    private static final BigInteger MIN_SHORT = BigInteger.valueOf(Short.MIN_VALUE);
    private static final BigInteger MAX_SHORT = BigInteger.valueOf(Short.MAX_VALUE);

    /** Makes the failure of one value, naming table, column and key: {@code problem} says what is wrong with it. */
    interface Failure {
        /** @param sqlState what PostgreSQL raises for such a value ({@code 22003}), or {@code null} */
        RuntimeException of(String problem, Throwable cause, String sqlState);

        default RuntimeException of(String problem, Throwable cause) {
            return of(problem, cause, null);
        }
    }

    private final Conversion conversion;
    private final ColumnType type;
    private final String legacyType;
    private final boolean postgres;

    Converted(Conversion conversion, ColumnType type, String legacyType, boolean postgres) {
        this.conversion = conversion;
        this.type = type;
        this.legacyType = legacyType;
        this.postgres = postgres;
    }

    Conversion conversion() {
        return conversion;
    }

    Object read(ResultSet result, int position, Failure failure, DateTimeReader dateTime) throws SQLException {
        return switch (conversion.kind()) {
            case UUID_TEXT -> {
                String text = result.getString(position);
                if (text == null) {
                    yield null;
                }
                if (!UUID_TEXT.matcher(text).matches()) {
                    throw failure.of("is not a UUID in 8-4-4-4-12 hex digits: value starts with '" + Values.shorten(text)
                            + "'", null, "22P02");
                }
                yield UUID.fromString(text.strip());
            }
            case UUID_BINARY -> {
                byte[] bytes = result.getBytes(position);
                if (bytes == null) {
                    yield null;
                }
                if (bytes.length != 16) {
                    throw failure.of("holds " + bytes.length + " bytes, but a UUID is 16", null, "22P02");
                }
                ByteBuffer buffer = ByteBuffer.wrap(bytes);
                yield new UUID(buffer.getLong(), buffer.getLong());
            }
            case CHECKED_INTEGER -> integer(result.getBigDecimal(position), failure);
            case NONZERO_IS_TRUE -> {
                Object value = result.getObject(position);
                if (value == null) {
                    yield null;
                }
                if (value instanceof Boolean flag) {
                    yield flag;
                }
                if (value instanceof byte[] bits) {
                    yield anyNonZero(bits);
                }
                if (value instanceof Number number) {
                    yield new BigDecimal(number.toString()).signum() != 0;
                }
                yield !value.toString().matches("0*");
            }
            case TEXT_FLAG -> {
                String text = result.getString(position);
                if (text == null) {
                    yield null;
                }
                String trimmed = text.stripTrailing();
                List<String> texts = conversion.flagTexts();
                if (trimmed.equals(texts.get(0)) || trimmed.equals(texts.get(1))) {
                    yield trimmed.equals(texts.get(0));
                }
                throw failure.of("holds '" + Values.shorten(text) + "', but the flag is declared as '" + texts.get(0)
                        + "' (true) or '" + texts.get(1) + "' (false)", null, "22P02");
            }
            case ENUM_TEXT -> result.getString(position);
            case SET_ARRAY -> {
                String text = result.getString(position);
                yield text == null ? null : text.isEmpty() ? List.of() : List.of(text.split(",", -1));
            }
            case YEAR -> {
                String text = result.getString(position);
                if (text == null) {
                    yield null;
                }
                int year = Integer.parseInt(text.length() > 4 ? text.substring(0, 4) : text);
                if (year == 0) {
                    throw failure.of("holds the zero year 0000, which is no year; correct the legacy row", null, "22008");
                }
                yield type == ColumnType.BIGINT ? (Object) (long) year
                        : type == ColumnType.SMALLINT ? (Object) (short) year : (Object) year;
            }
            case NAIVE_AT_ZONE -> {
                LocalDateTime local = dateTime.read();
                if (local == null) {
                    yield null;
                }
                ZoneId zone = conversion.zone();
                if (zone.getRules().getValidOffsets(local).isEmpty()) {
                    throw failure.of("holds " + local + ", a time that does not exist in " + zone.getId()
                            + " (skipped by a daylight-saving change), so it names no instant; correct the legacy row",
                            null);
                }
                yield ZonedDateTime.ofLocal(local, zone, null).toInstant();
            }
            case DECIMAL -> decimal(result, position, failure);
        };
    }

    private Object integer(BigDecimal value, Failure failure) {
        if (value == null) {
            return null;
        }
        BigInteger whole;
        try {
            whole = value.toBigIntegerExact();
        } catch (ArithmeticException e) {
            throw failure.of("holds " + value.toPlainString() + ", which is not a whole number, so " + type
                    + " cannot hold it; it is never rounded: correct the legacy row", e, "22P02");
        }
        boolean isInt = type == ColumnType.INTEGER;
        boolean isShort = type == ColumnType.SMALLINT;
        BigInteger min = isShort ? MIN_SHORT : isInt ? MIN_INT : MIN_LONG;
        BigInteger max = isShort ? MAX_SHORT : isInt ? MAX_INT : MAX_LONG;
        if (whole.compareTo(min) < 0 || whole.compareTo(max) > 0) {
            throw failure.of("holds " + whole + ", which is outside " + type + "'s range (" + min + " to " + max
                    + "); it is never wrapped: correct the legacy row, or widen the target column and its mapping", null,
                    "22003");
        }
        return isShort ? (Object) whole.shortValue() : isInt ? (Object) whole.intValue() : (Object) whole.longValue();
    }

    private Object decimal(ResultSet result, int position, Failure failure) throws SQLException {
        BigDecimal value;
        if (legacyType.equals("double") || legacyType.equals("double precision") || legacyType.equals("float")
                || legacyType.equals("real")) {
            double number = legacyType.equals("double") || legacyType.equals("double precision")
                    ? result.getDouble(position) : result.getFloat(position);
            if (result.wasNull()) {
                return null;
            }
            if (Double.isNaN(number) || Double.isInfinite(number)) {
                throw failure.of("holds " + number + ", which is no decimal number; correct the legacy row", null, "22P02");
            }
            value = new BigDecimal(legacyType.equals("float") || legacyType.equals("real")
                    ? Float.toString((float) number) : Double.toString(number));
        } else {
            value = result.getBigDecimal(position);
            if (value == null) {
                return null;
            }
        }
        int scale = conversion.scale();
        if (value.signum() != 0 && value.stripTrailingZeros().scale() > scale) {
            if (conversion.onRounding() == Conversion.OnRounding.REPORT) {
                return value; // the target rounds it; verify reports the row
            }
            throw failure.of("holds " + value.toPlainString() + ", which has more than the declared " + scale
                    + " fractional digits, so the target would round it to "
                    + value.setScale(scale, java.math.RoundingMode.HALF_UP).toPlainString() + "; it is never rounded "
                    + "silently: correct the legacy row, or declare Conversion.decimal(" + scale
                    + ", Conversion.OnRounding.REPORT) to copy it rounded and have verify list it", null);
        }
        return value.setScale(Math.max(scale, 0), java.math.RoundingMode.UNNECESSARY);
    }

    private static boolean anyNonZero(byte[] bits) {
        for (byte b : bits) {
            if (b != 0) {
                return true;
            }
        }
        return false;
    }

    void bind(PreparedStatement statement, int position, Object value) throws SQLException {
        if (value == null) {
            statement.setNull(position, nullType());
            return;
        }
        switch (conversion.kind()) {
            case UUID_TEXT -> statement.setString(position, value.toString());
            case UUID_BINARY -> {
                UUID uuid = (UUID) value;
                statement.setBytes(position, ByteBuffer.allocate(16).putLong(uuid.getMostSignificantBits())
                        .putLong(uuid.getLeastSignificantBits()).array());
            }
            case CHECKED_INTEGER, YEAR -> statement.setLong(position, ((Number) value).longValue());
            case NONZERO_IS_TRUE -> statement.setInt(position, (Boolean) value ? 1 : 0);
            case TEXT_FLAG -> statement.setString(position, conversion.flagTexts().get((Boolean) value ? 0 : 1));
            case ENUM_TEXT -> {
                if (postgres) {
                    statement.setObject(position, value, Types.OTHER); // untyped: PostgreSQL takes it as the enum
                } else {
                    statement.setString(position, (String) value);
                }
            }
            case SET_ARRAY -> statement.setString(position, String.join(",", ((List<?>) value).stream()
                    .map(String::valueOf).toList()));
            case NAIVE_AT_ZONE -> statement.setObject(position,
                    LocalDateTime.ofInstant((Instant) value, conversion.zone()));
            case DECIMAL -> statement.setBigDecimal(position, (BigDecimal) value);
        }
    }

    private int nullType() {
        return switch (conversion.kind()) {
            case UUID_TEXT, TEXT_FLAG, SET_ARRAY -> Types.VARCHAR;
            case ENUM_TEXT -> postgres ? Types.OTHER : Types.VARCHAR;
            case UUID_BINARY -> Types.BINARY;
            case CHECKED_INTEGER, YEAR -> Types.BIGINT;
            case NONZERO_IS_TRUE -> Types.INTEGER;
            case NAIVE_AT_ZONE -> Types.TIMESTAMP;
            case DECIMAL -> Types.NUMERIC;
        };
    }

    /** Reads the value as a date-time with the column's zero-date rule ({@link LegacyColumn}'s). */
    @FunctionalInterface
    interface DateTimeReader {
        LocalDateTime read() throws SQLException;
    }
}
