package dev.cutover.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cutover.store.EntityStore;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The contract every {@link EntityStore} keeps, written once and run against each backend: subclass it
 * once per backend (and per mapping), as JDBI's {@code AbstractJavaTimeTests} is subclassed per database.
 * Applications run it on their own mappings to prove both of their stores behave alike.
 *
 * <p>Every test starts from an empty table ({@link #deleteAll()} runs before each).
 *
 * @param <E> the entity type
 * @param <K> the key type
 */
public abstract class EntityStoreContract<E, K> {

    /** The store under test. */
    protected abstract EntityStore<E, K> store();

    /** {@code count} new entities, not yet stored, with distinct keys; entities that other tables need already exist. */
    protected abstract List<E> newEntities(int count);

    /** A copy of {@code entity} with the same key and at least one other value changed. */
    protected abstract E modified(E entity);

    /** Empties the table; by default through the store itself (scan, then delete by keys). */
    protected void deleteAll() {
        EntityStore<E, K> store = store();
        List<E> page;
        while (!(page = store.scan(null, 500)).isEmpty()) {
            store.deleteByKeys(page.stream().map(store.mapping()::keyOf).toList());
        }
    }

    @BeforeEach
    void startEmpty() {
        deleteAll();
        assertThat(store().count()).as("rows left in %s after deleteAll()", store().mapping().table()).isZero();
    }

    private K keyOf(E entity) {
        return store().mapping().keyOf(entity);
    }

    @Test
    void shouldFindNothingInAnEmptyTable() {
        E absent = newEntities(1).get(0);
        assertThat(store().findByKey(keyOf(absent))).isEmpty();
        assertThat(store().findByKeys(List.of(keyOf(absent)))).isEmpty();
        assertThat(store().scan(null, 10)).isEmpty();
        assertThat(store().count()).isZero();
    }

    @Test
    void shouldFindWhatWasUpserted() {
        List<E> entities = newEntities(3);
        assertThat(store().upsertAll(entities)).isEqualTo(3);
        for (E entity : entities) {
            assertThat(store().findByKey(keyOf(entity))).contains(entity);
        }
        assertThat(store().count()).isEqualTo(3);
    }

    @Test
    void shouldUpdateOnASecondUpsertOfTheSameKey() {
        E entity = newEntities(1).get(0);
        store().upsertAll(List.of(entity));
        E changed = modified(entity);
        assertThat(changed).isNotEqualTo(entity);
        assertThat(keyOf(changed)).isEqualTo(keyOf(entity));

        assertThat(store().upsertAll(List.of(changed))).isEqualTo(1);

        assertThat(store().findByKey(keyOf(entity))).contains(changed);
        assertThat(store().count()).isEqualTo(1);
    }

    @Test
    void shouldFindByKeysInKeyOrderLeavingOutMissingKeys() {
        List<E> entities = newEntities(5);
        store().upsertAll(entities.subList(0, 4));
        List<K> asked = new ArrayList<>();
        asked.add(keyOf(entities.get(4)));
        asked.add(keyOf(entities.get(2)));
        asked.add(keyOf(entities.get(0)));

        List<E> found = store().findByKeys(asked);

        assertThat(found).containsExactlyInAnyOrder(entities.get(2), entities.get(0));
        assertThat(found).isEqualTo(store().scan(null, 10).stream().filter(found::contains).toList());
    }

    @Test
    void shouldScanEveryRowOnceInKeyOrderAcrossPages() {
        List<E> entities = new ArrayList<>(newEntities(23));
        Collections.shuffle(entities, new Random(7));
        store().upsertAll(entities);

        List<E> scanned = new ArrayList<>();
        K after = null;
        int pages = 0;
        List<E> page;
        while (!(page = store().scan(after, 5)).isEmpty()) {
            assertThat(page).hasSizeLessThanOrEqualTo(5);
            scanned.addAll(page);
            after = keyOf(page.get(page.size() - 1));
            pages++;
        }

        assertThat(pages).isEqualTo(5);
        assertThat(scanned).containsExactlyInAnyOrderElementsOf(entities);
        List<E> byKeyOrder = store().findByKeys(entities.stream().map(this::keyOf).toList());
        assertThat(scanned).containsExactlyElementsOf(byKeyOrder);
    }

    @Test
    void shouldDeleteByKeysAndCountOnlyRowsThatExisted() {
        List<E> entities = newEntities(4);
        store().upsertAll(entities.subList(0, 3));

        int deleted = store().deleteByKeys(List.of(keyOf(entities.get(0)), keyOf(entities.get(1)), keyOf(entities.get(3))));

        assertThat(deleted).isEqualTo(2);
        assertThat(store().count()).isEqualTo(1);
        assertThat(store().findByKey(keyOf(entities.get(2)))).contains(entities.get(2));
    }

    @Test
    void shouldTreatEmptyCollectionsAsNoOps() {
        assertThat(store().upsertAll(List.of())).isZero();
        assertThat(store().deleteByKeys(List.of())).isZero();
        assertThat(store().findByKeys(List.of())).isEmpty();
    }

    @Test
    void shouldRejectANonPositiveScanLimit() {
        assertThatThrownBy(() -> store().scan(null, 0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("limit")
                .hasMessageContaining("0");
    }

    @Test
    void shouldWriteManyRowsInOneCall() {
        List<E> entities = newEntities(1200);
        assertThat(store().upsertAll(entities)).isEqualTo(1200);
        assertThat(store().count()).isEqualTo(1200);
        assertThat(store().findByKey(keyOf(entities.get(1199)))).contains(entities.get(1199));
    }
}
