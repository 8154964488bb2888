package dev.cutover.legacy;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

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
 *         .stored("created_at", LegacyStorage.TIMESTAMP_UTC)
 *         .convert("id", Conversion.UUID_TEXT)
 *         .exclude("legacy_hash", "recomputed by the new application");
 * }</pre>
 *
 * <p>Columns not listed keep their target name and native storage. A column may be both renamed and
 * stored differently; {@code stored} takes the logical (target) name. The logical names are checked
 * against the mapping when a store is created, because this binding is built without it.
 *
 * <p>Legacy values that the target cannot hold fail the read with an
 * {@link dev.cutover.mapping.InvalidValueException} naming table, column and key, unless a rule declared here
 * says what they mean: {@link #zeroDateAsNull} (MariaDB's {@code 0000-00-00}) and {@link #stripNul} /
 * {@link #replaceNul} (U+0000 in text, which PostgreSQL rejects). Rules apply to reads only: what the
 * application writes is checked, never cleaned.
 *
 * <p>Immutable and thread-safe: each method returns a new binding.
 */
public final class LegacyTable {
    private final String schema;
    private final String name;
    private final Map<String, String> renamed;
    private final Map<String, LegacyStorage> storages;
    private final Set<String> zeroDatesAsNull;
    private final Map<String, String> nulReplacements;
    private final Map<String, Conversion> conversions;
    private final Map<String, String> excluded;

    private LegacyTable(String schema, String name, Map<String, String> renamed, Map<String, LegacyStorage> storages,
            Set<String> zeroDatesAsNull, Map<String, String> nulReplacements) {
        this(schema, name, renamed, storages, zeroDatesAsNull, nulReplacements, Map.of(), Map.of());
    }

    private LegacyTable(String schema, String name, Map<String, String> renamed, Map<String, LegacyStorage> storages,
            Set<String> zeroDatesAsNull, Map<String, String> nulReplacements, Map<String, Conversion> conversions,
            Map<String, String> excluded) {
        this.schema = schema;
        this.name = name;
        this.renamed = renamed;
        this.storages = storages;
        this.zeroDatesAsNull = zeroDatesAsNull;
        this.nulReplacements = nulReplacements;
        this.conversions = conversions;
        this.excluded = excluded;
    }

    private LegacyTable with(Map<String, String> renamed, Map<String, LegacyStorage> storages,
            Set<String> zeroDatesAsNull, Map<String, String> nulReplacements) {
        return new LegacyTable(schema, name, renamed, storages, zeroDatesAsNull, nulReplacements, conversions, excluded);
    }

    /**
     * The legacy table with this exact name (case-sensitive, quoted in SQL), looked up in the connection's
     * default schema unless {@link #inSchema} is given.
     */
    public static LegacyTable named(String table) {
        return new LegacyTable(null, identifier("Legacy table name", table), Map.of(), Map.of(), Set.of(), Map.of());
    }

    /** The same binding, for a table in this schema (on MariaDB and MySQL: a database). */
    public LegacyTable inSchema(String schemaName) {
        return new LegacyTable(identifier("Schema of legacy table " + name, schemaName), name, renamed, storages,
                zeroDatesAsNull, nulReplacements, conversions, excluded);
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
        return with(Collections.unmodifiableMap(copy), storages, zeroDatesAsNull, nulReplacements);
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
        return with(renamed, Collections.unmodifiableMap(copy), zeroDatesAsNull, nulReplacements);
    }

    /**
     * The same binding, reading MariaDB's zero date ({@code 0000-00-00}, {@code 0000-00-00 00:00:00}) in the
     * mapping's column {@code logicalColumn} as NULL. Without this rule a zero date fails the read, naming table,
     * column and key. Only for nullable DATE and TIMESTAMPTZ columns (checked when a store is created); dates
     * with only a zero month or day ({@code 2024-00-15}) always fail.
     *
     * @throws IllegalArgumentException if the rule is already given or the name is blank
     */
    public LegacyTable zeroDateAsNull(String logicalColumn) {
        identifier("Logical column name for legacy table " + name, logicalColumn);
        if (zeroDatesAsNull.contains(logicalColumn)) {
            throw new IllegalArgumentException("Column '" + logicalColumn + "' of legacy table " + name
                    + " already reads zero dates as NULL; declare it once");
        }
        Set<String> copy = new LinkedHashSet<>(zeroDatesAsNull);
        copy.add(logicalColumn);
        return with(renamed, storages, Collections.unmodifiableSet(copy), nulReplacements);
    }

    /**
     * The same binding, removing NUL characters (U+0000) from text read from the mapping's column
     * {@code logicalColumn}. PostgreSQL text cannot hold them, so without this rule (or {@link #replaceNul}) a
     * value that has one fails the read, naming table, column, key and the character's position. Only for TEXT
     * columns (checked when a store is created).
     */
    public LegacyTable stripNul(String logicalColumn) {
        return replaceNul(logicalColumn, "");
    }

    /**
     * The same binding, replacing each NUL character (U+0000) in text read from the mapping's column
     * {@code logicalColumn} with {@code replacement} (for example U+FFFD, the replacement character); see
     * {@link #stripNul}.
     *
     * @throws IllegalArgumentException if the rule is already given, the name is blank or the replacement has
     *     a NUL character itself
     */
    public LegacyTable replaceNul(String logicalColumn, String replacement) {
        identifier("Logical column name for legacy table " + name, logicalColumn);
        Objects.requireNonNull(replacement, () -> "NUL replacement of column '" + logicalColumn + "' of legacy table "
                + name);
        if (replacement.indexOf('\0') >= 0) {
            throw new IllegalArgumentException("NUL replacement of column '" + logicalColumn + "' of legacy table "
                    + name + " must not contain a NUL character itself");
        }
        String existing = nulReplacements.get(logicalColumn);
        if (existing != null) {
            throw new IllegalArgumentException("Column '" + logicalColumn + "' of legacy table " + name
                    + " already replaces NUL characters with '" + existing + "'; declare it once");
        }
        Map<String, String> copy = new LinkedHashMap<>(nulReplacements);
        copy.put(logicalColumn, replacement);
        return with(renamed, storages, zeroDatesAsNull, Collections.unmodifiableMap(copy));
    }

    /**
     * The same binding, with the legacy column of the mapping's column {@code logicalColumn} converted to the mapping's
     * type as {@code conversion} declares (a uuid kept as text, a wider counter, a flag kept as a number...). Checked
     * against the mapping and the legacy column's type when a store is created; see {@link Conversion} and
     * {@code docs/conversions.md} for what each accepts and what happens to a value that does not fit.
     *
     * @throws IllegalArgumentException if the column's conversion is already given or the name is blank
     */
    public LegacyTable convert(String logicalColumn, Conversion conversion) {
        identifier("Logical column name for legacy table " + name, logicalColumn);
        Objects.requireNonNull(conversion, () -> "conversion of column '" + logicalColumn + "' of legacy table " + name);
        Conversion existing = conversions.get(logicalColumn);
        if (existing != null) {
            throw new IllegalArgumentException("Column '" + logicalColumn + "' of legacy table " + name
                    + " is already converted with " + existing + "; give each column's conversion once");
        }
        Map<String, Conversion> copy = new LinkedHashMap<>(conversions);
        copy.put(logicalColumn, conversion);
        return new LegacyTable(schema, name, renamed, storages, zeroDatesAsNull, nulReplacements,
                Collections.unmodifiableMap(copy), excluded);
    }

    /**
     * The same binding, leaving the legacy column {@code legacyColumn} (its legacy name) out of the migration on
     * purpose, for {@code reason}. Without this, a legacy column that no mapping column reads is a schema-check error,
     * so that no column is left behind silently. Verify lists excluded columns as not compared, with the reason.
     *
     * @throws IllegalArgumentException if the column is already excluded, or the name or reason is blank
     */
    public LegacyTable exclude(String legacyColumn, String reason) {
        identifier("Excluded column name of legacy table " + name, legacyColumn);
        if (reason == null || reason.isBlank()) {
            throw new IllegalArgumentException("Excluding column '" + legacyColumn + "' of legacy table " + name
                    + " needs a reason (it is shown in schema reports and verify reports), was "
                    + (reason == null ? "null" : "'" + reason + "'"));
        }
        if (excluded.containsKey(legacyColumn)) {
            throw new IllegalArgumentException("Column '" + legacyColumn + "' of legacy table " + name
                    + " is already excluded (" + excluded.get(legacyColumn) + "); exclude each column once");
        }
        Map<String, String> copy = new LinkedHashMap<>(excluded);
        copy.put(legacyColumn, reason);
        return new LegacyTable(schema, name, renamed, storages, zeroDatesAsNull, nulReplacements, conversions,
                Collections.unmodifiableMap(copy));
    }

    /** The conversion of a logical column, if one was declared. */
    public Optional<Conversion> conversion(String logicalColumn) {
        return Optional.ofNullable(conversions.get(logicalColumn));
    }

    /** The columns whose conversion was given, logical name to conversion, in the order given. */
    public Map<String, Conversion> conversions() {
        return conversions;
    }

    /** The legacy columns left out on purpose, legacy name to reason, in the order given. */
    public Map<String, String> excludedColumns() {
        return excluded;
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

    /** The logical columns whose zero dates read as NULL, in the order given. */
    public Set<String> zeroDatesAsNull() {
        return zeroDatesAsNull;
    }

    /** The logical columns whose NUL characters are replaced when read, with their replacements, in the order given. */
    public Map<String, String> nulReplacements() {
        return nulReplacements;
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
                && table.renamed.equals(renamed) && table.storages.equals(storages)
                && table.zeroDatesAsNull.equals(zeroDatesAsNull) && table.nulReplacements.equals(nulReplacements)
                && table.conversions.equals(conversions) && table.excluded.equals(excluded);
    }

    @Override
    public int hashCode() {
        return Objects.hash(schema, name, renamed, storages, zeroDatesAsNull, nulReplacements, conversions, excluded);
    }

    @Override
    public String toString() {
        return "LegacyTable[" + displayName() + ", renamed " + renamed + ", stored " + storages
                + (zeroDatesAsNull.isEmpty() ? "" : ", zero dates as NULL " + zeroDatesAsNull)
                + (nulReplacements.isEmpty() ? "" : ", NUL replaced " + nulReplacements.entrySet().stream()
                        .map(e -> e.getKey() + "='" + e.getValue() + "'").toList())
                + (conversions.isEmpty() ? "" : ", converted " + conversions)
                + (excluded.isEmpty() ? "" : ", excluded " + excluded.keySet())
                + "]";
    }
}
