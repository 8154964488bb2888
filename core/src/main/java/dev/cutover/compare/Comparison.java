package dev.cutover.compare;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.lang.reflect.RecordComponent;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * Compares what legacy and PostgreSQL hold or answer, field by field, after one normalisation shared by
 * shadow reads and verification: records and maps by field, JSON objects by content (field order never
 * matters), numbers by value ({@code 2.5} equals {@code 2.50}, an {@code Integer} equals a {@code Long}),
 * timestamps by instant (whatever the offset), {@code Optional} by its content, sets in any order, lists
 * in order unless the rules say otherwise. JSON {@code null} and an absent field differ, as they do in a
 * {@code jsonb} column. Immutable and thread-safe.
 *
 * <pre>{@code
 * ComparisonResult result = Comparison.of(rules).compare(legacyClient, postgresClient);
 * result.differences();   // [aiContext.tone: legacy='warm' postgres='brief']
 * }</pre>
 */
public final class Comparison {
    private static final Comparison DEFAULT = new Comparison(ComparisonRules.ofDefaults());

    private final ComparisonRules rules;

    private Comparison(ComparisonRules rules) {
        this.rules = Objects.requireNonNull(rules, "rules");
    }

    public static Comparison of(ComparisonRules rules) {
        return new Comparison(rules);
    }

    public static Comparison ofDefaults() {
        return DEFAULT;
    }

    public ComparisonRules rules() {
        return rules;
    }

    /** The differences between the legacy side's value and the PostgreSQL side's. */
    public ComparisonResult compare(Object legacy, Object postgres) {
        Collector found = new Collector(rules.maxDifferences());
        diff("", null, legacy, postgres, found);
        return found.total == 0 ? ComparisonResult.same() : new ComparisonResult(found.listed, found.total);
    }

    /** Whether the two are equal after normalisation. */
    public boolean matches(Object legacy, Object postgres) {
        return compare(legacy, postgres).matches();
    }

    private void diff(String path, String field, Object left, Object right, Collector found) {
        if (rules.isIgnored(path, field)) {
            return;
        }
        Object a = unwrap(left);
        Object b = unwrap(right);
        if (a == null || b == null) {
            if (a != b) {
                found.add(path, a, b);
            }
            return;
        }
        if (a instanceof JsonNode ja && b instanceof JsonNode jb) {
            json(path, field, ja, jb, found);
        } else if (a instanceof Record && b instanceof Record && a.getClass() == b.getClass()) {
            for (RecordComponent component : a.getClass().getRecordComponents()) {
                String name = component.getName();
                diff(join(path, name), name, read(component, a), read(component, b), found);
            }
        } else if (a instanceof Map<?, ?> ma && b instanceof Map<?, ?> mb) {
            Set<Object> keys = new LinkedHashSet<>(ma.keySet());
            keys.addAll(mb.keySet());
            for (Object key : keys) {
                diff(join(path, String.valueOf(key)), String.valueOf(key), ma.get(key), mb.get(key), found);
            }
        } else if (isSequence(a) && isSequence(b)) {
            List<Object> la = list(a);
            List<Object> lb = list(b);
            if (a instanceof Set || b instanceof Set || rules.isUnordered(path, field)) {
                unordered(path, la, lb, found);
            } else {
                for (int i = 0; i < Math.max(la.size(), lb.size()); i++) {
                    diff(path + "[" + i + "]", null, i < la.size() ? la.get(i) : null, i < lb.size() ? lb.get(i) : null, found);
                }
            }
        } else if (!sameScalar(a, b)) {
            found.add(path, a, b);
        }
    }

    private void json(String path, String field, JsonNode a, JsonNode b, Collector found) {
        if (a.equals(b)) {
            return; // equal trees have no differences, whatever is ignored or unordered: skip collecting their names
        }
        if (a.isObject() && b.isObject()) {
            Set<String> names = new LinkedHashSet<>();
            a.fieldNames().forEachRemaining(names::add);
            b.fieldNames().forEachRemaining(names::add);
            for (String name : names) {
                diff(join(path, name), name, a.get(name), b.get(name), found);
            }
        } else if (a.isArray() && b.isArray()) {
            List<Object> la = new ArrayList<>();
            List<Object> lb = new ArrayList<>();
            a.forEach(la::add);
            b.forEach(lb::add);
            if (rules.isUnordered(path, field)) {
                unordered(path, la, lb, found);
            } else {
                for (int i = 0; i < Math.max(la.size(), lb.size()); i++) {
                    diff(path + "[" + i + "]", null, i < la.size() ? la.get(i) : null, i < lb.size() ? lb.get(i) : null, found);
                }
            }
        } else if (a.isNumber() && b.isNumber()) {
            if (a.decimalValue().compareTo(b.decimalValue()) != 0) {
                found.add(path, a, b);
            }
        } else if (!a.equals(b)) {
            found.add(path, a, b);
        }
    }

