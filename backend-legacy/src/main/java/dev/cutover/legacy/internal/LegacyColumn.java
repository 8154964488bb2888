package dev.cutover.legacy.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.cutover.legacy.Conversion;
import dev.cutover.legacy.LegacyDialect;
import dev.cutover.legacy.LegacyDialect.CatalogColumn;
import dev.cutover.legacy.LegacyStorage;
import dev.cutover.legacy.LegacyTable;
import dev.cutover.mapping.Column;
import dev.cutover.mapping.ColumnType;
import dev.cutover.mapping.InvalidValueException;
import dev.cutover.mapping.spi.Values;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.UUID;
import java.util.function.Supplier;
import java.util.regex.Pattern;

/**
 * One mapping column bound to its legacy column: converts canonical values to the legacy storage when
 * binding and back when reading, explicitly (time zones, 0/1 booleans, JSON text), so that nothing is left
 * to the driver's or the session's defaults. A legacy value the target cannot hold (a zero date, a NUL
 * character, an unsigned number beyond the Java type) fails the read naming table, column and key, unless the
 * binding declares a rule for it. Immutable and thread-safe.
 */
final class LegacyColumn {
    private static final Pattern ZERO_DATE = Pattern.compile("0000-00-00( 00:00:00(\\.0+)?)?");
    private static final BigDecimal MAX_LONG = BigDecimal.valueOf(Long.MAX_VALUE);
    private static final Pattern NUMBERS = Pattern.compile(
            "(tiny|small|medium|big)?int(eger)?( unsigned)?|decimal|numeric");

    private final String legacyTable;
    private final Column column;
    private final String legacyName;
    private final String quotedName;
    private final LegacyStorage storage;
    private final String parameter;
    private final String legacyType;
    private final int fractionalDigits;
    private final boolean utcWallClock;
    private final boolean integerBoolean;
    private final boolean unsigned;
    private final boolean zeroDateAsNull;
    private final String nulReplacement;
    /** The declared conversion's reader and binder, or {@code null} if none is declared. */
    private final Converted converted;
    private final String keyExpression;
    private final boolean postgres;

    /**
     * The column of {@code column} as the binding {@code table} and the catalog describe it, built alike for every
     * reader and writer of the table so that a row reads the same through each.
     */
    static LegacyColumn of(LegacyDialect dialect, LegacyTable table, Column column, CatalogColumn catalog) {
        String legacyName = table.legacyName(column.name());
        LegacyStorage storage = table.storage(column.name());
        Conversion conversion = table.conversion(column.name()).orElse(null);
        String parameter = conversion == null ? dialect.parameter(catalog.type(), column.type(), storage)
                : dialect.convertedParameter(catalog.type(), conversion.kind());
        Converted converted = conversion == null ? null : new Converted(conversion, column.type(), catalog.type(),
                dialect instanceof PostgresLegacyDialect);
        return new LegacyColumn(table.displayName(), column, legacyName, dialect.quote(legacyName), storage, parameter,
                catalog.type(), catalog.fractionalDigits(), dialect.instantsAsUtcWallClock(catalog.type(), storage),
                table.zeroDatesAsNull().contains(column.name()), table.nulReplacements().get(column.name()), converted,
                dialect instanceof PostgresLegacyDialect);
    }

