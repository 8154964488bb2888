package dev.cutover.cdc.kafka.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeType;
import dev.cutover.cdc.ChangeFeedException;
import dev.cutover.cdc.RowChange;
import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.connect.data.Field;
import org.apache.kafka.connect.data.SchemaAndValue;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.json.JsonConverter;

/**
 * Reads the records Debezium on Kafka Connect writes with Connect's {@code JsonConverter}, with or without schemas, into
 * {@link RowChange}s: a table topic's change events (op c, u, d, r, t), the schema change topic's DDL events. Tombstones,
 * heartbeats, transaction boundaries and the DDL a snapshot records (the schema as it was) carry no change and give
 * none. Only keys are read (the record's key, the key
 * topic's struct), never the row values in {@code before}/{@code after}.
 *
 * <p>A key change arrives as Debezium writes it: a delete under the old key (header {@code __debezium.newkey}) and a
 * create under the new key (header {@code __debezium.oldkey}), usually on different partitions; each gives its own key,
 * so the pair queues both, whichever order they are read in.
 *
 * <p>Keys written with a schema are converted by Connect's own {@code JsonConverter} (so {@code Decimal}, dates and
 * bytes come out as the embedded engine gives them); schemaless keys are read as JSON: integers as {@code Long}, or
 * {@code BigDecimal} beyond a long, text as {@code String}. Not thread-safe (one per feed thread).
 */
public final class DebeziumEnvelopes {
    private static final Pattern QUOTED_TABLE_ID = Pattern.compile("\"((?:[^\"]|\"\")*)\"(?:\\.\"((?:[^\"]|\"\")*)\")?(?:\\.\"((?:[^\"]|\"\")*)\")?");

