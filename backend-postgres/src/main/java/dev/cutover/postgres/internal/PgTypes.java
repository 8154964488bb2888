package dev.cutover.postgres.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.cutover.mapping.ColumnType;
import dev.cutover.mapping.spi.Values;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Set;
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
    private static final Converter<OffsetDateTime, Instant> INSTANT = Converter.ofNullable(OffsetDateTime.class,
            Instant.class, OffsetDateTime::toInstant, instant -> instant.atOffset(ZoneOffset.UTC));
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
            case INTEGER -> SQLDataType.INTEGER;
            case BIGINT -> SQLDataType.BIGINT;
            case NUMERIC -> SQLDataType.NUMERIC;
            case BOOLEAN -> SQLDataType.BOOLEAN;
            case TIMESTAMPTZ -> SQLDataType.TIMESTAMPWITHTIMEZONE.asConvertedDataType(INSTANT);
            case DATE -> SQLDataType.LOCALDATE;
            case UUID -> SQLDataType.UUID;
            case JSON -> SQLDataType.JSON.asConvertedDataType(JSON_NODE);
            case JSONB -> SQLDataType.JSONB.asConvertedDataType(JSONB_NODE);
        };
    }

    /** The PostgreSQL type of a key column's array parameter ({@code = ANY(?)}, {@code unnest(?)}). */
    static DataType<?> arrayElementType(ColumnType type) {
        return switch (type) {
            case TEXT -> SQLDataType.VARCHAR;
            case INTEGER -> SQLDataType.INTEGER;
            case BIGINT -> SQLDataType.BIGINT;
            case NUMERIC -> SQLDataType.NUMERIC;
            case BOOLEAN -> SQLDataType.BOOLEAN;
            case TIMESTAMPTZ -> SQLDataType.TIMESTAMPWITHTIMEZONE;
            case DATE -> SQLDataType.LOCALDATE;
            case UUID -> SQLDataType.UUID;
            case JSON, JSONB -> throw new IllegalArgumentException(type + " cannot be a key column");
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
            case INTEGER -> Set.of("int4");
            case BIGINT -> Set.of("int8");
            case NUMERIC -> Set.of("numeric");
            case BOOLEAN -> Set.of("bool");
            case TIMESTAMPTZ -> Set.of("timestamptz");
            case DATE -> Set.of("date");
            case UUID -> Set.of("uuid");
            case JSON -> Set.of("json");
            case JSONB -> Set.of("jsonb");
        };
    }

    /** The same, as PostgreSQL spells them in {@code format_type}, for messages. */
    static List<String> displayNames(ColumnType type) {
        return switch (type) {
            case TEXT -> List.of("text", "character varying");
            case INTEGER -> List.of("integer");
            case BIGINT -> List.of("bigint");
            case NUMERIC -> List.of("numeric");
            case BOOLEAN -> List.of("boolean");
            case TIMESTAMPTZ -> List.of("timestamp with time zone");
            case DATE -> List.of("date");
            case UUID -> List.of("uuid");
            case JSON -> List.of("json");
            case JSONB -> List.of("jsonb");
        };
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
