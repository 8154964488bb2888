package dev.cutover.postgres.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.cutover.mapping.ColumnType;
import dev.cutover.mapping.spi.Values;
import java.sql.Types;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.function.IntFunction;
import org.jooq.Converter;
import org.jooq.DataType;
import org.jooq.JSON;
import org.jooq.JSONB;
import org.jooq.impl.SQLDataType;

/**
 * How each {@link ColumnType} is stored in PostgreSQL: the jOOQ data type of its fields (carrying the
 * canonical Java type, with explicit converters where PgJDBC's own type differs), the raw type used for
 * array parameters, and the catalog type names the schema check accepts.
 */
final class PgTypes {
    // PgJDBC reads and writes infinity and -infinity as OffsetDateTime.MAX and MIN; Cutover carries Instant.MAX/MIN.
    private static final Converter<OffsetDateTime, Instant> INSTANT = Converter.ofNullable(OffsetDateTime.class,
            Instant.class, PgTypes::instant, PgTypes::offsetDateTime);
    private static final Converter<String, String> UNPADDED = Converter.ofNullable(String.class, String.class,
            Values::unpadded, text -> text);
    private static final Converter<JSON, JsonNode> JSON_NODE = Converter.ofNullable(JSON.class, JsonNode.class,
            json -> parse(json.data()), node -> JSON.valueOf(Values.jsonText(node)));
    private static final Converter<JSONB, JsonNode> JSONB_NODE = Converter.ofNullable(JSONB.class, JsonNode.class,
            jsonb -> parse(jsonb.data()), node -> JSONB.valueOf(Values.jsonText(node)));

    private PgTypes() {
    }

    /** The data type of a mapped column's field; its Java type is {@link ColumnType#javaType()}. */
    static DataType<?> fieldType(ColumnType type) {
        return switch (type) {
            case TEXT -> SQLDataType.VARCHAR;
            case SMALLINT -> SQLDataType.SMALLINT;
            case INTEGER -> SQLDataType.INTEGER;
            case BIGINT -> SQLDataType.BIGINT;
            case NUMERIC -> SQLDataType.NUMERIC;
            case REAL -> SQLDataType.REAL;
            case DOUBLE -> SQLDataType.DOUBLE;
            case BOOLEAN -> SQLDataType.BOOLEAN;
            case TIMESTAMPTZ -> SQLDataType.OFFSETDATETIME(6).asConvertedDataType(
                    JdbcObjectBinding.of(OffsetDateTime.class, Types.TIMESTAMP_WITH_TIMEZONE, INSTANT));
            case TIMESTAMP -> SQLDataType.LOCALDATETIME(6).asConvertedDataType(
                    JdbcObjectBinding.of(LocalDateTime.class, Types.TIMESTAMP));
            case DATE -> SQLDataType.LOCALDATE.asConvertedDataType(JdbcObjectBinding.of(LocalDate.class, Types.DATE));
            case TIME -> SQLDataType.LOCALTIME(6).asConvertedDataType(JdbcObjectBinding.of(LocalTime.class, Types.TIME));
            case UUID -> SQLDataType.UUID;
            case JSON -> SQLDataType.JSON.asConvertedDataType(JSON_NODE);
            case JSONB -> SQLDataType.JSONB.asConvertedDataType(JSONB_NODE);
            // Bound as varchar: PostgreSQL pads it on assignment and compares bpchar with text without the padding.
            case CHAR -> SQLDataType.VARCHAR.asConvertedDataType(UNPADDED);
            case BYTEA -> SQLDataType.BLOB;
            case ENUM -> SQLDataType.VARCHAR.asConvertedDataType(JdbcObjectBinding.untypedText());
            case TEXT_ARRAY -> SQLDataType.VARCHAR.getArrayDataType().asConvertedDataType(list(String[].class,
                    String[]::new));
            case INTEGER_ARRAY -> SQLDataType.INTEGER.getArrayDataType().asConvertedDataType(list(Integer[].class,
                    Integer[]::new));
            case BIGINT_ARRAY -> SQLDataType.BIGINT.getArrayDataType().asConvertedDataType(list(Long[].class,
                    Long[]::new));
        };
    }

    /** Java arrays (jOOQ's) as the unmodifiable lists the mapping carries. */
    @SuppressWarnings("unchecked")
    private static <T> Converter<T[], List<Object>> list(Class<T[]> arrayType, IntFunction<T[]> newArray) {
        Class<List<Object>> listType = (Class<List<Object>>) (Class<?>) List.class;
        return Converter.ofNullable(arrayType, listType, array -> Collections.unmodifiableList(Arrays.asList(
                (Object[]) array.clone())), items -> items.toArray(newArray.apply(items.size())));
    }

