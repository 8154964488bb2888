package dev.cutover.shadow.internal;

import java.lang.reflect.Array;
import java.lang.reflect.RecordComponent;
import java.time.temporal.TemporalAccessor;
import java.util.Collection;
import java.util.Iterator;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * Renders a call's arguments for logs, reports and the mismatch table: keys in full, text quoted and
 * shortened, collections by their first few elements and size, records by their components, anything else by
 * a shortened {@code toString()}. Never the whole of a large value: at most {@value #MAX_LENGTH} characters in all.
 */
public final class Arguments {
    static final int MAX_LENGTH = 200;
    private static final int TEXT_CHARS = 40;
    private static final int ELEMENTS = 3;

    private Arguments() {
    }

    public static String render(Object[] arguments) {
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < arguments.length; i++) {
            if (i > 0) {
                text.append(", ");
            }
            render(text, arguments[i], 0);
            if (text.length() > MAX_LENGTH) {
                break;
            }
        }
        return text.length() > MAX_LENGTH ? text.substring(0, MAX_LENGTH - 3) + "..." : text.toString();
    }

    private static void render(StringBuilder text, Object value, int depth) {
        if (value == null) {
            text.append("null");
        } else if (value instanceof CharSequence chars) {
            text.append('\'').append(shorten(chars.toString())).append('\'');
        } else if (value instanceof Number || value instanceof Boolean || value instanceof Character
                || value instanceof Enum<?> || value instanceof UUID || value instanceof TemporalAccessor) {
            text.append(shorten(String.valueOf(value)));
        } else if (value instanceof Optional<?> optional) {
            if (optional.isPresent()) {
                text.append("Optional[");
                render(text, optional.get(), depth + 1);
                text.append(']');
            } else {
                text.append("Optional.empty");
            }
        } else if (value instanceof byte[] bytes) {
            text.append("byte[").append(bytes.length).append(']');
        } else if (depth >= 2) {
            text.append(value.getClass().getSimpleName()).append("(...)");
        } else if (value instanceof Collection<?> collection) {
            elements(text, collection.iterator(), collection.size(), depth);
        } else if (value.getClass().isArray()) {
            int length = Array.getLength(value);
            java.util.List<Object> first = new java.util.ArrayList<>();
            for (int i = 0; i < Math.min(length, ELEMENTS); i++) {
                first.add(Array.get(value, i));
            }
            elements(text, first.iterator(), length, depth);
        } else if (value instanceof Map<?, ?> map) {
            text.append("Map(").append(map.size()).append(map.size() == 1 ? " entry)" : " entries)");
        } else if (value instanceof Record record) {
            text.append(value.getClass().getSimpleName()).append('(');
            RecordComponent[] components = record.getClass().getRecordComponents();
            for (int i = 0; i < components.length; i++) {
                text.append(i == 0 ? "" : ", ").append(components[i].getName()).append('=');
                render(text, read(components[i], record), depth + 1);
            }
            text.append(')');
        } else {
            text.append(shorten(String.valueOf(value)));
        }
    }

    private static void elements(StringBuilder text, Iterator<?> elements, int size, int depth) {
        text.append('[');
        for (int i = 0; i < ELEMENTS && elements.hasNext(); i++) {
            if (i > 0) {
                text.append(", ");
            }
            render(text, elements.next(), depth + 1);
        }
        if (size > ELEMENTS) {
            text.append(", ... (").append(size).append(" items)");
        }
        text.append(']');
    }

    private static Object read(RecordComponent component, Record record) {
        try {
            component.getAccessor().setAccessible(true);
            return component.getAccessor().invoke(record);
        } catch (ReflectiveOperationException | RuntimeException e) {
            return "?";
        }
    }

    private static String shorten(String text) {
        String visible = text.replace("\0", "\\0").replace('\n', ' ').replace('\r', ' ');
        return visible.length() <= TEXT_CHARS ? visible : visible.substring(0, TEXT_CHARS) + "...";
    }
}
