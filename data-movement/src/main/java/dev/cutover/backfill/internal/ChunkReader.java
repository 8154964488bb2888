package dev.cutover.backfill.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cutover.backfill.BackfillSource;
import dev.cutover.backfill.QuarantinedRow;
import dev.cutover.mapping.Column;
import dev.cutover.mapping.ColumnType;
import dev.cutover.mapping.InvalidValueException;
import dev.cutover.mapping.spi.KeyJson;
import dev.cutover.mapping.spi.Values;
import dev.cutover.postgres.copy.CopyRows;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;

/**
 * Encodes a chunk's rows as they stream in; values that fail their checks go to the quarantine instead. One per
 * chunk (or retried chunk), used by one thread.
 */
final class ChunkReader implements BackfillSource.RowVisitor {
    private final RunContext<?, ?> context;
    private final int chunk;
    final CopyRows rows;
    final List<Object[]> keys = new ArrayList<>();
    final List<QuarantinedRow> quarantined = new ArrayList<>();
    ChunkWriter.Stream stream;

    ChunkReader(RunContext<?, ?> context, int chunk, CopyRows rows) {
        this.context = context;
        this.chunk = chunk;
        this.rows = rows;
    }

    @Override
    public void row(Object[] values) {
        Object[] key = context.keyOf(values);
        String entity = context.entity;
        try {
            for (int i = 0; i < values.length; i++) {
                Column column = context.columns.get(i);
                UnaryOperator<Object> rule = context.rules.get(i);
                Object value = rule == null ? values[i] : rule.apply(values[i]);
                values[i] = value;
                if (value instanceof byte[] utf8) {
                    // Text as PostgreSQL sent it (which holds no NUL): only JSON has something left to check.
                    if (column.type().isJson() && !JsonScan.isValid(utf8, column.type() == ColumnType.JSONB)) {
                        JsonCheck.check(entity, " (key " + context.describe(key) + ")", column,
                                new String(utf8, StandardCharsets.UTF_8));
                    }
                } else if (value instanceof String text && column.type().isJson()) {
                    byte[] utf8 = text.getBytes(StandardCharsets.UTF_8);
                    if (!JsonScan.isValid(utf8, column.type() == ColumnType.JSONB)) {
                        JsonCheck.check(entity, " (key " + context.describe(key) + ")", column, text);
                    }
                    value = utf8; // checked as it will be sent
                } else {
                    value = checked(column, value, key);
                }
                rows.add(column.type(), value);
            }
            rows.endRow();
            keys.add(key);
            stream.send(rows, false);
        } catch (InvalidValueException e) {
            rows.abandonRow();
            quarantined.add(new QuarantinedRow(context.run, entity, KeyJson.encode(key), chunk,
                    Sanitize.text(e.getMessage()), e.sqlState(), Sanitize.text(raw(values)), null));
        }
    }

    @Override
    public void unreadable(Object[] key, String raw, String reason) {
        unreadable(key, raw, reason, null);
    }

    @Override
    public void unreadable(Object[] key, String raw, String reason, String sqlState) {
        quarantined.add(new QuarantinedRow(context.run, context.entity, KeyJson.encode(key), chunk, Sanitize.text(reason),
                sqlState, Sanitize.text(raw), null));
    }

    /** {@link Values#canonical}, with the key in the message built only when the value fails. */
    private Object checked(Column column, Object value, Object[] key) {
        try {
            return Values.canonical(context.entity, "", column, value);
        } catch (InvalidValueException e) {
            return Values.canonical(context.entity, " (key " + context.describe(key) + ")", column, value);
        }
    }

    private String raw(Object[] values) {
        ObjectNode row = JsonNodeFactory.instance.objectNode();
        for (int i = 0; i < values.length; i++) {
            Object value = values[i];
            String name = context.columns.get(i).name();
            if (value == null) {
                row.putNull(name);
            } else if (value instanceof byte[] bytes && context.columns.get(i).type() == ColumnType.BYTEA) {
                row.put(name, "\\x" + java.util.HexFormat.of().formatHex(bytes));
            } else if (value instanceof byte[] utf8) {
                row.put(name, new String(utf8, StandardCharsets.UTF_8));
            } else if (value instanceof JsonNode node) {
                row.set(name, node);
            } else {
                row.put(name, value.toString());
            }
        }
        return Values.jsonText(row);
    }
}