    /**
     * @param legacyType the column's catalog type ({@code LegacyDialect.CatalogColumn#type()})
     * @param fractionalDigits the digits of a second the legacy column keeps, or -1 if unknown
     * @param utcWallClock whether instants are exchanged as UTC {@link LocalDateTime}s
     * @param nulReplacement what replaces a NUL character read from a TEXT column, or {@code null} to fail
     */
    LegacyColumn(String legacyTable, Column column, String legacyName, String quotedName, LegacyStorage storage,
            String parameter, String legacyType, int fractionalDigits, boolean utcWallClock, boolean zeroDateAsNull,
            String nulReplacement, Converted converted, boolean postgres) {
        this.postgres = postgres;
        this.legacyTable = legacyTable;
        this.column = column;
        this.legacyName = legacyName;
        this.quotedName = quotedName;
        this.storage = storage;
        this.parameter = parameter;
        this.legacyType = legacyType;
        this.fractionalDigits = fractionalDigits;
        this.utcWallClock = utcWallClock;
        this.integerBoolean = storage == LegacyStorage.SMALLINT_BOOLEAN || !"boolean".equals(legacyType);
        this.unsigned = legacyType.endsWith(" unsigned");
        this.zeroDateAsNull = zeroDateAsNull;
        this.nulReplacement = nulReplacement;
        this.converted = converted;
        this.keyExpression = converted != null && converted.conversion().kind() == Conversion.Kind.UUID_TEXT
                && quotedName.startsWith("\"") ? "lower(" + quotedName + ") COLLATE \"C\"" : quotedName;
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

    /**
     * The column as key conditions and key order use it: the column itself, or, for a UUID kept as text on
     * PostgreSQL, its lower-case text in byte order, so that {@code A0EE...} is found by its canonical key and keys
     * sort as UUIDs do (MariaDB's default collations already compare such text without case).
     */
    String keyExpression() {
        return keyExpression;
    }

    /** The parameter expression for this column's values, from the dialect. */
    String parameter() {
        return parameter;
    }

    /** Binds a canonical value (as {@code EntityMapping.values} gives it) in this column's legacy storage. */
    void bind(PreparedStatement statement, int position, Object value) throws SQLException {
        if (value instanceof BigInteger number) { // a key beyond the mapping's type, as the legacy database holds it
            statement.setBigDecimal(position, new BigDecimal(number));
            return;
        }
        if (value instanceof String text && column.type().javaType() != String.class) { // likewise: a zero date, a bad uuid
            statement.setString(position, text);
            return;
        }
        if (converted != null) {
            converted.bind(statement, position, value);
            return;
        }
        if (TypedValues.handles(column.type())) {
            TypedValues.bind(statement, position, column.type(), value, postgres);
            return;
        }
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
                if (integerBoolean) {
                    statement.setInt(position, (Boolean) value ? 1 : 0);
                } else {
                    statement.setBoolean(position, (Boolean) value);
                }
            }
            case TIMESTAMPTZ -> {
                Instant instant = (Instant) value;
                boolean infinite = instant.equals(Instant.MAX) || instant.equals(Instant.MIN);
                if (utcWallClock) {
                    statement.setObject(position, infinite ? (instant.equals(Instant.MAX) ? LocalDateTime.MAX
                            : LocalDateTime.MIN) : LocalDateTime.ofInstant(instant, ZoneOffset.UTC));
                } else {
                    statement.setObject(position, infinite ? (instant.equals(Instant.MAX) ? OffsetDateTime.MAX
                            : OffsetDateTime.MIN) : OffsetDateTime.ofInstant(instant, ZoneOffset.UTC));
                }
            }
            case TIMESTAMP -> statement.setObject(position, (LocalDateTime) value);
            case DATE -> statement.setObject(position, (LocalDate) value);
            case UUID -> statement.setString(position, value.toString());
            case JSON, JSONB -> statement.setString(position, Values.jsonText((JsonNode) value));
            default -> throw new IllegalStateException(column.type() + " is bound by TypedValues");
        }
    }

    private int nullType() {
        return switch (column.type()) {
            case TEXT, UUID, JSON, JSONB -> Types.VARCHAR;
            case INTEGER -> Types.INTEGER;
            case BIGINT -> Types.BIGINT;
            case NUMERIC -> Types.NUMERIC;
            case BOOLEAN -> integerBoolean ? Types.INTEGER : Types.BOOLEAN;
            case TIMESTAMPTZ -> utcWallClock ? Types.TIMESTAMP : Types.TIMESTAMP_WITH_TIMEZONE;
            case TIMESTAMP -> Types.TIMESTAMP;
            case DATE -> Types.DATE;
            default -> TypedValues.nullType(column.type(), postgres);
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
        if (converted != null) {
            return converted.read(result, position, (problem, cause, state) -> invalid(key, problem, cause, state),
                    () -> temporal(result, position, LocalDateTime.class, key));
        }
        if (TypedValues.handles(column.type())) {
            return TypedValues.read(result, position, column.type(), (problem, cause, state) -> invalid(key, problem, cause, state));
        }
        return switch (column.type()) {
            case TEXT -> text(result.getString(position), key);
            case INTEGER -> {
                if (unsigned) {
                    long value = result.getLong(position); // int unsigned goes up to 4294967295
                    if (result.wasNull()) {
                        yield null;
                    }
                    if (value > Integer.MAX_VALUE) {
                        throw invalid(key, "holds " + value + ", which does not fit INTEGER (at most "
                                + Integer.MAX_VALUE + "); it is never wrapped", null, "22003");
                    }
                    yield (int) value;
                }
                int value = result.getInt(position);
                yield result.wasNull() ? null : value;
            }
            case BIGINT -> {
                if (unsigned) {
                    BigDecimal value = result.getBigDecimal(position); // bigint unsigned goes up to 2^64 - 1
                    if (value == null) {
                        yield null;
                    }
                    if (value.compareTo(MAX_LONG) > 0) {
                        throw invalid(key, "holds " + value.toPlainString() + ", which does not fit BIGINT (at most "
                                + Long.MAX_VALUE + "); it is never wrapped", null, "22003");
                    }
                    yield value.longValueExact();
                }
                long value = result.getLong(position);
                yield result.wasNull() ? null : value;
            }
            case NUMERIC -> result.getBigDecimal(position);
            case BOOLEAN -> integerBoolean ? integerBoolean(result, position, key) : nativeBoolean(result, position);
            case TIMESTAMPTZ -> {
                // PgJDBC reads infinity and -infinity as the MAX and MIN of the java.time types: Instant's MAX and MIN.
                if (utcWallClock) {
                    LocalDateTime utc = temporal(result, position, LocalDateTime.class, key);
                    yield utc == null ? null : utc.equals(LocalDateTime.MAX) ? Instant.MAX
                            : utc.equals(LocalDateTime.MIN) ? Instant.MIN : utc.toInstant(ZoneOffset.UTC);
                }
                OffsetDateTime instant = result.getObject(position, OffsetDateTime.class);
                yield instant == null ? null : instant.equals(OffsetDateTime.MAX) ? Instant.MAX
                        : instant.equals(OffsetDateTime.MIN) ? Instant.MIN : instant.toInstant();
            }
            case TIMESTAMP -> temporal(result, position, LocalDateTime.class, key);
            case DATE -> temporal(result, position, LocalDate.class, key);
            case UUID -> {
                Object value = result.getObject(position);
                yield value == null || value instanceof UUID ? value : uuid(value.toString(), key);
            }
            case JSON, JSONB -> {
                String text = result.getString(position);
                yield text == null ? null : json(text, key);
            }
            default -> throw new IllegalStateException(column.type() + " is read by TypedValues");
        };
    }

    private String text(String value, Supplier<String> key) {
        if (value == null) {
            return null;
        }
        int nul = value.indexOf('\0');
        if (nul < 0) {
            return value;
        }
        if (nulReplacement != null) {
            return value.replace("\0", nulReplacement);
        }
        throw invalid(key, "contains a NUL character (U+0000) at index " + nul + ", which PostgreSQL text cannot "
                + "store: value starts with '" + Values.shorten(value) + "'; remove it from the legacy row, or declare "
                + "LegacyTable.stripNul(\"" + column.name() + "\") or replaceNul(\"" + column.name() + "\", ...) to "
                + "clean it when read", null, "22021");
    }

    /**
     * A date or date-time, or a failure naming the stored text where the driver cannot give one: MariaDB's zero
     * dates read as NULL through the driver, and a zero month or day ({@code 2024-00-15}) throws without context.
     */
    private <T> T temporal(ResultSet result, int position, Class<T> type, Supplier<String> key) throws SQLException {
        T value;
        try {
            value = result.getObject(position, type);
        } catch (DateTimeException e) {
            throw invalid(key, "holds '" + result.getString(position) + "', which is not a valid date (a zero month "
                    + "or day); correct the legacy row", e, "22008");
        }
        if (value != null) {
            return value;
        }
        String text = result.getString(position);
        if (text == null) {
            return null;
        }
        if (ZERO_DATE.matcher(text).matches()) {
            if (zeroDateAsNull) {
                return null;
            }
            throw invalid(key, "holds the zero date '" + text + "', which no PostgreSQL "
                    + (type == LocalDate.class ? "date" : "timestamp") + " can hold; if it means \"no value\", declare "
                    + "LegacyTable.zeroDateAsNull(\"" + column.name() + "\") on a nullable mapping column, else correct "
                    + "the legacy row", null, "22008");
        }
        throw invalid(key, "holds '" + text + "', which the driver does not read as a " + type.getSimpleName(), null,
                "22007");
    }

    /**
     * The value as the legacy database shows it, for a key the mapping's type cannot hold: a number as a
     * {@link BigInteger} (or {@link BigDecimal} with a fraction), anything else as its text. Such keys still sort and
     * bound key ranges in the legacy database's own order.
     */
    Object readRaw(ResultSet result, int position) throws SQLException {
        if (NUMBERS.matcher(legacyType).matches()) {
            BigDecimal number = result.getBigDecimal(position);
            if (number == null) {
                return null;
            }
            BigDecimal stripped = number.stripTrailingZeros();
            return stripped.scale() <= 0 ? stripped.toBigIntegerExact() : number;
        }
        return result.getString(position);
    }

    /**
     * Checks, before anything is written, that the legacy column keeps the value as given: a date-time column
     * with fewer fractional digits than the instant has would round or truncate it silently.
     */
    void checkWritable(Object value, Supplier<String> key) {
        if (value instanceof Instant instant && fractionalDigits >= 0 && fractionalDigits < 9) {
            long unit = (long) Math.pow(10, 9 - fractionalDigits);
            if (instant.getNano() % unit != 0) {
                throw invalid(key, "cannot keep " + instant + ": the legacy column keeps " + fractionalDigits
                        + " fractional digits of a second (" + legacyType + "(" + fractionalDigits + ")) and would "
                        + "drop the rest silently; truncate the value first or widen the column", null);
            }
        }
    }

    private Boolean integerBoolean(ResultSet result, int position, Supplier<String> key) throws SQLException {
        long value = result.getLong(position);
        if (result.wasNull()) {
            return null;
        }
        if (value == 0 || value == 1) {
            return value == 1;
        }
        String kind = storage == LegacyStorage.SMALLINT_BOOLEAN ? "a " + storage + " column"
                : "a BOOLEAN column of type " + legacyType;
        throw invalid(key, "holds " + value + ", but " + kind + " holds only 0 (false) or 1 (true)", null, "22P02");
    }

    private static Boolean nativeBoolean(ResultSet result, int position) throws SQLException {
        boolean value = result.getBoolean(position);
        return result.wasNull() ? null : value;
    }

    private UUID uuid(String text, Supplier<String> key) {
        try {
            return UUID.fromString(text);
        } catch (IllegalArgumentException e) {
            throw invalid(key, "is not a UUID: value starts with '" + Values.shorten(text) + "'", e, "22P02");
        }
    }

    private JsonNode json(String text, Supplier<String> key) {
        JsonNode node;
        try {
            node = Values.json().readTree(text);
        } catch (JsonProcessingException e) {
            throw invalid(key, "is not valid JSON: " + e.getOriginalMessage() + "; value starts with '"
                    + Values.shorten(text) + "'", e, "22P02");
        }
        if (node.isMissingNode()) {
            throw invalid(key, "is empty text, which is not JSON: value is '" + Values.shorten(text) + "'", null, "22P02");
        }
        return node;
    }

    private InvalidValueException invalid(Supplier<String> key, String problem, Throwable cause) {
        return invalid(key, problem, cause, null);
    }

    /** @param sqlState what PostgreSQL raises for such a value, or {@code null} */
    private InvalidValueException invalid(Supplier<String> key, String problem, Throwable cause, String sqlState) {
        String message = "Legacy " + legacyTable + "." + legacyName + " (key " + key.get() + ") " + problem;
        return new InvalidValueException(legacyTable, legacyName, message, cause, sqlState);
    }

    /** {@code full_name (mapping column name, TEXT)} or {@code is_vip (BOOLEAN stored as SMALLINT_BOOLEAN)}. */
    String describe() {
        return describe(column, legacyName, storage, converted == null ? null : converted.conversion());
    }

    static String describe(Column column, String legacyName, LegacyStorage storage, Conversion conversion) {
        return legacyName + " (" + (legacyName.equals(column.name()) ? "" : "mapping column " + column.name() + ", ")
                + column.type() + (storage == LegacyStorage.NATIVE ? "" : " stored as " + storage)
                + (conversion == null ? "" : " converted with " + conversion) + ")";
    }

    @Override
    public String toString() {
        return describe();
    }
}
