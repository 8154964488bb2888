package dev.cutover.postgres;

import dev.cutover.store.EntityStore;
import java.util.List;
import org.jooq.Condition;
import org.jooq.Field;
import org.jooq.Record;
import org.jooq.Table;

/**
 * The generic store of one mapped table on PostgreSQL, plus what a repository needs to write its own
 * jOOQ queries against the same table: {@link #table()}, {@link #field(String)}, {@link #findWhere} and
 * {@link #fromRecord}.
 *
 * <pre>{@code
 * List<Client> vips = clients.findWhere(clients.field("vip", Boolean.class).isTrue(), 100);
 * List<Client> recent = postgres.dsl().selectFrom(clients.table())
 *         .where(clients.field("created_at", Instant.class).gt(since))
 *         .fetch(clients::fromRecord);
 * }</pre>
 *
 * <p>The table's fields carry the mapping's Java types ({@link dev.cutover.mapping.ColumnType#javaType()}):
 * {@code Instant} for {@code timestamptz}, Jackson {@code JsonNode} for {@code json} and {@code jsonb}
 * (bound as {@code json}/{@code jsonb} explicitly, never as text left to the driver's guess).
 *
 * <p>Upserts ({@code INSERT ... ON CONFLICT (conflict target) DO UPDATE}) are sent as multi-row
 * statements of up to 500 rows, all in one transaction (the unit of work's, if there is one). Every
 * entity is checked before the first statement, so a bad value fails with nothing written. Entities
 * with the same conflict-target values in one call are merged, the last one winning, and
 * {@code upsertAll} returns the number of rows written after that merge. With a conflict target other
 * than the key, a matching row gets every other column from the entity, its key columns included.
 *
 * <p>{@code findByKeys} and {@code deleteByKeys} send each key column as one array parameter
 * ({@code k = ANY(?)}, or {@code (k1, k2) IN (SELECT * FROM unnest(?, ?))}): one statement for any number
 * of keys, answered from the key's index and ordered by the database itself, whose text collation
 * Java cannot reproduce. {@code scan} is keyset pagination, {@code (k1, k2) > (?, ?) ORDER BY k1, k2 LIMIT n}.
 *
 * <p>Thread-safe.
 *
 * @param <E> the entity type
 * @param <K> the key type
 */
public interface PostgresStore<E, K> extends EntityStore<E, K> {

    /**
     * Up to {@code limit} entities matching {@code condition}, in key order.
     *
     * @throws IllegalArgumentException if {@code limit} is not positive
     */
    List<E> findWhere(Condition condition, int limit);

    /**
     * The entity in a record that holds every mapped column: a record of {@link #table()}, or of any
     * query selecting these columns by name.
     *
     * @throws IllegalArgumentException naming the columns the record lacks
     */
    E fromRecord(Record record);

    /** The table, schema-qualified, with one field per mapped column in the mapping's column order. */
    Table<Record> table();

    /**
     * The field of a mapped column.
     *
     * @throws IllegalArgumentException naming the mapped columns, if {@code column} is not one
     */
    Field<?> field(String column);

    /**
     * The field of a mapped column, typed.
     *
     * @throws IllegalArgumentException if the column's Java type is not {@code type}
     */
    <T> Field<T> field(String column, Class<T> type);
}
