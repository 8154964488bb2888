package dev.cutover.cli;

import dev.cutover.legacy.LegacyTable;
import dev.cutover.mapping.EntityMapping;
import java.util.Objects;

/**
 * One table that moves: its mapping (the target's shape) and where and how the legacy database keeps it.
 *
 * @param mapping the entity mapping; its table name is the name commands take ({@code --table clients})
 * @param legacyTable the legacy table's name, column names and storage
 */
public record MovedTable<E, K>(EntityMapping<E, K> mapping, LegacyTable legacyTable) {

    public MovedTable {
        Objects.requireNonNull(mapping, "mapping");
        Objects.requireNonNull(legacyTable, "legacyTable");
    }

    public static <E, K> MovedTable<E, K> of(EntityMapping<E, K> mapping, LegacyTable legacyTable) {
        return new MovedTable<>(mapping, legacyTable);
    }

    /** The name commands take: the mapping's table. */
    public String name() {
        return mapping.table();
    }
}
