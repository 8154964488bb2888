package dev.cutover.postgres.internal;

import dev.cutover.mapping.Column;
import dev.cutover.mapping.EntityMapping;
import org.jooq.Record;
import org.jooq.impl.DSL;
import org.jooq.impl.TableImpl;

/**
 * A mapped table as jOOQ sees it: schema-qualified, with one field per mapped column, in the mapping's
 * column order and carrying the mapping's Java types. What generated code would give, built from the
 * mapping at runtime. Immutable and thread-safe.
 */
final class MappedTable extends TableImpl<Record> {
    private static final long serialVersionUID = 1L;

    MappedTable(String schema, EntityMapping<?, ?> mapping) {
        super(DSL.name(mapping.table()), DSL.schema(DSL.name(schema)));
        for (Column column : mapping.columns()) {
            createField(DSL.name(column.name()), PgTypes.fieldType(column.type()).nullable(column.nullable()), this, "");
        }
    }
}
