package dev.cutover.it;

import dev.cutover.compare.Comparison;
import dev.cutover.compare.ComparisonResult;
import dev.cutover.reference.legacy.LegacyRepositories;
import dev.cutover.reference.postgres.PostgresRepositories;
import dev.cutover.store.EntityStore;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** The reference domain's rows on both databases, compared key by key: what dual-write must leave equal. */
public final class BothSides {
    private BothSides() {
    }

    /** Every row missing on one side or differing, in all six tables; empty when both sides agree. */
    public static List<String> differences(LegacyRepositories legacy, PostgresRepositories postgres) {
        List<String> found = new ArrayList<>();
        compare(legacy.companyStore(), postgres.companyStore(), found);
        compare(legacy.clientStore(), postgres.clientStore(), found);
        compare(legacy.staffStore(), postgres.staffStore(), found);
        compare(legacy.serviceStore(), postgres.serviceStore(), found);
        compare(legacy.bookingStore(), postgres.bookingStore(), found);
        compare(legacy.staffServiceStore(), postgres.staffServiceStore(), found);
        return found;
    }

    /** Adds to {@code found} a line for each key missing on one side or whose rows differ. */
    public static <E, K> void compare(EntityStore<E, K> legacyStore, EntityStore<E, K> postgresStore, List<String> found) {
        Map<K, E> onLegacy = all(legacyStore);
        Map<K, E> onPostgres = all(postgresStore);
        Set<K> keys = new LinkedHashSet<>(onLegacy.keySet());
        keys.addAll(onPostgres.keySet());
        String table = legacyStore.mapping().table();
        for (K key : keys) {
            E a = onLegacy.get(key);
            E b = onPostgres.get(key);
            if (a == null || b == null) {
                found.add(table + " " + key + (a == null ? " missing on legacy" : " missing on postgres"));
            } else {
                ComparisonResult result = Comparison.ofDefaults().compare(a, b);
                if (!result.matches()) {
                    found.add(table + " " + key + " differs: " + result.differences());
                }
            }
        }
    }

    /** Every row of the store by key, read by keyset pages. */
    public static <E, K> Map<K, E> all(EntityStore<E, K> store) {
        Map<K, E> rows = new HashMap<>();
        K after = null;
        while (true) {
            List<E> page = store.scan(after, 1000);
            for (E row : page) {
                rows.put(store.mapping().keyOf(row), row);
            }
            if (page.size() < 1000) {
                return rows;
            }
            after = store.mapping().keyOf(page.get(page.size() - 1));
        }
    }
}
