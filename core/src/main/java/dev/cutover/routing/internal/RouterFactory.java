package dev.cutover.routing.internal;

import dev.cutover.routing.MethodKind;
import dev.cutover.routing.RepositoryDefinitionException;
import dev.cutover.routing.RepositoryMethod;
import dev.cutover.routing.RouteSwitch;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Turns a repository interface and its two implementations into a routing proxy. Everything
 * reflective happens here, once: classification, grouping of overloads, method handles.
 */
public final class RouterFactory {

    /** A registered repository: its interface, its implementations, and its methods once classified. */
    public static final class Registration<R> {
        private final Class<R> type;
        private final R legacy;
        private final R postgres;
        private final Map<String, RepositoryMethod> methodsByName = new LinkedHashMap<>();
        private final List<Method> javaMethods = new ArrayList<>();

        public Registration(Class<R> type, R legacy, R postgres) {
            this.type = type;
            this.legacy = legacy;
            this.postgres = postgres;
            validate();
            classify();
        }

        public Class<R> type() {
            return type;
        }

        /** The routed methods, one per method name, sorted by name. */
        public List<RepositoryMethod> methods() {
            return List.copyOf(methodsByName.values());
        }

        private void validate() {
            if (type == null || !type.isInterface()) {
                throw new RepositoryDefinitionException("A routed repository must be an interface; got "
                        + (type == null ? "null" : type.getName()));
            }
            String name = type.getSimpleName();
            if (legacy == null || postgres == null) {
                throw new RepositoryDefinitionException("Repository " + name + " needs both implementations; the "
                        + (legacy == null ? "legacy" : "postgres") + " one is null");
            }
            if (legacy == postgres) {
                throw new RepositoryDefinitionException("The legacy and postgres implementations of " + name
                        + " are the same object; pass one implementation per backend");
            }
            for (Object implementation : List.of(legacy, postgres)) {
                if (!type.isInstance(implementation)) {
                    throw new RepositoryDefinitionException(implementation.getClass().getName() + " does not implement "
                            + type.getName());
                }
                if (Proxy.isProxyClass(implementation.getClass())
                        && Proxy.getInvocationHandler(implementation) instanceof RoutingInvocationHandler) {
                    throw new RepositoryDefinitionException("An implementation of " + name
                            + " is itself a routed repository; pass the backend implementations");
                }
            }
        }

        private void classify() {
            Method[] methods = type.getMethods();
            Arrays.sort(methods, Comparator.comparing(Method::getName).thenComparing(Method::toGenericString));
            Map<String, Method> firstByName = new HashMap<>();
            for (Method method : methods) {
                if (Modifier.isStatic(method.getModifiers()) || isObjectMethod(method)) {
                    continue;
                }
                MethodKind kind = MethodClassifier.classify(type, method);
                RepositoryMethod known = methodsByName.get(method.getName());
                if (known == null) {
                    methodsByName.put(method.getName(), new RepositoryMethod(type.getSimpleName(), method.getName(), kind, type));
                    firstByName.put(method.getName(), method);
                } else if (known.kind() != kind) {
                    throw new RepositoryDefinitionException("Overloads share one route, so they must agree on read or write: "
                            + MethodClassifier.describe(type, firstByName.get(method.getName())) + " is a " + known.kind()
                            + " but " + MethodClassifier.describe(type, method) + " is a " + kind
                            + "; rename one or annotate both alike");
                }
                javaMethods.add(method);
            }
            if (javaMethods.isEmpty()) {
                throw new RepositoryDefinitionException("Repository " + type.getName() + " declares no methods to route");
            }
        }

        /**
         * Builds the proxy.
         *
         * @param router   the owner of units of work this proxy's calls may join
         * @param indexOf  the global index of each routed method
         * @param switches the route switches, by global index
         * @param policy   route handlers and backend-call decorators
         */
        public R createProxy(Object router, Map<RepositoryMethod, Integer> indexOf, List<RouteSwitch> switches,
                RoutingPolicy policy) {
            Map<Method, Dispatch> table = new HashMap<>();
            for (Method method : javaMethods) {
                RepositoryMethod routed = methodsByName.get(method.getName());
                int index = indexOf.get(routed);
                table.put(method, new Dispatch(router, index, routed, switches.get(index),
                        handle(method, legacy), handle(method, postgres), policy));
            }
            Object proxy = Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] {type},
                    new RoutingInvocationHandler(Map.copyOf(table), "Routed " + type.getSimpleName()));
            return type.cast(proxy);
        }

        private MethodHandle handle(Method method, Object target) {
            try {
                MethodHandles.Lookup lookup = MethodHandles.lookup();
                if (!Modifier.isPublic(type.getModifiers())) {
                    method.setAccessible(true);
                }
                return lookup.unreflect(method)
                        .bindTo(target)
                        .asSpreader(Object[].class, method.getParameterCount())
                        .asType(MethodType.methodType(Object.class, Object[].class));
            } catch (IllegalAccessException | RuntimeException e) {
                throw new RepositoryDefinitionException("Cannot call " + MethodClassifier.describe(type, method) + " on "
                        + target.getClass().getName() + ": " + e.getMessage()
                        + "; make the repository interface public or open its package to Cutover");
            }
        }

        private static boolean isObjectMethod(Method method) {
            try {
                Object.class.getMethod(method.getName(), method.getParameterTypes());
                return true;
            } catch (NoSuchMethodException e) {
                return false;
            }
        }
    }

    private RouterFactory() {
    }
}
