package dev.cutover.cli.internal.commands;

import dev.cutover.Backend;
import dev.cutover.cli.CutoverApplication;
import dev.cutover.cli.MovedTable;
import dev.cutover.cli.internal.CliException;
import dev.cutover.flags.MethodRouting;
import dev.cutover.flags.Rollout;
import dev.cutover.routing.MethodKind;
import dev.cutover.routing.Route;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Which way {@code verify --repair} copies a table's rows: from the primary of the write routes of the repositories that
 * write it ({@link CutoverApplication#writers}), refused when those routes have more than one primary (methods on
 * different routes, a rollout between them) or none. Stateless.
 */
final class RepairDirection {
    private RepairDirection() {
    }

    /** The primary of every table, or one error naming each table whose writes give none, its routes and what to do. */
    static Map<MovedTable<?, ?>, Backend> of(CutoverApplication application, List<MovedTable<?, ?>> tables,
            List<MethodRouting> routing) {
        Map<MovedTable<?, ?>, Backend> primaries = new LinkedHashMap<>();
        List<String> refused = new ArrayList<>();
        for (MovedTable<?, ?> table : tables) {
            List<Class<?>> writers = application.writers(table);
            Set<Backend> backends = EnumSet.noneOf(Backend.class);
            Map<String, List<String>> methodsByRoute = new LinkedHashMap<>();
            for (MethodRouting method : routing) {
                if (method.method().kind() != MethodKind.WRITE || writers == null
                        || !writers.contains(method.method().type())) {
                    continue;
                }
                method.routes().forEach(route -> backends.add(route.primary()));
                methodsByRoute.computeIfAbsent(describe(method), r -> new ArrayList<>()).add(method.method().qualifiedName());
            }
            if (backends.size() == 1) {
                primaries.put(table, backends.iterator().next());
            } else if (backends.isEmpty()) {
                refused.add(table.name() + ": no routed write method writes it (its writers: " + names(writers) + "), so"
                        + " its primary is unknown; list the repositories that write it in "
                        + application.getClass().getSimpleName() + ".writers (CutoverApplication.writers)");
            } else {
                StringBuilder routes = new StringBuilder();
                methodsByRoute.forEach((route, methods) -> routes.append(routes.length() == 0 ? "" : "; ")
                        .append(String.join(", ", methods)).append(": ").append(route));
                refused.add(table.name() + ": its writes have two primaries, so which side holds each row's latest write"
                        + " is ambiguous (" + routes + "); bring every write method of " + names(writers) + " to one primary"
                        + " ('cutover flags set " + (writers.size() == 1 ? writers.get(0).getSimpleName() : "<Repository>")
                        + " legacy-dual' or 'postgres-dual', finishing or clearing any rollout), or, if other repositories do not write " + table.name() + ", say which do in"
                        + " CutoverApplication.writers; then run 'cutover verify --repair' again");
            }
        }
        if (!refused.isEmpty()) {
            throw new CliException("repair-refused", "Cannot repair " + String.join("; cannot repair ", refused)
                    + ". Nothing was queued.", "repair the other tables with --table", null);
        }
        return primaries;
    }

    /** {@code legacy-dual}, or {@code rollout: postgres-dual for 25% and tenants a, b, otherwise legacy-dual}. */
    private static String describe(MethodRouting method) {
        Rollout rollout = method.rollout();
        if (rollout == null) {
            return method.route().id();
        }
        return "rollout: " + rollout.route().id() + " for " + rollout.percentage() + "%"
                + (rollout.tenants().isEmpty() ? "" : " and tenants " + String.join(", ", rollout.tenants()))
                + ", otherwise " + rollout.otherwise().id();
    }

    private static String names(List<Class<?>> writers) {
        return writers == null || writers.isEmpty() ? "none"
                : String.join(", ", writers.stream().map(Class::getSimpleName).toList());
    }

    /** The route id whose primary is {@code backend}: for messages. */
    static String routesOf(Backend backend) {
        return backend == Backend.LEGACY ? Route.LEGACY.id() + " or " + Route.LEGACY_DUAL.id()
                : Route.POSTGRES_DUAL.id() + " or " + Route.POSTGRES.id();
    }
}
