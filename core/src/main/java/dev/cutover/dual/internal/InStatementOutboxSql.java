package dev.cutover.dual.internal;

import dev.cutover.dual.OutboxSql;
import java.time.Instant;

/**
 * An {@link OutboxSql} whose insert can ride inside a store's write statement as a data-modifying {@code WITH} query
 * (PostgreSQL), so that a write and its outbox entries are one statement: one round trip, atomic in autocommit. The
 * shipped PostgreSQL outboxes (target and legacy) implement it; an outbox that does not is written as before. Internal:
 * not an API for users.
 */
public interface InStatementOutboxSql extends OutboxSql {

    /**
     * {@code INSERT INTO <table> (table_name, entity_key, created_at) VALUES (?, ?, ?), ... RETURNING id, entity_key}
     * for {@code rows} entries, three parameters each as {@link #insert()}.
     */
    String insertReturning(int rows);

    /** {@code INSERT INTO <table> (table_name, entity_key, created_at) VALUES (?, ?, ?), ...} for {@code rows} entries. */
    static String insertValues(String table, int rows) {
        StringBuilder sql = new StringBuilder("INSERT INTO ").append(table)
                .append(" (table_name, entity_key, created_at) VALUES (?, ?, ?)");
        for (int i = 1; i < rows; i++) {
            sql.append(", (?, ?, ?)");
        }
        return sql.toString();
    }

    /** A created-at value as {@link #bindTime} binds it, for {@code setObject} or a jOOQ bind value. */
    Object timeValue(Instant time);
}
