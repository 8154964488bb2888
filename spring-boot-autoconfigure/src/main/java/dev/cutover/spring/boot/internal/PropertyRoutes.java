package dev.cutover.spring.boot.internal;

import dev.cutover.flags.LiveRoutes;
import dev.cutover.flags.RouteFlags;
import dev.cutover.flags.RouteVariables;
import dev.cutover.routing.RepositoryMethod;
import dev.cutover.routing.Route;
import dev.cutover.routing.RouteConfigurationException;
import dev.cutover.routing.RouteSource;
import dev.cutover.routing.RouteSwitch;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Function;

/**
 * Routes from the {@code cutover.routes} properties, checked as strictly as the variables: when Cutover binds the
 * routed methods, every key must name {@code override}, {@code default}, a repository or {@code Repository.method}
 * of this application (case ignored, as relaxed binding from the environment lowers it) and every value a route;
 * each problem names the property, with a "did you mean". Valid entries become the equivalent {@code CUTOVER_ROUTE*}
 * variables, under the real ones (a variable beats the property for the same target), for the source this builds
 * then (environment routes, or the live flag store). Thread-safe.
 */
public final class PropertyRoutes implements RouteSource, AutoCloseable {
    /** The prefix of the properties, for messages. */
    public static final String PREFIX = "cutover.routes.";

    private final Map<String, String> properties;
    private final Map<String, String> environment;
    private final Function<Map<String, String>, RouteSource> sources;
    private volatile RouteSource delegate;
    private volatile Map<String, String> propertyByVariable = Map.of();

    /**
     * @param properties  {@code cutover.routes}, key by key as bound
     * @param environment the process's environment, whose route variables beat the properties
     * @param sources     makes the source of routes from the merged environment
     */
    public PropertyRoutes(Map<String, String> properties, Map<String, String> environment,
            Function<Map<String, String>, RouteSource> sources) {
        this.properties = Map.copyOf(properties);
        this.environment = Map.copyOf(environment);
        this.sources = Objects.requireNonNull(sources, "sources");
    }

    @Override
    public synchronized List<RouteSwitch> bind(List<RepositoryMethod> methods) {
        if (delegate != null) {
            return delegate.bind(methods);
        }
        Map<String, String> targets = targets(methods);
        List<String> problems = new ArrayList<>();
        Map<String, String> variables = new TreeMap<>();
        Map<String, String> byVariable = new HashMap<>();
        for (Map.Entry<String, String> property : new TreeMap<>(properties).entrySet()) {
            String key = property.getKey();
            String target = targets.get(key.toLowerCase(Locale.ROOT));
            if (target == null) {
                problems.add(unknown(key, targets.values()));
                continue;
            }
            try {
                Route.parse(property.getValue());
            } catch (IllegalArgumentException e) {
                problems.add(PREFIX + key + "='" + property.getValue() + "' is not a route; allowed: " + Route.ALLOWED);
                continue;
            }
            String variable = variable(target);
            String clash = byVariable.putIfAbsent(variable, PREFIX + key);
            if (clash != null) {
                problems.add(clash + " and " + PREFIX + key + " both set the route of " + target + "; keep one");
                continue;
            }
            variables.put(variable, property.getValue());
        }
        if (!problems.isEmpty()) {
            throw new RouteConfigurationException(problems);
        }
        Map<String, String> merged = new HashMap<>(environment);
        variables.forEach((variable, value) -> {
            if (merged.putIfAbsent(variable, value) != null) {
                byVariable.remove(variable);
            }
        });
        propertyByVariable = Map.copyOf(byVariable);
        delegate = sources.apply(merged);
        return delegate.bind(methods);
    }

    /** The property a route decision's source (a variable's name) came from, if it did; else the source itself. */
    public String describe(String source) {
        String property = propertyByVariable.get(source);
        return property == null ? source : property + " (as " + source + ")";
    }

    /** The source the properties were merged into, once bound. */
    public RouteSource delegate() {
        RouteSource bound = delegate;
        if (bound == null) {
            throw new IllegalStateException("Routes are bound when the Cutover bean is built");
        }
        return bound;
    }

    @Override
    public void close() {
        RouteSource bound = delegate;
        if (bound instanceof LiveRoutes live) {
            live.close();
        }
    }

    /** Every valid target by its lower-case form. */
    private static Map<String, String> targets(List<RepositoryMethod> methods) {
        Map<String, String> targets = new LinkedHashMap<>();
        targets.put(RouteFlags.OVERRIDE, RouteFlags.OVERRIDE);
        targets.put(RouteFlags.DEFAULT, RouteFlags.DEFAULT);
        for (RepositoryMethod method : methods) {
            targets.put(method.repository().toLowerCase(Locale.ROOT), method.repository());
            targets.put(method.qualifiedName().toLowerCase(Locale.ROOT), method.qualifiedName());
        }
        return targets;
    }

    private static String variable(String target) {
        if (target.equals(RouteFlags.OVERRIDE)) {
            return RouteVariables.OVERRIDE;
        }
        if (target.equals(RouteFlags.DEFAULT)) {
            return RouteVariables.DEFAULT;
        }
        int dot = target.indexOf('.');
        return dot < 0 ? RouteVariables.forRepository(target)
                : RouteVariables.forMethod(target.substring(0, dot), target.substring(dot + 1));
    }

    private static String unknown(String key, java.util.Collection<String> targets) {
        Set<String> repositories = new TreeSet<>();
        for (String target : targets) {
            if (!target.equals(RouteFlags.OVERRIDE) && !target.equals(RouteFlags.DEFAULT) && target.indexOf('.') < 0) {
                repositories.add(target);
            }
        }
        String suggestion = Closest.to(key, targets).map(c -> "; did you mean " + PREFIX + c + "?").orElse("");
        int dot = key.indexOf('.');
        if (dot > 0) {
            String repository = key.substring(0, dot);
            boolean known = repositories.stream().anyMatch(r -> r.equalsIgnoreCase(repository));
            if (known) {
                return PREFIX + key + " names method " + key.substring(dot + 1) + ", which " + repository
                        + " does not have" + suggestion;
            }
            return PREFIX + key + " names repository " + repository + ", which is not routed; routed: "
                    + String.join(", ", repositories) + suggestion;
        }
        return PREFIX + key + " is not a route target; expected " + PREFIX + "override, " + PREFIX + "default, "
                + PREFIX + "<Repository> or " + PREFIX + "<Repository>.<method> (routed: " + String.join(", ", repositories)
                + ")" + suggestion;
    }
}
