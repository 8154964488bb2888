package dev.cutover.legacy;

import dev.cutover.store.EntityStore;
import java.sql.ResultSet;
import java.util.List;

/**
 * An {@link EntityStore} over a legacy table, in plain JDBC, plus what a repository's custom queries need:
 * {@link #findWhere} for a condition in legacy column names, and {@link #selectList()} with
 * {@link #read(ResultSet)} for queries written by hand.
 *
 * <pre>{@code
 * List<Client> vips = clients.findWhere("is_vip = 1 AND company_id = ?", companyId);
 *
 * String sql = "SELECT " + clients.selectList("c") + " FROM " + clients.qualifiedTable() + " c"
 *         + " JOIN tbl_bookings b ON b.client_id = c.id WHERE b.day = ?";
 * }</pre>
 *
 * <p>Every operation takes its connection from the adapter's {@code TransactionalConnections}, so it joins
 * the current unit of work if there is one. Failures of the database are {@link dev.cutover.DataAccessException}s
 * naming the operation and the legacy table, with the SQLState kept; values read from the legacy table
 * that do not fit their storage are {@link dev.cutover.mapping.InvalidValueException}s naming the legacy
 * table, column and key.
 *
 * <p>{@code findByKeys} returns rows in the database's key order. Lists of more than 1,000 keys are asked
 * for in chunks and merged in Java's order of the key values, which is the database's for numbers, dates,
 * times, UUIDs and booleans, and for text only under a binary ("C") collation.
 *
 * <p>Thread-safe.
 *
 * @param <E> the entity type
 * @param <K> the key type
 */
public interface LegacyStore<E, K> extends EntityStore<E, K> {

    /** The binding this store was created with. */
    LegacyTable legacyTable();

    /** The legacy table as SQL: quoted, schema-qualified if a schema was given. */
    String qualifiedTable();

    /** The mapping's columns, in mapping order, by their quoted legacy names: what {@link #read} expects first. */
    String selectList();

    /** {@link #selectList()} with each column qualified by a table alias ({@code c."full_name"}). */
    String selectList(String tableAlias);

    /**
     * The entities whose rows satisfy a condition written in the legacy table's column names, in key order.
     * Parameters are bound with {@code setObject}, except that an {@link java.time.Instant} is bound as
     * {@link LegacyDialect#instantParameter} gives it: on PostgreSQL an {@link java.time.OffsetDateTime} at UTC
     * (compare a {@link LegacyStorage#TIMESTAMP_UTC} column with a {@link java.time.LocalDateTime} at UTC instead:
     * the database would convert an instant to it at the session's time zone); on MariaDB a
     * {@link java.time.LocalDateTime} at UTC, right for DATETIME holding UTC and for TIMESTAMP in the UTC session.
     *
     * @param legacySqlCondition a SQL condition, with one {@code ?} per parameter
     */
    List<E> findWhere(String legacySqlCondition, Object... parameters);

    /**
     * The entity in the result set's current row, whose first columns are {@link #selectList()}.
     *
     * @throws IllegalArgumentException if the result set's first columns are not the store's select list
     */
    E read(ResultSet resultSet);
}
