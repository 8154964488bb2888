package dev.cutover.verify.internal;

import dev.cutover.mapping.EntityMapping;
import java.util.LinkedHashMap;
import java.util.Map;

/** Keys for reports and messages. */
final class Keys {
    private Keys() {
    }

    /** Key column (mapping name) to value, in key order. */
    static Map<String, Object> asMap(EntityMapping<?, ?> mapping, Object[] keyValues) {
        Map<String, Object> key = new LinkedHashMap<>();
        for (int i = 0; i < keyValues.length; i++) {
            key.put(mapping.keyColumns().get(i).name(), keyValues[i]);
        }
        return key;
    }

    /** {@code 42} or {@code (staff_id=1, service_id=2)}. */
    static String describe(EntityMapping<?, ?> mapping, Object[] keyValues) {
        if (keyValues.length == 1) {
            return String.valueOf(keyValues[0]);
        }
        StringBuilder text = new StringBuilder("(");
        for (int i = 0; i < keyValues.length; i++) {
            text.append(i == 0 ? "" : ", ").append(mapping.keyColumns().get(i).name()).append('=').append(keyValues[i]);
        }
        return text.append(')').toString();
    }
}
