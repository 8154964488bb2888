package dev.cutover.backfill.internal;

import java.util.UUID;

/** Key values in the database's order where Java can tell it: numbers, dates, instants, booleans, UUIDs, binary-collated text. */
final class KeyComparison {
    private KeyComparison() {
    }

    @SuppressWarnings("unchecked")
    static int compare(Object[] left, Object[] right) {
        for (int i = 0; i < left.length; i++) {
            Object a = left[i];
            Object b = right[i];
            int order;
            if (a instanceof UUID x && b instanceof UUID y) {
                order = Long.compareUnsigned(x.getMostSignificantBits(), y.getMostSignificantBits());
                if (order == 0) {
                    order = Long.compareUnsigned(x.getLeastSignificantBits(), y.getLeastSignificantBits());
                }
            } else {
                order = ((Comparable<Object>) a).compareTo(b);
            }
            if (order != 0) {
                return order;
            }
        }
        return 0;
    }
}
