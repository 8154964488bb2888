package dev.cutover.legacy.internal;

import java.util.Comparator;
import java.util.UUID;

/**
 * Orders key values as the database orders them, for merging rows read in several chunks: numbers, dates,
 * instants and booleans naturally; UUIDs as unsigned bytes (PostgreSQL compares them with memcmp, Java's
 * {@code UUID.compareTo} compares signed longs); text in Java's order, which is the database's only under a
 * binary collation.
 */
final class KeyOrder implements Comparator<Object[]> {
    private final int[] keyIndexes;

    KeyOrder(int[] keyIndexes) {
        this.keyIndexes = keyIndexes;
    }

    @Override
    public int compare(Object[] left, Object[] right) {
        for (int index : keyIndexes) {
            int order = compareValues(left[index], right[index]);
            if (order != 0) {
                return order;
            }
        }
        return 0;
    }

    @SuppressWarnings("unchecked")
    static int compareValues(Object left, Object right) {
        if (left == null || right == null) {
            return left == null ? (right == null ? 0 : 1) : -1; // NULLS LAST, as in an ascending ORDER BY
        }
        if (left instanceof UUID a && right instanceof UUID b) {
            int order = Long.compareUnsigned(a.getMostSignificantBits(), b.getMostSignificantBits());
            return order != 0 ? order : Long.compareUnsigned(a.getLeastSignificantBits(), b.getLeastSignificantBits());
        }
        if (left instanceof Comparable<?> comparable) {
            return ((Comparable<Object>) comparable).compareTo(right);
        }
        return 0;
    }
}