    /** Multiset comparison: elements matched by canonical form; unmatched ones reported as missing on a side. */
    private void unordered(String path, List<Object> a, List<Object> b, Collector found) {
        Map<String, Integer> counts = new HashMap<>();
        Map<String, Object> examples = new HashMap<>();
        for (Object element : a) {
            String key = canonical(element);
            counts.merge(key, 1, Integer::sum);
            examples.putIfAbsent(key, element);
        }
        List<Object> extra = new ArrayList<>();
        for (Object element : b) {
            String key = canonical(element);
            if (counts.merge(key, -1, Integer::sum) < 0) {
                counts.merge(key, 1, Integer::sum);
                extra.add(element);
            }
        }
        counts.forEach((key, count) -> {
            for (int i = 0; i < count; i++) {
                found.add(path + "[*]", examples.get(key), null);
            }
        });
        extra.forEach(element -> found.add(path + "[*]", null, element));
    }

    /** A form equal for values this comparison calls equal (field order, number scale, offsets ignored). */
    private static String canonical(Object value) {
        Object v = unwrap(value);
        if (v == null) {
            return "null";
        }
        if (v instanceof JsonNode node) {
            if (node.isObject()) {
                Map<String, String> sorted = new TreeMap<>();
                node.properties().forEach(e -> sorted.put(e.getKey(), canonical(e.getValue())));
                return "{" + sorted + "}";
            }
            if (node.isArray()) {
                List<String> items = new ArrayList<>();
                node.forEach(item -> items.add(canonical(item)));
                return items.toString();
            }
            if (node.isNumber()) {
                return "n:" + node.decimalValue().stripTrailingZeros().toPlainString();
            }
            return node.toString();
        }
        if (v instanceof Record record) {
            StringBuilder text = new StringBuilder(v.getClass().getName()).append('(');
            for (RecordComponent component : record.getClass().getRecordComponents()) {
                text.append(component.getName()).append('=').append(canonical(read(component, record))).append(',');
            }
            return text.append(')').toString();
        }
        if (v instanceof Map<?, ?> map) {
            Map<String, String> sorted = new TreeMap<>();
            map.forEach((k, item) -> sorted.put(String.valueOf(k), canonical(item)));
            return "{" + sorted + "}";
        }
        if (isSequence(v)) {
            List<String> items = new ArrayList<>();
            list(v).forEach(item -> items.add(canonical(item)));
            return items.toString();
        }
        BigDecimal number = decimal(v);
        if (number != null) {
            return "n:" + number.stripTrailingZeros().toPlainString();
        }
        Instant instant = instant(v);
        if (instant != null) {
            return "t:" + instant;
        }
        if (v instanceof byte[] bytes) {
            return "b:" + Arrays.toString(bytes);
        }
        return v.getClass().getName() + ":" + v;
    }

    private static boolean sameScalar(Object a, Object b) {
        BigDecimal da = decimal(a);
        BigDecimal db = decimal(b);
        if (da != null && db != null) {
            return da.compareTo(db) == 0;
        }
        Instant ia = instant(a);
        Instant ib = instant(b);
        if (ia != null && ib != null) {
            return ia.equals(ib);
        }
        if (a instanceof byte[] ba && b instanceof byte[] bb) {
            return Arrays.equals(ba, bb);
        }
        return a.equals(b);
    }

    private static Object unwrap(Object value) {
        return value instanceof Optional<?> optional ? optional.orElse(null) : value;
    }

    private static BigDecimal decimal(Object value) {
        if (value instanceof BigDecimal d) {
            return d;
        }
        if (value instanceof BigInteger i) {
            return new BigDecimal(i);
        }
        if (value instanceof Long || value instanceof Integer || value instanceof Short || value instanceof Byte) {
            return BigDecimal.valueOf(((Number) value).longValue());
        }
        return null;
    }

    private static Instant instant(Object value) {
        if (value instanceof Instant i) {
            return i;
        }
        if (value instanceof OffsetDateTime o) {
            return o.toInstant();
        }
        if (value instanceof ZonedDateTime z) {
            return z.toInstant();
        }
        return null;
    }

    private static boolean isSequence(Object value) {
        return value instanceof Collection || value instanceof Object[];
    }

    private static List<Object> list(Object value) {
        List<Object> items = new ArrayList<>();
        if (value instanceof Object[] array) {
            items.addAll(Arrays.asList(array));
        } else {
            for (Iterator<?> it = ((Collection<?>) value).iterator(); it.hasNext(); ) {
                items.add(it.next());
            }
        }
        return items;
    }

    private static Object read(RecordComponent component, Object record) {
        try {
            component.getAccessor().setAccessible(true);
            return component.getAccessor().invoke(record);
        } catch (ReflectiveOperationException | RuntimeException e) {
            throw new IllegalStateException("Cannot read " + record.getClass().getName() + "." + component.getName()
                    + " to compare it: " + e.getMessage(), e);
        }
    }

    private static String join(String path, String name) {
        return path.isEmpty() ? name : path + "." + name;
    }

    private static final class Collector {
        private final int max;
        private final List<Difference> listed = new ArrayList<>();
        private int total;

        Collector(int max) {
            this.max = max;
        }

        void add(String path, Object legacy, Object postgres) {
            total++;
            if (listed.size() < max) {
                listed.add(new Difference(path, legacy, postgres));
            }
        }
    }
}
