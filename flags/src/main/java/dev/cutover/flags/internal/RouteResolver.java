package dev.cutover.flags.internal;

import static dev.cutover.flags.RouteVariables.DEFAULT;
import static dev.cutover.flags.RouteVariables.OVERRIDE;
import static dev.cutover.flags.RouteVariables.PREFIX;
import static dev.cutover.flags.RouteVariables.ROUTE_PREFIX;
import static dev.cutover.flags.RouteVariables.SEPARATOR;

import dev.cutover.flags.RouteVariables;
import dev.cutover.routing.RepositoryMethod;
import dev.cutover.routing.Route;
import dev.cutover.routing.RouteConfigurationException;
import dev.cutover.routing.RouteDecision;
import dev.cutover.routing.RouteOrigin;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Reads the route variables of an environment snapshot against the routed methods: validates every
 * {@code CUTOVER_} variable, then resolves each method's route by precedence. Every problem is
 * collected before one {@link RouteConfigurationException} is thrown.
 *
 * <p>Values are quoted in problems only for route variables: any other {@code CUTOVER_} variable may
 * hold a secret, so only its name is given.
 */
final class RouteResolver {
    private static final Pattern NAME_PART = Pattern.compile("[A-Z0-9]+(?:_[A-Z0-9]+)*");

    private final Map<String, String> environment;
    private final Set<String> knownVariables;
    private final List<RepositoryMethod> methods;
    private final List<String> problems = new ArrayList<>();
    /** Repository names by the name part of their variable, sorted for messages. */
    private final TreeMap<String, RepositoryNames> repositories = new TreeMap<>();
    private final Map<RepositoryMethod, String> methodVariables = new HashMap<>();
    private final Map<String, String> repositoryVariables = new HashMap<>();
    private final Map<String, Route> routeByVariable = new HashMap<>();
    private TreeSet<String> suggestionCandidates;

    private RouteResolver(Map<String, String> environment, Set<String> knownVariables, List<RepositoryMethod> methods) {
        this.environment = environment;
        this.knownVariables = knownVariables;
        this.methods = methods;
    }

    /**
     * The route of each method, in the order of {@code methods}.
     *
     * @throws RouteConfigurationException listing every problem found
     */
    static List<RouteDecision> resolve(Map<String, String> environment, Set<String> knownVariables,
            List<RepositoryMethod> methods) {
        return new RouteResolver(environment, knownVariables, methods).resolve();
    }

    /** Whether {@code name} is in Cutover's namespace. Case is ignored so that {@code cutover_route_default} is caught. */
    static boolean isCutoverVariable(String name) {
        return name.regionMatches(true, 0, PREFIX, 0, PREFIX.length());
    }

    private List<RouteDecision> resolve() {
        nameRepositoriesAndMethods();
        Route override = null;
        Route fallback = null;
        for (Map.Entry<String, String> variable : new TreeMap<>(environment).entrySet()) {
            String name = variable.getKey();
            if (!isCutoverVariable(name)) {
                continue;
            }
            if (name.equals(OVERRIDE)) {
                override = route(name, variable.getValue());
            } else if (name.equals(DEFAULT)) {
                fallback = route(name, variable.getValue());
            } else if (name.startsWith(ROUTE_PREFIX)) {
                readRouteVariable(name, variable.getValue());
            } else if (!knownVariables.contains(name)) {
                problems.add(unknownVariable(name));
            }
        }
        if (!problems.isEmpty()) {
            throw new RouteConfigurationException(problems);
        }
        List<RouteDecision> decisions = new ArrayList<>(methods.size());
        for (RepositoryMethod method : methods) {
            decisions.add(decide(method, override, fallback));
        }
        return decisions;
    }

    private RouteDecision decide(RepositoryMethod method, Route override, Route fallback) {
        if (override != null) {
            return new RouteDecision(override, RouteOrigin.OVERRIDE, OVERRIDE);
        }
        String methodVariable = methodVariables.get(method);
        Route route = routeByVariable.get(methodVariable);
        if (route != null) {
            return new RouteDecision(route, RouteOrigin.METHOD, methodVariable);
        }
        String repositoryVariable = repositoryVariables.get(method.repository());
        route = routeByVariable.get(repositoryVariable);
        if (route != null) {
            return new RouteDecision(route, RouteOrigin.REPOSITORY, repositoryVariable);
        }
        if (fallback != null) {
            return new RouteDecision(fallback, RouteOrigin.DEFAULT, DEFAULT);
        }
        return new RouteDecision(RouteVariables.BUILT_IN_DEFAULT, RouteOrigin.DEFAULT, RouteVariables.BUILT_IN_DEFAULT_SOURCE);
    }

