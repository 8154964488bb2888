package dev.cutover.backfill.internal;

import dev.cutover.backfill.BackfillSource;
import dev.cutover.mapping.EntityMapping;
import dev.cutover.mapping.InvalidValueException;
import dev.cutover.store.EntityStore;
import java.util.List;
import java.util.function.Consumer;

/** {@link BackfillSource#store}: keyset pages of {@link EntityStore#scan}. Thread-safe if the store is. */
public final class StoreBackfillSource<E, K> implements BackfillSource<E, K> {
    private final EntityStore<E, K> store;
    private final EntityMapping<E, K> mapping;

    public StoreBackfillSource(EntityStore<E, K> store) {
        this.store = store;
        this.mapping = store.mapping();
    }

    @Override
    public EntityMapping<E, K> mapping() {
        return mapping;
    }

    @Override
    public String description() {
        return "store " + store;
    }


    @Override
    public Page keys(Object[] after, int limit, Consumer<Object[]> visitor) {
        List<E> entities = store.scan(after == null ? null : mapping.key(after), limit);
        Object[] last = null;
        for (E entity : entities) {
            last = mapping.keyValues(mapping.keyOf(entity));
            visitor.accept(last);
        }
        return new Page(entities.size(), last, false);
    }

    @Override
    public Page read(Object[] after, Object[] upTo, int limit, RowVisitor visitor) {
        List<E> entities = store.scan(after == null ? null : mapping.key(after), limit);
        Object[] last = null;
        int rows = 0;
        for (E entity : entities) {
            Object[] key = mapping.keyValues(mapping.keyOf(entity));
            if (upTo != null && KeyComparison.compare(key, upTo) > 0) {
                return new Page(rows, last, true);
            }
            try {
                visitor.row(mapping.values(entity));
            } catch (InvalidValueException e) {
                visitor.unreadable(key, String.valueOf(entity), e.getMessage());
            }
            last = key;
            rows++;
        }
        return new Page(rows, last, false);
    }

    @Override
    public String toString() {
        return description();
    }
}
