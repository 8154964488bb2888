package dev.cutover.cdc.internal;

import dev.cutover.dual.OutboxKey;
import dev.cutover.legacy.LegacyTable;
import dev.cutover.mapping.EntityMapping;
import java.util.List;
import java.util.Objects;

/**
 * One mapping and its legacy binding, as capture knows them: which legacy table's changes are its, and the outbox key
 * of a key the log gives. Immutable.
 */
public record CapturedTable<E, K>(EntityMapping<E, K> mapping, LegacyTable binding) {
    public CapturedTable {
        Objects.requireNonNull(mapping, "mapping");
        Objects.requireNonNull(binding, "binding");
    }

    /** The mapping's table. */
    public String table() {
        return mapping.table();
    }

    /**
     * Whether the log's table is this binding's table: the same name, and the same schema (database) when the binding
     * names one; else a table of that name in any schema is (the feed is given the application's own database or schema).
     */
    boolean matches(String schema, String table) {
        return table.equals(binding.name()) && binding.schema().map(schema::equals).orElse(true);
    }

    /** The outbox key of a key the log gives, exactly as dual-write and verify encode this row's key. */
    OutboxKey outboxKey(List<Object> logKey) {
        return OutboxKey.of(mapping, KeyValues.key(mapping, binding, logKey));
    }
}
