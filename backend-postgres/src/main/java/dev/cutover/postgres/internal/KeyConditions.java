package dev.cutover.postgres.internal;

import dev.cutover.mapping.Column;
import dev.cutover.mapping.EntityMapping;
import java.lang.reflect.Array;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import org.jooq.Condition;
import org.jooq.DataType;
import org.jooq.Field;
import org.jooq.Param;
import org.jooq.impl.DSL;

/** Conditions on a mapping's key columns, bound with their PostgreSQL types. Immutable and thread-safe. */
final class KeyConditions<K> {
    private final EntityMapping<?, K> mapping;
    private final List<Field<?>> keyFields;

    KeyConditions(EntityMapping<?, K> mapping, List<Field<?>> keyFields) {
        this.mapping = mapping;
        this.keyFields = List.copyOf(keyFields);
    }

    /** {@code k1 = ? AND k2 = ?}. */
    Condition equal(K key) {
        Object[] values = mapping.keyValues(key);
        List<Condition> equal = new ArrayList<>(values.length);
        for (int i = 0; i < values.length; i++) {
            equal.add(equal(keyFields.get(i), values[i]));
        }
        return DSL.and(equal);
    }

    private static <T> Condition equal(Field<T> field, Object value) {
        return field.eq(DSL.val(value, field.getDataType()));
    }

    /** Keyset position after {@code key}: {@code (k1, k2) > (?, ?)}, which PostgreSQL answers from the key's index. */
    Condition after(K key) {
        Object[] keyValues = mapping.keyValues(key);
        if (keyValues.length == 1) {
            return greater(keyFields.get(0), keyValues[0]);
        }
        List<Field<?>> values = new ArrayList<>(keyValues.length);
        for (int i = 0; i < keyValues.length; i++) {
            values.add(DSL.val(keyValues[i], keyFields.get(i).getDataType()));
        }
        return DSL.row(keyFields).gt(DSL.row(values));
    }

    private static <T> Condition greater(Field<T> field, Object value) {
        return field.gt(DSL.val(value, field.getDataType()));
    }

    /**
     * The keys as one array parameter per key column: {@code k IN (SELECT unnest(?))}, or
     * {@code (k1, k2) IN (SELECT * FROM unnest(?, ?))}. One statement for any number of keys, so there is
     * no bind-parameter limit to chunk around, and the database orders the whole answer with its own
     * collation, which Java cannot reproduce for text keys.
     *
     * <p>Not {@code k = ANY(?)}: PgJDBC reuses a server-side prepared statement from its fifth execution on, PostgreSQL
     * may then keep a generic plan made while the table was small, and in a sequential scan it searches a parameter
     * array linearly for every row (it hashes only constant arrays): deleting 40,000 keys took 67 s. A semi-join on
     * {@code unnest} is hashed or driven by the key's index, linear in keys and rows whatever the plan.
     */
    Condition in(Collection<K> keys) {
        List<Column> keyColumns = mapping.keyColumns();
        Object[][] arrays = new Object[keyColumns.size()][];
        DataType<?>[] elementTypes = new DataType<?>[keyColumns.size()];
        for (int c = 0; c < arrays.length; c++) {
            elementTypes[c] = PgTypes.arrayElementType(keyColumns.get(c).type());
            arrays[c] = (Object[]) Array.newInstance(elementTypes[c].getType(), keys.size());
        }
        int row = 0;
        for (K key : keys) {
            Object[] values = mapping.keyValues(key);
            for (int c = 0; c < arrays.length; c++) {
                arrays[c][row] = PgTypes.arrayElement(keyColumns.get(c).type(), values[c]);
            }
            row++;
        }
        List<Param<?>> parameters = new ArrayList<>(arrays.length);
        for (int c = 0; c < arrays.length; c++) {
            parameters.add(DSL.val(arrays[c], elementTypes[c].getArrayDataType()));
        }
        if (arrays.length == 1) {
            return DSL.condition("{0} in (select unnest({1}))", keyFields.get(0), parameters.get(0));
        }
        return DSL.condition("({0}) in (select * from unnest({1}))", DSL.list(keyFields), DSL.list(parameters));
    }
}
