package dev.cutover.dual.internal;

import dev.cutover.dual.MirrorKey;
import dev.cutover.dual.OutboxKey;
import dev.cutover.dual.WriteKeys;
import dev.cutover.routing.MethodKind;
import java.lang.invoke.MethodType;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.lang.reflect.WildcardType;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * How the keys of one repository write method's calls are found: per overload, a list of sources (an entity
 * argument, the result, a declared rule). Worked out once, when dual-write is built. Immutable, thread-safe.
 */
final class WritePlan {

    /** Where one mapping's keys come from in a call. */
    interface KeySource {
        void collect(Object[] arguments, Object result, EntityKeys entityKeys, Set<OutboxKey> into);
    }

    /** The outbox key of an entity of a table: {@link MirroredTable#outboxKeyOfEntity}, or one already worked out. */
    interface EntityKeys {
        OutboxKey of(MirroredTable<?, ?> table, Object entity);
    }

    private record Overload(Method method, Class<?>[] parameters, List<KeySource> sources) {
        boolean accepts(Object[] arguments) {
            if (arguments.length != parameters.length) {
                return false;
            }
            for (int i = 0; i < arguments.length; i++) {
                if (arguments[i] != null && !parameters[i].isInstance(arguments[i])) {
                    return false;
                }
            }
            return true;
        }
    }

    private final String name;
    private final List<Overload> overloads;

    private WritePlan(String name, List<Overload> overloads) {
        this.name = name;
        this.overloads = List.copyOf(overloads);
    }

    /** The keys a call wrote, each once, in the order found; entities' keys through {@code entityKeys}. */
    List<OutboxKey> keys(Object[] arguments, Object result, EntityKeys entityKeys) {
        Overload overload = overloads.get(0);
        if (overloads.size() > 1) {
            overload = overloads.stream().filter(o -> o.accepts(arguments)).findFirst().orElse(overload);
        }
        Set<OutboxKey> keys = new LinkedHashSet<>();
        for (KeySource source : overload.sources()) {
            source.collect(arguments, result, entityKeys, keys);
        }
        return List.copyOf(keys);
    }

    @Override
    public String toString() {
        return name;
    }

    /** A declared rule: the mapping's table and its {@link WriteKeys}. */
    record Declared(MirroredTable<?, ?> table, WriteKeys<?> keys) {
    }

    /**
     * The plans of every write method of {@code repository}, by method name.
     *
     * @param tables   the mappings the repository writes
     * @param declared declared rules of this repository, by method name
     * @param problems where each write method whose keys cannot be told is described
     */
    static Map<String, WritePlan> of(Class<?> repository, List<MirroredTable<?, ?>> tables,
            Map<String, List<Declared>> declared, List<String> problems) {
        Method[] methods = repository.getMethods();
        Arrays.sort(methods, Comparator.comparing(Method::getName).thenComparing(Method::toGenericString));
        Map<String, List<Overload>> byName = new LinkedHashMap<>();
        for (Method method : methods) {
            if (Modifier.isStatic(method.getModifiers()) || isObjectMethod(method)
                    || MethodKind.of(repository, method) != MethodKind.WRITE) {
                continue;
            }
            List<KeySource> sources = sources(repository, method, tables, declared.get(method.getName()), problems);
            Class<?>[] parameters = Arrays.stream(method.getParameterTypes()).map(WritePlan::boxed).toArray(Class<?>[]::new);
            byName.computeIfAbsent(method.getName(), n -> new ArrayList<>()).add(new Overload(method, parameters, sources));
        }
        Map<String, WritePlan> plans = new LinkedHashMap<>();
        byName.forEach((name, overloads) -> plans.put(name,
                new WritePlan(repository.getSimpleName() + "." + name, overloads)));
        for (String name : declared.keySet()) {
            if (!plans.containsKey(name)) {
                problems.add("Keys are declared for " + repository.getSimpleName() + "." + name
                        + ", which is not a write method of " + repository.getName() + "; its write methods: " + plans.keySet());
            }
        }
        return plans;
    }

