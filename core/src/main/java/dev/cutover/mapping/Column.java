package dev.cutover.mapping;

import java.util.Objects;

/**
 * A column of an entity's table: its name in the target (PostgreSQL) schema, its logical type and
 * whether it may hold SQL NULL. Backends whose schema differs (the legacy side) map names and storage
 * types themselves.
 */
public record Column(String name, ColumnType type, boolean nullable) {
    public Column {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(type, "type");
        if (!name.matches("[a-z_][a-z0-9_]*")) {
            throw new IllegalArgumentException("Column name '" + name
                    + "' is not a plain lower-case SQL identifier ([a-z_][a-z0-9_]*)");
        }
    }
}
