package dev.cutover.legacy.internal;

import dev.cutover.legacy.LegacyDialect;
import dev.cutover.legacy.LegacyDialect.KeyCondition;
import dev.cutover.legacy.LegacyDialect.UniqueIndex;
import dev.cutover.legacy.LegacyTable;
import dev.cutover.mapping.EntityMapping;
import java.util.Arrays;
import java.util.List;
import java.util.function.IntFunction;
import java.util.stream.Collectors;

/**
 * The SQL of a {@link DefaultLegacyStore}, built once when the store is created from the dialect's pieces: selects,
 * keyset and key-list conditions, the upsert (guarded where the dialect's upsert matches any unique key), deletes and
 * the count. Immutable and thread-safe.
 */
final class LegacyStatements {
    final List<String> keyColumns;
    final List<String> keyParameters;
    final KeyCondition keyAfter;
    final String selectList;
    final String select;
    final String orderBy;
    final String scanFirstSql;
    final String scanAfterSql;
    final String findOneSql;
    final String findChunkSql;
    final String deleteChunkSql;
    final String upsertSql;
    /** The NOT NULL column whose NULL assignment means "matched another unique key", or {@code null}. */
    final String guardColumn;
    final String guardViolation;
    /** The upsert of n rows, on PostgreSQL, to carry dual-write's outbox entries; {@code null} on other databases. */
    final IntFunction<String> withOutbox;
    final String countSql;
    private final LegacyDialect dialect;
    private final String qualifiedTable;

    LegacyStatements(LegacyDialect dialect, EntityMapping<?, ?> mapping, LegacyTable legacyTable, String qualifiedTable,
            List<LegacyColumn> columns, int[] keyIndexes, SchemaCheck.Result checked) {
        this.dialect = dialect;
        this.qualifiedTable = qualifiedTable;
        String tableName = legacyTable.displayName();
        keyColumns = Arrays.stream(keyIndexes).mapToObj(i -> columns.get(i).keyExpression()).toList();
        keyParameters = Arrays.stream(keyIndexes).mapToObj(i -> columns.get(i).parameter()).toList();
        keyAfter = dialect.keyAfter(keyColumns, keyParameters);
        selectList = columns.stream().map(LegacyColumn::quotedName).collect(Collectors.joining(", "));
        select = "SELECT " + selectList + " FROM " + qualifiedTable;
        orderBy = " ORDER BY " + String.join(", ", keyColumns);
        scanFirstSql = dialect.limit(select + orderBy);
        scanAfterSql = dialect.limit(select + " WHERE " + keyAfter.sql() + orderBy);
        findOneSql = select + " WHERE " + dialect.keyIn(keyColumns, keyParameters, 1);
        findChunkSql = findSql(DefaultLegacyStore.KEY_CHUNK);
        deleteChunkSql = deleteSql(DefaultLegacyStore.KEY_CHUNK);
        List<String> conflict = mapping.conflictTarget().stream().map(n -> columns.get(mapping.indexOf(n)).quotedName())
                .toList();
        List<String> update = columns.stream().map(LegacyColumn::quotedName).filter(n -> !conflict.contains(n)).toList();
        List<String> all = columns.stream().map(LegacyColumn::quotedName).toList();
        List<String> parameters = columns.stream().map(LegacyColumn::parameter).toList();
        guardColumn = checked.guardColumn();
        withOutbox = guardColumn == null && dialect instanceof PostgresLegacyDialect postgres
                ? rows -> postgres.upsert(qualifiedTable, all, parameters, conflict, update, rows) : null;
        upsertSql = guardColumn == null ? dialect.upsert(qualifiedTable, all, parameters, conflict, update)
                : dialect.guardedUpsert(qualifiedTable, all, parameters, conflict, update, dialect.quote(guardColumn));
        guardViolation = guardColumn == null ? null : "upsertAll on legacy table " + tableName + " refused a row "
                + "that matches an existing row on a unique key other than the conflict target ("
                + String.join(", ", mapping.conflictTarget().stream().map(legacyTable::legacyName).toList()) + "): "
                + checked.otherUniqueKeys().stream().map(UniqueIndex::describe).collect(Collectors.joining(", "))
                + "; " + dialect.name() + "'s ON DUPLICATE KEY UPDATE would have overwritten that other row, so the "
                + "statement failed instead, as PostgreSQL's ON CONFLICT does";
        countSql = "SELECT count(*) FROM " + qualifiedTable;
    }

    String findSql(int keys) {
        return select + " WHERE " + dialect.keyIn(keyColumns, keyParameters, keys) + orderBy;
    }

    String deleteSql(int keys) {
        return "DELETE FROM " + qualifiedTable + " WHERE " + dialect.keyIn(keyColumns, keyParameters, keys);
    }
}
