package dev.cutover.verify.internal;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cutover.compare.Comparison;
import dev.cutover.compare.ComparisonResult;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.reflect.RecordComponent;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.UUID;

/**
 * {@link Comparison} of two entities, with a shortcut for the common case of equal rows: when the entity is a
 * record whose every component is exactly equal on both sides ({@code equals} of values whose equality is
 * stricter than the comparison's: text, numbers of one type and scale, instants, JSON trees), the comparison
 * could only find them equal, so it is not run. Anything else goes through the comparison. Thread-safe.
 */
final class EntityCompare<E> {
    private static final ComparisonResult SAME = new ComparisonResult(List.of(), 0);

    private final Comparison comparison;
    private final MethodHandle[] components;

    EntityCompare(Class<E> type, Comparison comparison) {
        this.comparison = comparison;
        this.components = accessors(type);
    }

    ComparisonResult compare(E legacy, E postgres) {
        return strictlyEqual(legacy, postgres) ? SAME : comparison.compare(legacy, postgres);
    }

    private boolean strictlyEqual(E legacy, E postgres) {
        if (components == null) {
            return false;
        }
        try {
            for (MethodHandle component : components) {
                Object a = component.invokeExact((Object) legacy);
                Object b = component.invokeExact((Object) postgres);
                if (!leafEqual(a, b)) {
                    return false;
                }
            }
            return true;
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Throwable e) {
            throw new IllegalStateException(e);
        }
    }

    /** True only for equal values of types whose {@code equals} implies the comparison's equality. */
    private static boolean leafEqual(Object a, Object b) {
        if (a == null || b == null) {
            return a == b;
        }
        if (a.getClass() != b.getClass()) {
            return false;
        }
        if (a instanceof String || a instanceof Long || a instanceof Integer || a instanceof Short || a instanceof Byte
                || a instanceof Boolean || a instanceof Character || a instanceof BigDecimal || a instanceof BigInteger
                || a instanceof Instant || a instanceof LocalDate || a instanceof LocalDateTime || a instanceof UUID
                || a instanceof Enum<?> || a instanceof JsonNode) {
            return a.equals(b);
        }
        if (a instanceof byte[] x) {
            return Arrays.equals(x, (byte[]) b);
        }
        return false;
    }

    private static MethodHandle[] accessors(Class<?> type) {
        if (!type.isRecord()) {
            return null;
        }
        try {
            MethodHandles.Lookup lookup = MethodHandles.privateLookupIn(type, MethodHandles.lookup());
            RecordComponent[] recordComponents = type.getRecordComponents();
            MethodHandle[] handles = new MethodHandle[recordComponents.length];
            for (int i = 0; i < handles.length; i++) {
                handles[i] = lookup.unreflect(recordComponents[i].getAccessor())
                        .asType(MethodType.methodType(Object.class, Object.class));
            }
            return handles;
        } catch (ReflectiveOperationException | IllegalArgumentException | SecurityException e) {
            return null; // not accessible: every pair goes through the comparison, which reports its own problem
        }
    }

    @Override
    public String toString() {
        return "EntityCompare[" + Objects.toString(comparison.rules()) + "]";
    }
}
