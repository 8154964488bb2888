package dev.cutover.verify.internal;

import java.math.BigDecimal;
import java.util.Comparator;
import java.util.UUID;

/**
 * Orders keys (their columns' values, in key order) as a database orders them under a binary collation:
 * numbers by value, text by code point (UTF-8 byte order, not Java's UTF-16 order), UUIDs as unsigned bytes,
 * dates and instants in time. Both sides' keys are merged in this order, and each side's scan is checked
 * against it. Immutable and thread-safe.
 */
final class KeyOrder implements Comparator<Object[]> {
    static final KeyOrder INSTANCE = new KeyOrder();

    private KeyOrder() {
    }

    @Override
    public int compare(Object[] left, Object[] right) {
        for (int i = 0; i < left.length; i++) {
            int order = compareValues(left[i], right[i]);
            if (order != 0) {
                return order;
            }
        }
        return 0;
    }

    @SuppressWarnings("unchecked")
    static int compareValues(Object left, Object right) {
        if (left instanceof String a && right instanceof String b) {
            return compareCodePoints(a, b);
        }
        if (left instanceof UUID a && right instanceof UUID b) {
            int order = Long.compareUnsigned(a.getMostSignificantBits(), b.getMostSignificantBits());
            return order != 0 ? order : Long.compareUnsigned(a.getLeastSignificantBits(), b.getLeastSignificantBits());
        }
        if (left instanceof BigDecimal a && right instanceof BigDecimal b) {
            return a.compareTo(b);
        }
        if (left.getClass() != right.getClass()) {
            // A key the mapping's type cannot hold, as the legacy database shows it (a number beyond long, text that
            // is no UUID), against a typed one: numbers by value, anything else by its text, as the legacy side sorts.
            if (left instanceof Number a && right instanceof Number b) {
                return new BigDecimal(a.toString()).compareTo(new BigDecimal(b.toString()));
            }
            return compareCodePoints(left.toString(), right.toString());
        }
        return ((Comparable<Object>) left).compareTo(right);
    }

    private static int compareCodePoints(String a, String b) {
        int i = 0;
        int j = 0;
        while (i < a.length() && j < b.length()) {
            int ca = a.codePointAt(i);
            int cb = b.codePointAt(j);
            if (ca != cb) {
                return Integer.compare(ca, cb);
            }
            i += Character.charCount(ca);
            j += Character.charCount(cb);
        }
        return Integer.compare(a.length() - i, b.length() - j);
    }
}