    private static List<KeySource> sources(Class<?> repository, Method method, List<MirroredTable<?, ?>> tables,
            List<Declared> declared, List<String> problems) {
        String where = describe(repository, method);
        List<KeySource> sources = new ArrayList<>();
        if (declared != null) {
            for (Declared rule : declared) {
                sources.add(declaredSource(rule, where));
            }
            return sources;
        }
        java.lang.reflect.Parameter[] parameters = method.getParameters();
        for (int i = 0; i < parameters.length; i++) {
            MirrorKey annotation = parameters[i].getAnnotation(MirrorKey.class);
            if (annotation != null) {
                MirroredTable<?, ?> table = tableNamed(annotation.value(), tables, where, problems);
                if (table != null) {
                    sources.add(declaredSource(new Declared(table, WriteKeys.argument(i)), where));
                }
            }
        }
        if (!sources.isEmpty()) {
            return sources;
        }
        Type[] types = method.getGenericParameterTypes();
        for (int i = 0; i < types.length; i++) {
            MirroredTable<?, ?> table = entityTable(types[i], tables);
            if (table != null) {
                int index = i;
                sources.add((arguments, result, entityKeys, into) -> entities(table, arguments[index], entityKeys, into));
            }
        }
        if (!sources.isEmpty()) {
            return sources;
        }
        MirroredTable<?, ?> resultTable = entityTable(method.getGenericReturnType(), tables);
        if (resultTable != null) {
            sources.add((arguments, result, entityKeys, into) -> entities(resultTable, result, entityKeys, into));
            return sources;
        }
        String entities = tables.stream().map(t -> t.mapping.entityType().getSimpleName()).distinct()
                .collect(Collectors.joining(" or a "));
        problems.add("Dual-write cannot tell which rows " + where + " writes: no parameter and not the result is a "
                + entities + " or a collection of them. Declare them: annotate the key parameter with @MirrorKey "
                + "(dev.cutover.dual), or configure .keys(" + repository.getSimpleName() + ".class, \"" + method.getName()
                + "\", WriteKeys.argument(0)) on DualWrites.custom(); WriteKeys.none() if it writes no mirrored row");
        return sources;
    }

    private static KeySource declaredSource(Declared rule, String where) {
        MirroredTable<?, ?> table = rule.table();
        WriteKeys<?> keys = rule.keys();
        String what = "The keys declared for " + where;
        return (arguments, result, entityKeys, into) -> {
            java.util.Collection<?> found = keys.keys(arguments, result);
            if (found != null) {
                for (Object key : found) {
                    if (key != null) {
                        into.add(table.outboxKeyOfKey(key, what));
                    }
                }
            }
        };
    }

    private static MirroredTable<?, ?> tableNamed(String name, List<MirroredTable<?, ?>> tables, String where,
            List<String> problems) {
        if (name.isEmpty()) {
            if (tables.size() == 1) {
                return tables.get(0);
            }
            problems.add("@MirrorKey on " + where + " must name its table: the repository writes "
                    + tables.stream().map(MirroredTable::table).toList());
            return null;
        }
        for (MirroredTable<?, ?> table : tables) {
            if (table.table().equals(name)) {
                return table;
            }
        }
        problems.add("@MirrorKey(\"" + name + "\") on " + where + " names no table the repository is configured with; "
                + "configured: " + tables.stream().map(MirroredTable::table).toList());
        return null;
    }

    private static void entities(MirroredTable<?, ?> table, Object value, EntityKeys entityKeys, Set<OutboxKey> into) {
        Object unwrapped = value instanceof Optional<?> optional ? optional.orElse(null) : value;
        for (Object entity : WriteKeys.flatten(unwrapped)) {
            if (table.mapping.entityType().isInstance(entity)) {
                into.add(entityKeys.of(table, entity));
            }
        }
    }

    /** The table whose entity is {@code type}, an array of it, or an Iterable or Optional of it. */
    private static MirroredTable<?, ?> entityTable(Type type, List<MirroredTable<?, ?>> tables) {
        Class<?> element = null;
        if (type instanceof Class<?> c) {
            element = c.isArray() ? c.getComponentType() : c;
        } else if (type instanceof ParameterizedType parameterized && parameterized.getRawType() instanceof Class<?> raw
                && (Iterable.class.isAssignableFrom(raw) || raw == Optional.class)
                && parameterized.getActualTypeArguments().length == 1) {
            element = rawClass(parameterized.getActualTypeArguments()[0]);
        }
        if (element == null) {
            return null;
        }
        for (MirroredTable<?, ?> table : tables) {
            if (table.mapping.entityType().isAssignableFrom(element)) {
                return table;
            }
        }
        return null;
    }

    private static Class<?> rawClass(Type type) {
        if (type instanceof Class<?> c) {
            return c;
        }
        if (type instanceof ParameterizedType p && p.getRawType() instanceof Class<?> c) {
            return c;
        }
        if (type instanceof WildcardType w && w.getUpperBounds().length == 1) {
            return rawClass(w.getUpperBounds()[0]);
        }
        return null;
    }

    private static boolean isObjectMethod(Method method) {
        try {
            Object.class.getMethod(method.getName(), method.getParameterTypes());
            return true;
        } catch (NoSuchMethodException e) {
            return false;
        }
    }

    private static Class<?> boxed(Class<?> type) {
        return MethodType.methodType(type).wrap().returnType();
    }

    static String describe(Class<?> repository, Method method) {
        return repository.getSimpleName() + "." + method.getName() + "(" + Arrays.stream(method.getParameterTypes())
                .map(Class::getSimpleName).collect(Collectors.joining(", ")) + ")";
    }
}