    /** The PostgreSQL type of a key column's array parameter ({@code = ANY(?)}, {@code unnest(?)}). */
    static DataType<?> arrayElementType(ColumnType type) {
        return switch (type) {
            case TEXT, CHAR -> SQLDataType.VARCHAR;
            case SMALLINT -> SQLDataType.SMALLINT;
            case INTEGER -> SQLDataType.INTEGER;
            case BIGINT -> SQLDataType.BIGINT;
            case NUMERIC -> SQLDataType.NUMERIC;
            case REAL -> SQLDataType.REAL;
            case DOUBLE -> SQLDataType.DOUBLE;
            case BOOLEAN -> SQLDataType.BOOLEAN;
            case TIMESTAMPTZ -> SQLDataType.TIMESTAMPWITHTIMEZONE;
            case TIMESTAMP -> SQLDataType.LOCALDATETIME(6);
            case DATE -> SQLDataType.LOCALDATE;
            case TIME -> SQLDataType.LOCALTIME(6);
            case UUID -> SQLDataType.UUID;
            case BYTEA -> SQLDataType.BLOB;
            case JSON, JSONB, ENUM, TEXT_ARRAY, INTEGER_ARRAY, BIGINT_ARRAY -> throw new IllegalArgumentException(type
                    + " cannot be a key column");
        };
    }

    /** A canonical key value as an element of {@link #arrayElementType}. */
    static Object arrayElement(ColumnType type, Object value) {
        return type == ColumnType.TIMESTAMPTZ ? INSTANT.to((Instant) value) : value;
    }

    /** The {@code pg_type.typname}s a column of this type may have. */
    static Set<String> catalogNames(ColumnType type) {
        return switch (type) {
            case TEXT -> Set.of("text", "varchar");
            case SMALLINT -> Set.of("int2");
            case INTEGER -> Set.of("int4");
            case BIGINT -> Set.of("int8");
            case NUMERIC -> Set.of("numeric");
            case REAL -> Set.of("float4");
            case DOUBLE -> Set.of("float8");
            case BOOLEAN -> Set.of("bool");
            case TIMESTAMPTZ -> Set.of("timestamptz");
            case TIMESTAMP -> Set.of("timestamp");
            case DATE -> Set.of("date");
            case TIME -> Set.of("time");
            case UUID -> Set.of("uuid");
            case JSON -> Set.of("json");
            case JSONB -> Set.of("jsonb");
            case CHAR -> Set.of("bpchar");
            case BYTEA -> Set.of("bytea");
            case ENUM -> Set.of(); // any enum type: the schema check asks pg_type.typtype
            case TEXT_ARRAY -> Set.of("_text", "_varchar");
            case INTEGER_ARRAY -> Set.of("_int4");
            case BIGINT_ARRAY -> Set.of("_int8");
        };
    }

    /** The same, as PostgreSQL spells them in {@code format_type}, for messages. */
    static List<String> displayNames(ColumnType type) {
        return switch (type) {
            case TEXT -> List.of("text", "character varying");
            case SMALLINT -> List.of("smallint");
            case INTEGER -> List.of("integer");
            case BIGINT -> List.of("bigint");
            case NUMERIC -> List.of("numeric");
            case REAL -> List.of("real");
            case DOUBLE -> List.of("double precision");
            case BOOLEAN -> List.of("boolean");
            case TIMESTAMPTZ -> List.of("timestamp with time zone");
            case TIMESTAMP -> List.of("timestamp without time zone");
            case DATE -> List.of("date");
            case TIME -> List.of("time without time zone");
            case UUID -> List.of("uuid");
            case JSON -> List.of("json");
            case JSONB -> List.of("jsonb");
            case CHAR -> List.of("character(n)");
            case BYTEA -> List.of("bytea");
            case ENUM -> List.of("an enum type (CREATE TYPE ... AS ENUM)");
            case TEXT_ARRAY -> List.of("text[]", "character varying[]");
            case INTEGER_ARRAY -> List.of("integer[]");
            case BIGINT_ARRAY -> List.of("bigint[]");
        };
    }

    static Instant instant(OffsetDateTime value) {
        return value.equals(OffsetDateTime.MAX) ? Instant.MAX : value.equals(OffsetDateTime.MIN) ? Instant.MIN
                : value.toInstant();
    }

    static OffsetDateTime offsetDateTime(Instant instant) {
        return instant.equals(Instant.MAX) ? OffsetDateTime.MAX : instant.equals(Instant.MIN) ? OffsetDateTime.MIN
                : instant.atOffset(ZoneOffset.UTC);
    }

    private static JsonNode parse(String text) {
        try {
            return Values.json().readTree(text);
        } catch (JsonProcessingException e) {
            // PostgreSQL validated it on the way in; this is a server or driver fault, not user input.
            throw new IllegalStateException("PostgreSQL returned JSON that does not parse: "
                    + Values.shorten(text), e);
        }
    }
}