    private void nameRepositoriesAndMethods() {
        Map<String, List<RepositoryMethod>> byRepository = new LinkedHashMap<>();
        for (RepositoryMethod method : methods) {
            byRepository.computeIfAbsent(method.repository(), r -> new ArrayList<>()).add(method);
        }
        byRepository.forEach((repository, repositoryMethods) -> {
            String part;
            try {
                part = VariableNames.upperSnake(repository);
            } catch (IllegalArgumentException e) {
                problems.add("No route variable for repository " + repository + ": " + e.getMessage() + "; rename it");
                return;
            }
            RepositoryNames clash = repositories.get(part);
            if (clash != null) {
                problems.add("Repositories " + clash.javaName + " and " + repository + " both map to " + ROUTE_PREFIX + part
                        + "; rename one so that each has its own variable");
                return;
            }
            RepositoryNames names = new RepositoryNames(repository, ROUTE_PREFIX + part);
            repositories.put(part, names);
            repositoryVariables.put(repository, names.variable);
            for (RepositoryMethod method : repositoryMethods) {
                nameMethod(names, method);
            }
        });
    }

    private void nameMethod(RepositoryNames repository, RepositoryMethod method) {
        String part;
        try {
            part = VariableNames.upperSnake(method.method());
        } catch (IllegalArgumentException e) {
            problems.add("No route variable for " + method.qualifiedName() + ": " + e.getMessage() + "; rename it");
            return;
        }
        String variable = repository.variable + SEPARATOR + part;
        RepositoryMethod clash = repository.methods.putIfAbsent(part, method);
        if (clash != null && !clash.equals(method)) {
            problems.add("Methods " + clash.qualifiedName() + " and " + method.qualifiedName() + " both map to " + variable
                    + "; rename one so that each has its own variable");
            return;
        }
        methodVariables.put(method, variable);
    }

    private void readRouteVariable(String name, String value) {
        String[] parts = name.substring(ROUTE_PREFIX.length()).split(SEPARATOR, -1);
        boolean wellFormed = parts.length <= 2;
        for (String part : parts) {
            wellFormed &= NAME_PART.matcher(part).matches();
        }
        if (!wellFormed) {
            // Not a route variable's name, so its value is not known to be a route: do not echo it.
            problems.add("Malformed route variable " + name + ": expected " + ROUTE_PREFIX + "<REPOSITORY> or " + ROUTE_PREFIX
                    + "<REPOSITORY>" + SEPARATOR + "<METHOD>, names in upper snake case" + suggestion(name));
            return;
        }
        RepositoryNames repository = repositories.get(parts[0]);
        if (repository == null) {
            problems.add(name + " names repository " + parts[0] + ", which is not registered; registered: "
                    + registeredRepositories() + suggestion(name));
        } else if (parts.length == 2 && !repository.methods.containsKey(parts[1])) {
            problems.add(name + " names method " + parts[1] + ", which " + repository.javaName + " does not have; its methods: "
                    + repository.methods.keySet().stream().map(m -> repository.variable + SEPARATOR + m)
                            .collect(Collectors.joining(", "))
                    + suggestion(name));
        }
        Route route = route(name, value);
        if (route != null) {
            routeByVariable.put(name, route);
        }
    }

    /** The route a route variable's value names, or {@code null} after recording that it names none. */
    private Route route(String name, String value) {
        String normalized = value.strip().toLowerCase(Locale.ROOT);
        for (Route route : Route.values()) {
            if (route.id().equals(normalized)) {
                return route;
            }
        }
        problems.add(name + "='" + value + "' is not a route; allowed: " + Route.ALLOWED);
        return null;
    }

    private String unknownVariable(String name) {
        Optional<String> closest = closest(name);
        if (closest.isPresent()) {
            return "Unknown variable " + name + ": did you mean " + closest.get() + "?";
        }
        return "Unknown variable " + name + ": it is neither a route variable (" + OVERRIDE + ", " + DEFAULT + ", "
                + ROUTE_PREFIX + "<REPOSITORY>, " + ROUTE_PREFIX + "<REPOSITORY>" + SEPARATOR + "<METHOD>) nor a known Cutover"
                + " variable (" + String.join(", ", new TreeSet<>(knownVariables)) + "); remove it, or declare it with"
                + " EnvironmentRoutes.builder().knownVariables(...)";
    }

    private String registeredRepositories() {
        if (repositories.isEmpty()) {
            return "none";
        }
        return repositories.entrySet().stream().map(r -> r.getKey() + " (" + r.getValue().javaName + ")")
                .collect(Collectors.joining(", "));
    }

    private String suggestion(String name) {
        return closest(name).map(c -> "; did you mean " + c + "?").orElse("");
    }

    private Optional<String> closest(String name) {
        if (suggestionCandidates == null) {
            suggestionCandidates = new TreeSet<>(knownVariables);
            suggestionCandidates.add(OVERRIDE);
            suggestionCandidates.add(DEFAULT);
            suggestionCandidates.addAll(repositoryVariables.values());
            suggestionCandidates.addAll(methodVariables.values());
        }
        return Suggestions.closest(name, suggestionCandidates);
    }

    /** A repository's Java name, variable, and methods by the name part of their variables. */
    private static final class RepositoryNames {
        final String javaName;
        final String variable;
        final TreeMap<String, RepositoryMethod> methods = new TreeMap<>();

        RepositoryNames(String javaName, String variable) {
            this.javaName = javaName;
            this.variable = variable;
        }
    }
}
