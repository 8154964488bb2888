package dev.cutover.backfill;

import java.util.List;

/**
 * A foreign key between two tables of a {@link SchemaBackfill}, as the target's catalog defines it.
 *
 * @param name the constraint's name
 * @param table the referencing (child) table
 * @param columns the child's columns, in the constraint's order
 * @param referencedTable the referenced (parent) table; equal to {@code table} for a self-reference
 * @param referencedColumns the parent's columns
 * @param definition the constraint as {@code pg_get_constraintdef} prints it ({@code FOREIGN KEY (...) REFERENCES ...})
 */
public record ForeignKey(String name, String table, List<String> columns, String referencedTable,
        List<String> referencedColumns, String definition) {

    public ForeignKey {
        columns = List.copyOf(columns);
        referencedColumns = List.copyOf(referencedColumns);
    }

    /** Whether the key references its own table (a tree such as {@code parent_id}). */
    public boolean selfReference() {
        return table.equals(referencedTable);
    }
}
