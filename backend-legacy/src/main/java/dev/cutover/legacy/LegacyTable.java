package dev.cutover.legacy;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Binds one {@link dev.cutover.mapping.EntityMapping} (described in the target schema's names) to a table of
 * the legacy schema: the legacy table's name, the legacy name of each renamed column and the
 * {@link LegacyStorage} of each column not stored natively.
 *
 * <pre>{@code
 * LegacyTable CLIENTS = LegacyTable.named("tbl_clients")
 *         .column("name", "full_name")
 *         .column("yclients_id", "yc_id")
 *         .stored("ai_context", LegacyStorage.JSON_TEXT)
 *         .stored("vip", LegacyStorage.SMALLINT_BOOLEAN)
 *         .stored("created_at", LegacyStorage.TIMESTAMP_UTC);
 * }</pre>
 *
 * <p>Columns not listed keep their target name and native storage. A column may be both renamed and
 * stored differently; {@code stored} takes the logical (target) name. The logical names are checked
 * against the mapping when a store is created, because this binding is built without it.
 *
 * <p>Immutable and thread-safe: each method returns a new binding.
 */
public final class LegacyTable {
    private final String schema;
    private final String name;
    private final Map<String, String> renamed;
    private final Map<String, LegacyStorage> storages;

    private LegacyTable(String schema, String name, Map<String, String> renamed, Map<String, LegacyStorage> storages) {
        this.schema = schema;
        this.name = name;
        this.renamed = renamed;
        this.storages = storages;
    }

    /**
     * The legacy table with this exact name (case-sensitive, quoted in SQL), looked up in the connection's
     * default schema unless {@link #inSchema} is given.
     */
    public static LegacyTable named(String table) {
        return new LegacyTable(null, identifier("Legacy table name", table), Map.of(), Map.of());
    }

    /** The same binding, for a table in this schema. */
    public LegacyTable inSchema(String schemaName) {
        return new LegacyTable(identifier("Schema of legacy table " + name, schemaName), name, renamed, storages);
    }

    /**
     * The same binding, with the mapping's column {@code logicalColumn} found in the legacy table as
     * {@code legacyColumn}.
     *
     * @throws IllegalArgumentException if the column is already renamed or a name is blank
     */
    public LegacyTable column(String logicalColumn, String legacyColumn) {
        identifier("Logical column name for legacy table " + name, logicalColumn);
        identifier("Legacy name of column '" + logicalColumn + "' of legacy table " + name, legacyColumn);
        String existing = renamed.get(logicalColumn);
        if (existing != null) {
            throw new IllegalArgumentException("Column '" + logicalColumn + "' of legacy table " + name
                    + " is already renamed to '" + existing + "'; rename each column once");
        }
        Map<String, String> copy = new LinkedHashMap<>(renamed);
        copy.put(logicalColumn, legacyColumn);
        return new LegacyTable(schema, name, Collections.unmodifiableMap(copy), storages);
    }

    /**
     * The same binding, with the mapping's column {@code logicalColumn} stored as {@code storage}.
     *
     * @throws IllegalArgumentException if the column's storage is already given or the name is blank
     */
    public LegacyTable stored(String logicalColumn, LegacyStorage storage) {
        identifier("Logical column name for legacy table " + name, logicalColumn);
        Objects.requireNonNull(storage, () -> "storage of column '" + logicalColumn + "' of legacy table " + name);
        LegacyStorage existing = storages.get(logicalColumn);
        if (existing != null) {
            throw new IllegalArgumentException("Column '" + logicalColumn + "' of legacy table " + name
                    + " is already stored as " + existing + "; give each column's storage once");
        }
        Map<String, LegacyStorage> copy = new LinkedHashMap<>(storages);
        copy.put(logicalColumn, storage);
        return new LegacyTable(schema, name, renamed, Collections.unmodifiableMap(copy));
    }

    /** The legacy table's name, as given. */
    public String name() {
        return name;
    }

    /** The schema, if one was given. */
    public Optional<String> schema() {
        return Optional.ofNullable(schema);
    }

    /** The legacy name of a logical column: its renamed name, else the same name. */
    public String legacyName(String logicalColumn) {
        return renamed.getOrDefault(logicalColumn, logicalColumn);
    }

    /** The storage of a logical column: as given, else {@link LegacyStorage#NATIVE}. */
    public LegacyStorage storage(String logicalColumn) {
        return storages.getOrDefault(logicalColumn, LegacyStorage.NATIVE);
    }

    /** The renamed columns, logical name to legacy name, in the order given. */
    public Map<String, String> renamedColumns() {
        return renamed;
    }

    /** The columns whose storage was given, logical name to storage, in the order given. */
    public Map<String, LegacyStorage> storages() {
        return storages;
    }

    /** The table for messages: {@code crm.tbl_clients} or {@code tbl_clients}. */
    public String displayName() {
        return schema == null ? name : schema + "." + name;
    }

    private static String identifier(String what, String value) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(what + " must not be blank, was "
                    + (value == null ? "null" : "'" + value + "'"));
        }
        if (value.indexOf('\0') >= 0) {
            throw new IllegalArgumentException(what + " must not contain a NUL character, was '"
                    + value.replace("\0", "\\0") + "'");
        }
        return value;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof LegacyTable table && Objects.equals(table.schema, schema) && table.name.equals(name)
                && table.renamed.equals(renamed) && table.storages.equals(storages);
    }

    @Override
    public int hashCode() {
        return Objects.hash(schema, name, renamed, storages);
    }

    @Override
    public String toString() {
        return "LegacyTable[" + displayName() + ", renamed " + renamed + ", stored " + storages + "]";
    }
}
