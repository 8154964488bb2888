package dev.cutover.flags.internal;

import dev.cutover.flags.RouteFlags;
import dev.cutover.routing.RepositoryMethod;
import dev.cutover.routing.RouteOrigin;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The targets a store entry may name, made from the routed methods: {@code override}, {@code default},
 * every repository and every {@code Repository.method}. Immutable.
 */
final class TargetCatalog {

    /** A known target: its canonical name, its precedence level, and the methods it sets. */
    record Target(String name, RouteOrigin level, List<Integer> methodIndexes) {
    }

    private final Map<String, Target> targets = new HashMap<>();
    /** Method names by repository, both sorted, for messages. */
    private final TreeMap<String, TreeSet<String>> methodNames = new TreeMap<>();
    private final List<String> suggestionCandidates;

    TargetCatalog(List<RepositoryMethod> methods) {
        List<Integer> all = new ArrayList<>();
        Map<String, List<Integer>> byRepository = new LinkedHashMap<>();
        Map<String, List<Integer>> byMethod = new LinkedHashMap<>();
        for (int i = 0; i < methods.size(); i++) {
            RepositoryMethod method = methods.get(i);
            all.add(i);
            byRepository.computeIfAbsent(method.repository(), r -> new ArrayList<>()).add(i);
            byMethod.computeIfAbsent(method.qualifiedName(), m -> new ArrayList<>()).add(i);
            methodNames.computeIfAbsent(method.repository(), r -> new TreeSet<>()).add(method.method());
        }
        targets.put(RouteFlags.OVERRIDE, new Target(RouteFlags.OVERRIDE, RouteOrigin.OVERRIDE, List.copyOf(all)));
        targets.put(RouteFlags.DEFAULT, new Target(RouteFlags.DEFAULT, RouteOrigin.DEFAULT, List.copyOf(all)));
        byRepository.forEach((name, indexes) -> targets.putIfAbsent(name, new Target(name, RouteOrigin.REPOSITORY,
                List.copyOf(indexes))));
        byMethod.forEach((name, indexes) -> targets.put(name, new Target(name, RouteOrigin.METHOD, List.copyOf(indexes))));
        this.suggestionCandidates = Collections.unmodifiableList(new ArrayList<>(new TreeSet<>(targets.keySet())));
    }

    /** The target of {@code name}, exactly as written, or {@code null}. */
    Target find(String name) {
        return name == null ? null : targets.get(name);
    }

    /** Why {@code name} is no target, with what is allowed and a "did you mean" when one is close. */
    String unknown(String name) {
        if (name == null) {
            return "A target is required: " + allowed();
        }
        int dot = name.indexOf('.');
        if (dot > 0 && dot == name.lastIndexOf('.')) {
            String repository = name.substring(0, dot);
            String method = name.substring(dot + 1);
            TreeSet<String> methods = methodNames.get(repository);
            if (methods == null) {
                return "'" + name + "' names repository " + repository + ", which is not registered; registered: "
                        + String.join(", ", methodNames.keySet()) + suggestion(name);
            }
            return repository + " has no method '" + method + "'; its methods: " + String.join(", ", methods)
                    + suggestion(name);
        }
        return "'" + name + "' is not a route target; " + allowed() + suggestion(name);
    }

    private String allowed() {
        return "expected " + RouteFlags.OVERRIDE + ", " + RouteFlags.DEFAULT + ", a repository ("
                + String.join(", ", methodNames.keySet()) + ") or Repository.method";
    }

    private String suggestion(String name) {
        Optional<String> closest = Suggestions.closestIgnoringCase(name, suggestionCandidates);
        return closest.map(c -> "; did you mean " + c + "?").orElse("");
    }
}
