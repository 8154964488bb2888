package dev.cutover.cdc.debezium.internal;

import dev.cutover.cdc.ChangeFeedException;
import dev.cutover.cdc.RowChange;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apache.kafka.connect.data.Field;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.header.Header;
import org.apache.kafka.connect.source.SourceRecord;

/**
 * Reads Debezium's change records as {@link RowChange}s: keys from the record's key struct (both keys of a key change),
 * TRUNCATE, and one SCHEMA_CHANGE per table a DDL statement changed. Values are never read. Stateless.
 *
 * <p>A key change comes from Debezium as a delete of the old key (header {@code __debezium.newkey}) and a create of
 * the new one (header {@code __debezium.oldkey}): the create gives both keys, so the delete is dropped; if a restart
 * falls between them, the create still carries the old key.
 */
public final class Changes {
    private static final String OLD_KEY = "__debezium.oldkey";
    private static final String NEW_KEY = "__debezium.newkey";

    private Changes() {
    }

    /** The changes one record holds: none (a tombstone, a heartbeat, a message), one, or one per table of a DDL. */
    public static List<RowChange> of(SourceRecord record) {
        if (!(record.value() instanceof Struct value)) {
            return List.of();
        }
        Schema schema = value.schema();
        if (schema.field("ddl") != null && schema.field("tableChanges") != null) {
            return schemaChanges(value);
        }
        if (schema.field("op") == null || schema.field("source") == null) {
            return List.of();
        }
        Struct source = value.getStruct("source");
        String op = value.getString("op");
        String container = container(source);
        String table = source.getString("table");
        Instant at = committedAt(source);
        String position = position(source);
        switch (op) {
            case "t":
                return List.of(RowChange.truncate(container, table, at, position));
            case "c", "r", "u", "d":
                break;
            default:
                return List.of(); // "m": a logical decoding message, not a row
        }
        if (!(record.key() instanceof Struct key)) {
            throw new ChangeFeedException("a change to " + container + "." + table + " at " + position + " has no key: "
                    + "the table has no primary key (it lost it after the feed started?); add one, or leave the table out"
                    + " of the feed's tables, then start the feed again");
        }
        List<String> columns = key.schema().fields().stream().map(Field::name).toList();
        List<Object> values = values(key);
        return switch (op) {
            case "d" -> header(record, NEW_KEY) != null ? List.of()
                    : List.of(RowChange.row(container, table, columns, values, List.of(), at, position));
            case "c", "r" -> {
                Header old = header(record, OLD_KEY);
                List<Object> before = old != null && old.value() instanceof Struct oldKey ? values(oldKey) : List.of();
                yield List.of(RowChange.row(container, table, columns, before, values, at, position));
            }
            default -> List.of(RowChange.row(container, table, columns, values, values, at, position));
        };
    }

    private static List<RowChange> schemaChanges(Struct value) {
        Struct source = value.getStruct("source");
        Object snapshot = source.schema().field("snapshot") == null ? null : source.get("snapshot");
        if (snapshot != null && !"false".equals(String.valueOf(snapshot))) {
            return List.of(); // the tables' definitions read at the first start, not a change
        }
        String ddl = value.getString("ddl");
        List<RowChange> changes = new ArrayList<>();
        List<?> tables = value.getArray("tableChanges");
        for (Object each : tables == null ? List.of() : tables) {
            String[] id = tableId(((Struct) each).getString("id"));
            if (!id[1].toLowerCase(Locale.ROOT).startsWith("cutover_")) {
                changes.add(RowChange.schemaChange(id[0], id[1], ddl == null ? "" : ddl, committedAt(source), position(source)));
            }
        }
        return changes;
    }

    /** Debezium's table id, {@code "shop"."clients"} or {@code shop.clients}, as schema and table. */
    static String[] tableId(String id) {
        List<String> parts = new ArrayList<>();
        StringBuilder part = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < id.length(); i++) {
            char c = id.charAt(i);
            if (c == '"') {
                if (quoted && i + 1 < id.length() && id.charAt(i + 1) == '"') {
                    part.append('"');
                    i++;
                } else {
                    quoted = !quoted;
                }
            } else if (c == '.' && !quoted) {
                parts.add(part.toString());
                part.setLength(0);
            } else {
                part.append(c);
            }
        }
        parts.add(part.toString());
        String table = parts.get(parts.size() - 1);
        String container = parts.size() > 1 ? parts.get(parts.size() - 2) : "";
        return new String[] {container, table};
    }

    /** MariaDB/MySQL name the database ({@code db}), PostgreSQL the schema. */
    private static String container(Struct source) {
        return source.schema().field("schema") != null ? source.getString("schema") : source.getString("db");
    }

    private static Instant committedAt(Struct source) {
        Object ms = source.get("ts_ms");
        return ms instanceof Long millis ? Instant.ofEpochMilli(millis) : Instant.EPOCH;
    }

    /** {@code file:pos} (and the GTID) of a binlog, {@code lsn=...} of PostgreSQL's WAL. */
    static String position(Struct source) {
        if (source.schema().field("lsn") != null && source.get("lsn") != null) {
            return "lsn=" + lsnText((Long) source.get("lsn"));
        }
        StringBuilder text = new StringBuilder();
        if (source.schema().field("file") != null) {
            text.append(source.get("file")).append(':').append(source.get("pos"));
        }
        if (source.schema().field("gtid") != null && source.get("gtid") != null) {
            text.append(" gtid=").append(source.get("gtid"));
        }
        return text.length() == 0 ? "unknown" : text.toString();
    }

    /** PostgreSQL's form of an LSN: {@code 0/16B3748}. */
    static String lsnText(long lsn) {
        return Long.toHexString(lsn >>> 32).toUpperCase(Locale.ROOT) + "/" + Long.toHexString(lsn & 0xffffffffL).toUpperCase(Locale.ROOT);
    }

    private static Header header(SourceRecord record, String name) {
        return record.headers().lastWithName(name);
    }

    /** The key's values in key order, Debezium's temporal encodings turned back into Java's types. */
    static List<Object> values(Struct key) {
        List<Object> values = new ArrayList<>();
        for (Field field : key.schema().fields()) {
            values.add(javaValue(field.schema().name(), key.get(field)));
        }
        return values;
    }

    private static Object javaValue(String logicalType, Object value) {
        if (value instanceof ByteBuffer buffer) {
            byte[] bytes = new byte[buffer.remaining()];
            buffer.duplicate().get(bytes);
            return bytes;
        }
        if (logicalType == null || value == null) {
            return value;
        }
        return switch (logicalType) {
            case "io.debezium.time.Date" -> LocalDate.ofEpochDay(((Number) value).longValue());
            case "io.debezium.time.Timestamp" -> LocalDateTime.ofEpochSecond(Math.floorDiv(((Number) value).longValue(), 1000L),
                    (int) Math.floorMod(((Number) value).longValue(), 1000L) * 1_000_000, ZoneOffset.UTC);
            case "io.debezium.time.MicroTimestamp" -> LocalDateTime.ofEpochSecond(
                    Math.floorDiv(((Number) value).longValue(), 1_000_000L),
                    (int) Math.floorMod(((Number) value).longValue(), 1_000_000L) * 1000, ZoneOffset.UTC);
            case "io.debezium.time.ZonedTimestamp" -> OffsetDateTime.parse((String) value);
            default -> value;
        };
    }
}