    private final ObjectMapper json = new ObjectMapper().enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);
    private final JsonConverter keysWithSchema = new JsonConverter();

    public DebeziumEnvelopes() {
        keysWithSchema.configure(Map.of("schemas.enable", "true", "converter.type", "key"));
    }

    /**
     * The changes one record says happened: none for a tombstone, heartbeat or transaction boundary, one for a change
     * event, one per table for a DDL event.
     *
     * @param where the record's topic, partition and offset, for messages ({@code legacy.shop.clients-0@42})
     * @throws ChangeFeedException if the record is not one Debezium writes, naming {@code where} and what was found
     */
    public List<RowChange> read(String topic, byte[] key, byte[] value, String where) {
        if (value == null) {
            return List.of(); // the tombstone after a delete: log compaction's business, not ours
        }
        JsonNode payload = payload(parse(value, where, "value"));
        if (payload.hasNonNull("op")) {
            return List.of(change(topic, key, payload, where));
        }
        if (payload.has("ddl") && payload.has("source")) {
            return schemaChanges(payload, where);
        }
        if (isTransactionBoundary(payload) || isHeartbeat(payload)) {
            return List.of();
        }
        throw new ChangeFeedException("the record at " + where + " is not a Debezium change event (no 'op'), DDL event (no "
                + "'ddl') or heartbeat; its fields: " + fieldNames(payload) + ". Subscribe the feed to the topics Debezium "
                + "writes for the legacy tables (and its schema change topic), with Connect's JsonConverter for keys and values");
    }

    private RowChange change(String topic, byte[] key, JsonNode payload, String where) {
        String op = payload.get("op").asText();
        JsonNode source = source(payload, where);
        String schema = schemaOf(source, where);
        String table = text(source, "table", where);
        Instant committedAt = Instant.ofEpochMilli(source.path("ts_ms").asLong(payload.path("ts_ms").asLong()));
        String position = position(source);
        if (op.equals("t")) {
            return RowChange.truncate(schema, table, committedAt, position);
        }
        if (key == null) {
            throw new ChangeFeedException("the change event at " + where + " for " + schema + "." + table + " has no key: "
                    + "the table has no primary key, so Debezium cannot say which row changed. Give the connector the "
                    + "key's columns in its message.key.columns setting (" + schema + "." + table + ":<columns>), or add "
                    + "a primary key");
        }
        Key k = key(topic, key, where);
        return switch (op) {
            case "c", "r" -> RowChange.row(schema, table, k.columns(), List.of(), k.values(), committedAt, position);
            case "u" -> RowChange.row(schema, table, k.columns(), k.values(), k.values(), committedAt, position);
            case "d" -> RowChange.row(schema, table, k.columns(), k.values(), List.of(), committedAt, position);
            default -> throw new ChangeFeedException("the change event at " + where + " for " + schema + "." + table
                    + " has op '" + op + "'; Debezium writes c, u, d, r and t (a newer Debezium than this Cutover knows?)");
        };
    }

    private List<RowChange> schemaChanges(JsonNode payload, String where) {
        JsonNode source = source(payload, where);
        if (!source.path("snapshot").asText("false").equals("false")) {
            return List.of(); // the snapshot recording the schema as it is, not a change to it
        }
        String ddl = payload.path("ddl").asText();
        Instant committedAt = Instant.ofEpochMilli(source.path("ts_ms").asLong(payload.path("ts_ms").asLong()));
        String position = position(source);
        List<RowChange> changes = new ArrayList<>();
        for (JsonNode tableChange : payload.path("tableChanges")) {
            String id = tableChange.path("id").asText();
            Matcher m = QUOTED_TABLE_ID.matcher(id);
            if (!m.matches()) {
                throw new ChangeFeedException("the DDL event at " + where + " names the table '" + id + "', not in "
                        + "Debezium's \"schema\".\"table\" form");
            }
            List<String> parts = new ArrayList<>();
            for (int i = 1; i <= 3; i++) {
                if (m.group(i) != null) {
                    parts.add(m.group(i).replace("\"\"", "\""));
                }
            }
            // "db"."table" on MariaDB/MySQL; "db"."schema"."table" where the connector names the catalog too
            String table = parts.get(parts.size() - 1);
            String schema = parts.size() > 1 ? parts.get(parts.size() - 2) : payload.path("databaseName").asText();
            changes.add(RowChange.schemaChange(schema, table, ddl, committedAt, position));
        }
        return changes;
    }

    private Key key(String topic, byte[] key, String where) {
        JsonNode node = parse(key, where, "key");
        if (node.isObject() && node.size() == 2 && node.has("schema") && node.has("payload")) {
            SchemaAndValue converted;
            try {
                converted = keysWithSchema.toConnectData(topic, key);
            } catch (RuntimeException e) {
                throw new ChangeFeedException("the key at " + where + " has a schema Connect's JsonConverter cannot read: "
                        + e.getMessage(), e);
            }
            if (!(converted.value() instanceof Struct struct)) {
                throw new ChangeFeedException("the key at " + where + " is not a struct of the key's columns but "
                        + converted.value());
            }
            List<String> columns = new ArrayList<>();
            List<Object> values = new ArrayList<>();
            for (Field field : struct.schema().fields()) {
                columns.add(field.name());
                Object value = struct.get(field);
                values.add(value instanceof ByteBuffer buffer ? bytes(buffer) : value);
            }
            return new Key(columns, values);
        }
        if (!node.isObject() || node.isEmpty()) {
            throw new ChangeFeedException("the key at " + where + " is not an object of the key's columns: "
                    + abbreviate(new String(key, StandardCharsets.UTF_8)));
        }
        List<String> columns = new ArrayList<>();
        List<Object> values = new ArrayList<>();
        for (Map.Entry<String, JsonNode> field : node.properties()) {
            columns.add(field.getKey());
            values.add(schemaless(field.getValue(), where));
        }
        return new Key(columns, values);
    }

    private static Object schemaless(JsonNode value, String where) {
        if (value.isIntegralNumber()) {
            return value.canConvertToLong() ? (Object) value.longValue() : new BigDecimal(value.bigIntegerValue());
        }
        if (value.isNumber()) {
            return value.decimalValue();
        }
        if (value.isTextual()) {
            return value.textValue();
        }
        if (value.isBoolean()) {
            return value.booleanValue();
        }
        throw new ChangeFeedException("a key column at " + where + " holds " + value.getNodeType().name()
                .toLowerCase(Locale.ROOT) + " (" + abbreviate(value.toString()) + "); keys are numbers, text or booleans");
    }

    private static byte[] bytes(ByteBuffer buffer) {
        byte[] bytes = new byte[buffer.remaining()];
        buffer.duplicate().get(bytes);
        return bytes;
    }

    private JsonNode parse(byte[] bytes, String where, String part) {
        try {
            return json.readTree(bytes);
        } catch (JsonProcessingException e) {
            throw new ChangeFeedException("the " + part + " at " + where + " is not JSON (" + e.getOriginalMessage()
                    + "): use Connect's JsonConverter for Debezium's keys and values", e);
        } catch (java.io.IOException e) {
            throw new ChangeFeedException("the " + part + " at " + where + " cannot be read: " + e.getMessage(), e);
        }
    }

    /** The payload of an envelope written with schemas ({@code {"schema": ..., "payload": ...}}), else the node itself. */
    private static JsonNode payload(JsonNode node) {
        if (node.isObject() && node.size() == 2 && node.has("schema") && node.has("payload")) {
            return node.get("payload");
        }
        return node;
    }

    private static JsonNode source(JsonNode payload, String where) {
        JsonNode source = payload.get("source");
        if (source == null || source.getNodeType() != JsonNodeType.OBJECT) {
            throw new ChangeFeedException("the event at " + where + " has no 'source' block: not written by a Debezium "
                    + "connector this Cutover knows");
        }
        return source;
    }

    /** The database on MariaDB/MySQL, the schema on PostgreSQL. */
    private static String schemaOf(JsonNode source, String where) {
        JsonNode schema = source.get("schema");
        return schema != null && !schema.isNull() ? schema.asText() : text(source, "db", where);
    }

    private static String text(JsonNode node, String field, String where) {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            throw new ChangeFeedException("the event at " + where + " has no source." + field);
        }
        return value.asText();
    }

    /** Binlog file and offset (and GTID) on MariaDB/MySQL, the LSN on PostgreSQL, as in {@code SHOW MASTER STATUS}. */
    static String position(JsonNode source) {
        if (source.hasNonNull("lsn")) {
            long lsn = source.get("lsn").asLong();
            return String.format(Locale.ROOT, "%X/%X", lsn >>> 32, lsn & 0xFFFFFFFFL);
        }
        String position = source.path("file").asText("?") + ":" + source.path("pos").asLong();
        return source.hasNonNull("gtid") ? position + " (GTID " + source.get("gtid").asText() + ")" : position;
    }

    private static boolean isTransactionBoundary(JsonNode payload) {
        return payload.has("status") && payload.has("id") && payload.has("event_count");
    }

    private static boolean isHeartbeat(JsonNode payload) {
        return payload.size() == 1 && payload.has("ts_ms");
    }

    private static List<String> fieldNames(JsonNode payload) {
        List<String> names = new ArrayList<>();
        payload.properties().forEach(field -> names.add(field.getKey()));
        return names;
    }

    private static String abbreviate(String text) {
        return text.length() <= 120 ? text : text.substring(0, 117) + "...";
    }

    private record Key(List<String> columns, List<Object> values) {
    }
}
