package dev.cutover.schemacheck;

import dev.cutover.Backend;
import dev.cutover.schema.SchemaProblem;
import java.util.Objects;

/**
 * One problem the schema check found.
 *
 * @param entity  the mapping's table
 * @param side    the database whose table has the problem
 * @param table   that table: the legacy table's display name, or the schema-qualified PostgreSQL table
 * @param kind    what is wrong
 * @param column  the column concerned, as that table names it, or {@code null} for the whole table
 * @param message what is wrong and how to fix it
 */
public record SchemaFinding(String entity, Backend side, String table, SchemaProblem.Kind kind, String column,
        String message) {

    public SchemaFinding {
        Objects.requireNonNull(entity, "entity");
        Objects.requireNonNull(side, "side");
        Objects.requireNonNull(table, "table");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(message, "message");
    }

    /** The table as store creation names it: {@code legacy table tbl_clients (for clients)}, {@code postgres table public.clients}. */
    public String subject() {
        return side == Backend.LEGACY ? "legacy table " + table + " (for " + entity + ")" : "postgres table " + table;
    }

    /** {@code legacy table tbl_clients (for clients): column ...}. */
    @Override
    public String toString() {
        return subject() + ": " + message;
    }
}
