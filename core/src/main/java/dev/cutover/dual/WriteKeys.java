package dev.cutover.dual;

import java.lang.reflect.Array;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Objects;

/**
 * Which rows of one mapping a repository write method wrote, told by its arguments and result: declared
 * with {@link DualWrites.Builder#keys} where dual-write cannot infer it.
 *
 * <pre>{@code
 * .keys(ClientRepository.class, "delete", WriteKeys.argument(0))
 * .keys(BookingRepository.class, "cancelAll", (arguments, result) -> (List<Long>) result)
 * }</pre>
 *
 * <p>Called on the caller's thread after the primary call returned, inside its unit of work. Implementations
 * are thread-safe.
 *
 * @param <K> the mapping's key type
 */
@FunctionalInterface
public interface WriteKeys<K> {

    /**
     * The keys written; {@code null} elements are ignored.
     *
     * @param arguments the call's arguments (do not modify)
     * @param result what the primary returned, {@code null} for {@code void}
     */
    Collection<?> keys(Object[] arguments, Object result);

    /** The argument at {@code index} is a key, or an {@link Iterable} or array of keys. */
    static <K> WriteKeys<K> argument(int index) {
        if (index < 0) {
            throw new IllegalArgumentException("argument index must be >= 0; got " + index);
        }
        return new WriteKeys<>() {
            @Override
            public Collection<?> keys(Object[] arguments, Object result) {
                if (index >= arguments.length) {
                    throw new IllegalArgumentException("WriteKeys.argument(" + index + ") on a call with "
                            + arguments.length + " arguments");
                }
                return flatten(arguments[index]);
            }

            @Override
            public String toString() {
                return "WriteKeys.argument(" + index + ")";
            }
        };
    }

    /** The result is a key, or an {@link Iterable} or array of keys. */
    static <K> WriteKeys<K> result() {
        return (arguments, result) -> flatten(result);
    }

    /** The method writes no mirrored row (it writes a table outside the migration, say). */
    static <K> WriteKeys<K> none() {
        return (arguments, result) -> List.of();
    }

    /** A value as a list: the elements of an iterable or array, else the value itself; nothing for {@code null}. */
    static List<Object> flatten(Object value) {
        if (value == null) {
            return List.of();
        }
        List<Object> values = new ArrayList<>();
        if (value instanceof Iterable<?> iterable) {
            iterable.forEach(values::add);
        } else if (value.getClass().isArray()) {
            for (int i = 0; i < Array.getLength(value); i++) {
                values.add(Array.get(value, i));
            }
        } else {
            values.add(value);
        }
        values.removeIf(Objects::isNull);
        return values;
    }
}
