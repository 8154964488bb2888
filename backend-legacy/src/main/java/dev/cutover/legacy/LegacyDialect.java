package dev.cutover.legacy;

import dev.cutover.legacy.internal.MariaDbLegacyDialect;
import dev.cutover.legacy.internal.PostgresLegacyDialect;
import dev.cutover.mapping.ColumnType;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Everything about the legacy database's SQL that differs between databases, in one place: identifier
 * quoting, keyset and key-list conditions, the upsert statement, row limits, the catalog queries behind
 * the startup checks, the database types each logical type may be stored in, and connection properties.
 * The store builds only standard SQL around these pieces, so a new database is a new dialect, not a new
 * store: {@link #postgresql()} and {@link #mariadb()} (MariaDB and MySQL, with
 * {@code INSERT ... ON DUPLICATE KEY UPDATE} and {@code information_schema}).
 *
 * <p>Parameters are written as SQL expressions given by {@link #parameter}: each holds exactly one
 * {@code ?}, bound by the store with a plain JDBC type (JSON and UUID values as text).
 *
 * <p>Implementations are immutable and thread-safe.
 */
public interface LegacyDialect {

    /** PostgreSQL (and PostgreSQL-compatible hosted databases) as the legacy database. */
    static LegacyDialect postgresql() {
        return PostgresLegacyDialect.INSTANCE;
    }

    /**
     * MariaDB (10.6 and later) and MySQL 8 as the legacy database, through MariaDB Connector/J
     * ({@code org.mariadb.jdbc:mariadb-java-client}). Connections of {@link LegacyAdapter#create} run with
     * {@code time_zone='+00:00'}, a strict {@code sql_mode} and utf8mb4; stores check that a wrapped pool's do
     * too. See {@code docs/mariadb.md} for how each MariaDB pitfall (zero dates, {@code tinyint(1)} booleans,
     * unsigned {@code BIGINT}, NUL characters, {@code ON DUPLICATE KEY UPDATE} matching any unique key) is handled.
     */
    static LegacyDialect mariadb() {
        return MariaDbLegacyDialect.INSTANCE;
    }

    /** The database's name, for messages: {@code PostgreSQL}. */
    String name();

    /** An identifier quoted so that it keeps its exact spelling and may be a reserved word. */
    String quote(String identifier);

    /** A table reference, quoted, qualified with {@code schema} unless it is {@code null}. */
    default String table(String schema, String table) {
        return schema == null ? quote(table) : quote(schema) + "." + quote(table);
    }

    /**
     * The parameter expression for a value of a column of catalog type {@code legacyType} (as
     * {@link CatalogColumn#type()} reports it), for example {@code CAST(? AS jsonb)}. The value is bound as
     * text for JSON and UUID columns, as the natural JDBC type otherwise.
     */
    String parameter(String legacyType, ColumnType type, LegacyStorage storage);

    /**
     * A condition true for the rows whose key comes after a given key in the order of
     * {@code ORDER BY columns}.
     *
     * @param columns the key columns, quoted, in key order
     * @param parameters the parameter expression of each key column
     */
    KeyCondition keyAfter(List<String> columns, List<String> parameters);

    /**
     * A condition true for the rows whose key is one of {@code keys} keys; binds each key's columns in key
     * order, key after key.
     */
    String keyIn(List<String> columns, List<String> parameters, int keys);

    /**
     * An insert of one row that updates {@code updateColumns} of the existing row when it conflicts on
     * {@code conflictColumns}; binds {@code parameters} in order. With no columns to update, a conflicting
     * row is left as it is.
     */
    String upsert(String table, List<String> columns, List<String> parameters, List<String> conflictColumns,
            List<String> updateColumns);

    /**
     * Whether {@link #upsert} updates a row that conflicts on <em>any</em> unique key of the table, not only on
     * the conflict target (MariaDB's {@code ON DUPLICATE KEY UPDATE}). If so, and the table has other unique
     * keys, stores write with {@link #guardedUpsert} instead.
     */
    default boolean upsertMatchesAnyUniqueKey() {
        return false;
    }

    /**
     * {@link #upsert}, for a database whose upsert {@linkplain #upsertMatchesAnyUniqueKey() matches any unique
     * key}, made to fail instead of updating a row that matched on a unique key other than the conflict target:
     * for such a row it sets {@code guardColumn}, a NOT NULL column, to NULL, an error that
     * {@link #isGuardViolation} recognises. The effect is PostgreSQL's: {@code ON CONFLICT (target)} updates only
     * the row matching the target and fails on a duplicate of any other unique key.
     *
     * @param guardColumn a quoted NOT NULL column among {@code columns}
     */
    default String guardedUpsert(String table, List<String> columns, List<String> parameters,
            List<String> conflictColumns, List<String> updateColumns, String guardColumn) {
        throw new UnsupportedOperationException(name() + " upserts match only their conflict target; use upsert(...)");
    }

    /**
     * The statement behind {@link dev.cutover.store.EntityStore#lockAgainstWriters}: it makes the current transaction
     * wait, up to {@code timeout}, until no other transaction writes {@code table} and holds their writes back until it
     * ends. Empty where a write of a key already waits on an uncommitted insert of that key, as InnoDB's locking
     * {@code DELETE} and {@code UPDATE} do; PostgreSQL's do not.
     *
     * @param table the table as {@link #table} gives it
     */
    default Optional<String> lockAgainstWriters(String table, Duration timeout) {
        return Optional.empty();
    }

    /** Whether {@code failure} is the error {@link #guardedUpsert} raises through {@code guardColumn} (unquoted). */
    default boolean isGuardViolation(SQLException failure, String guardColumn) {
        return false;
    }

    /**
     * Whether instants of a {@link ColumnType#TIMESTAMPTZ} column of catalog type {@code legacyType} stored as
     * {@code storage} are exchanged with the driver as UTC wall-clock {@link java.time.LocalDateTime}s (true for
     * {@link LegacyStorage#TIMESTAMP_UTC}, and for every instant where the session's time zone is UTC), or
     * else as {@link OffsetDateTime}s.
     */
    default boolean instantsAsUtcWallClock(String legacyType, LegacyStorage storage) {
        return storage == LegacyStorage.TIMESTAMP_UTC;
    }

    /**
     * An instant as a JDBC parameter of a hand-written condition ({@link LegacyStore#findWhere}): one the
     * driver passes on without converting it at the JVM's time zone. An {@link OffsetDateTime} at UTC by default.
     */
    default Object instantParameter(Instant instant) {
        return OffsetDateTime.ofInstant(instant, ZoneOffset.UTC);
    }

    /**
     * What is wrong with the session settings of {@code connection} for reading and writing a table whose mapped
     * columns have these catalog types (time zone, character set, strictness), each with its remedy; none by
     * default.
     */
    default List<String> sessionProblems(Connection connection, List<String> legacyTypes) throws SQLException {
        return List.of();
    }

    /** The select, ordered already, limited to a number of rows given by one more parameter at its end. */
    String limit(String orderedSelect);

    /** The catalog types (as {@link CatalogColumn#type()} reports them) a column may have, for messages too. */
    List<String> compatibleTypes(ColumnType type, LegacyStorage storage);

    /**
     * The catalog types (as {@link CatalogColumn#type()} reports them) a column converted with a {@link Conversion} of
     * this kind may have; none by default. {@code docs/conversions.md} lists them for every dialect (a test keeps the
     * two equal).
     */
    default List<String> convertibleTypes(Conversion.Kind kind) {
        return List.of();
    }

    /**
     * The parameter expression for a value of a column of catalog type {@code legacyType} converted as {@code kind};
     * {@link #parameter} by default.
     */
    default String convertedParameter(String legacyType, Conversion.Kind kind) {
        return "?";
    }

    /** The schema unqualified table names resolve to on this connection, for messages. */
    String currentSchema(Connection connection) throws SQLException;

    /**
     * The columns of a table or view, in table order, or empty if there is no such table.
     *
     * @param schema the schema, or {@code null} for the connection's default
     */
    Optional<List<CatalogColumn>> columns(Connection connection, String schema, String table) throws SQLException;

    /** The table's unique constraints and unique indexes, usable as an upsert's conflict target or not. */
    List<UniqueIndex> uniqueIndexes(Connection connection, String schema, String table) throws SQLException;

    /** Driver properties that give connections an application name, or none if the database has no such thing. */
    Map<String, String> connectionProperties(String applicationName);

    /**
     * A condition true for the rows whose key is at most a given key in the order of {@code ORDER BY columns}:
     * with {@link #keyAfter}, the bounds of a key range. By default the negation of {@link #keyAfter} (keys are
     * never NULL).
     */
    default KeyCondition keyAtMost(List<String> columns, List<String> parameters) {
        KeyCondition after = keyAfter(columns, parameters);
        return new KeyCondition("NOT (" + after.sql() + ")", after.keyColumnOfParameter());
    }

    /**
     * The {@link ChecksumScheme}s this dialect computes; verification uses the first, in declaration order, that
     * both databases compute for every compared column. None by default.
     */
    default Set<ChecksumScheme> checksumSchemes() {
        return Set.of();
    }

    /**
     * An SQL expression giving a column's value as {@code scheme} defines it, or empty if this dialect cannot give
     * exactly what every other dialect gives for the same logical value. Verification compares key ranges of two
     * databases by checksums built from these, so a value's checksum must depend only on the logical value: never
     * on the storage, the session's time zone or date style, a number's scale or a collation. SQL NULL gives NULL.
     *
     * @param column the column, quoted
     * @param legacyType its catalog type, as {@link CatalogColumn#type()} reports it
     */
    default Optional<String> checksumValue(ChecksumScheme scheme, String column, String legacyType, ColumnType type,
            LegacyStorage storage) {
        return Optional.empty();
    }

    /**
     * An SQL expression giving a row's checksum, a number, from its columns' {@link #checksumValue checksum values}
     * in the given order, as {@code scheme} defines it; or empty if this dialect cannot compute it. A key range's
     * checksum is its row count and the exact sum of its rows' checksums.
     */
    default Optional<String> checksumRow(ChecksumScheme scheme, List<String> values) {
        return Optional.empty();
    }

    /**
     * How two databases compute the same checksum of a row from the logical values of its columns, so that equal
     * rows give equal checksums whatever their storage, and a range of rows is compared by the sum of its rows'.
     */
    enum ChecksumScheme {
        /**
         * PostgreSQL's own hash functions of the native values, as its hash indexes and partitions use them:
         * {@code hashtextextended(v COLLATE "C", 0)}, {@code hashint8extended(v::bigint, 0)} for INTEGER and BIGINT,
         * {@code hash_numeric_extended(v, 0)} (the value: {@code 2.5} and {@code 2.50} hash alike),
         * {@code hashint4extended(0 or 1, 0)} for BOOLEAN ({@link LegacyStorage#SMALLINT_BOOLEAN}: any other number
         * hashes as {@code 1000000 + n}), {@code timestamp_hash_extended} of the instant's UTC wall-clock time for
         * TIMESTAMPTZ ({@link LegacyStorage#TIMESTAMP_UTC}: the stored time as it is),
         * {@code hashint4extended(days since 1970-01-01, 0)} for DATE, {@code uuid_hash_extended(v, 0)},
         * {@code jsonb_hash_extended(v::jsonb, 0)} for JSON and JSONB (the parsed document: field order,
         * whitespace and number scale do not matter). A row's checksum chains its values in column order:
         * {@code h = hashint8extended(coalesce(value, -1) # h, 0)} from {@code h = 0}. Only PostgreSQL computes it,
         * with no text built or digested: the fast path between PostgreSQL databases.
         */
        POSTGRESQL_HASH,
        /**
         * Text any database can produce, digested with MD5. Each value as text: TEXT as its length in characters,
         * {@code ':'} and the text ({@code 5:Hello}); INTEGER and BIGINT as the decimal number; NUMERIC as the decimal
         * number without trailing fractional zeros or point ({@code 2.50} and {@code 2.5} give {@code 2.5});
         * BOOLEAN as {@code t} or {@code f} (a {@link LegacyStorage#SMALLINT_BOOLEAN} holding any other number gives
         * {@code ?} and the number); TIMESTAMPTZ as microseconds since 1970-01-01T00:00:00Z
         * ({@link LegacyStorage#TIMESTAMP_UTC}: the stored wall-clock time read at UTC); DATE as days since
         * 1970-01-01; UUID as lower-case hex in 8-4-4-4-12 groups; JSON and JSONB as the decimal
         * {@code jsonb_hash_extended(v::jsonb, 0)}, so on PostgreSQL only. A row's checksum: the first 15 hex digits
         * of the MD5 of the UTF-8 bytes of its texts joined by U+001F, NULL written as {@code ~}, read as an unsigned
         * integer (0 to 2<sup>60</sup>-1). Portable, so MariaDB computes it too; no {@code GROUP_CONCAT} (which
         * truncates silently) is involved.
         */
        TEXT_MD5
    }

    /**
     * A column as the catalog describes it.
     *
     * @param type the type without modifiers ({@code character varying}, not {@code varchar(20)}); unsigned
     *     integer types end with {@code " unsigned"} ({@code bigint unsigned})
     * @param fractionalDigits the digits of a second a date-time column keeps ({@code datetime(3)}: 3), or -1
     *     if unknown or not a date-time; writing an instant more precise than this fails instead of being rounded
     */
    record CatalogColumn(String name, String type, boolean nullable, int fractionalDigits) {
        public CatalogColumn {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(type, "type");
        }

        /** A column whose fractional seconds are unknown or do not apply. */
        public CatalogColumn(String name, String type, boolean nullable) {
            this(name, type, nullable, -1);
        }
    }

    /**
     * A unique constraint or unique index.
     *
     * @param kind {@code PRIMARY KEY}, {@code UNIQUE} (a constraint; on MariaDB every unique index) or
     *     {@code UNIQUE INDEX}
     * @param columns its key columns in index order: names, or expressions as the database shows them;
     *     included (non-key) columns are left out
     * @param unusable why the database cannot use it as an upsert's conflict target ({@code partial},
     *     {@code deferrable}, {@code on expressions}, {@code invalid}, {@code prefix}), or {@code null} if it can
     */
    record UniqueIndex(String name, String kind, List<String> columns, String unusable) {
        public UniqueIndex {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(kind, "kind");
            columns = List.copyOf(columns);
        }

        /** {@code UNIQUE tbl_clients_yc_id_key (yc_id, company_id)}, with why it is unusable if so. */
        public String describe() {
            return kind + " " + name + " (" + String.join(", ", columns) + ")"
                    + (unusable == null ? "" : " [" + unusable + "]");
        }
    }

    /**
     * A SQL condition over key columns and, for each {@code ?} in it in order, the index of the key column
     * whose value binds it (a dialect may repeat columns: {@code a > ? OR (a = ? AND b > ?)} is {@code [0, 0, 1]}).
     */
    record KeyCondition(String sql, List<Integer> keyColumnOfParameter) {
        public KeyCondition {
            Objects.requireNonNull(sql, "sql");
            keyColumnOfParameter = List.copyOf(keyColumnOfParameter);
        }
    }
}
