package dev.cutover.flags;

import dev.cutover.flags.internal.VariableNames;
import dev.cutover.routing.Route;
import dev.cutover.routing.RepositoryMethod;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The names of the environment variables that set routes, and how they are derived from repository
 * and method names. Precedence, highest first:
 *
 * <ol>
 *   <li>{@value #OVERRIDE}: the emergency override, every method on one route;</li>
 *   <li>{@code CUTOVER_ROUTE__<REPOSITORY>__<METHOD>}: one method, e.g.
 *       {@code CUTOVER_ROUTE__CLIENT_REPOSITORY__FIND_BY_ID} (see {@link #forMethod(String, String)});</li>
 *   <li>{@code CUTOVER_ROUTE__<REPOSITORY>}: every method of one repository, e.g.
 *       {@code CUTOVER_ROUTE__CLIENT_REPOSITORY} (see {@link #forRepository(String)});</li>
 *   <li>{@value #DEFAULT}: every method not set otherwise;</li>
 *   <li>the built-in default, {@code legacy}.</li>
 * </ol>
 *
 * <p>Names are the Java names in upper snake case: {@code ClientRepository} becomes
 * {@code CLIENT_REPOSITORY}, {@code findByYclientsId} becomes {@code FIND_BY_YCLIENTS_ID}, and an
 * acronym stays one word ({@code findByID} becomes {@code FIND_BY_ID}). Overloads share one name, and
 * so one route.
 *
 * <p>Stateless and thread-safe.
 */
public final class RouteVariables {

    /** Every variable name Cutover reads starts with this. */
    public static final String PREFIX = "CUTOVER_";

    /** The emergency override: forces every method to one route, beating every other variable. */
    public static final String OVERRIDE = "CUTOVER_ROUTE_OVERRIDE";

    /** The default route for every method that no more specific variable sets. */
    public static final String DEFAULT = "CUTOVER_ROUTE_DEFAULT";

    /** Repository- and method-level variables start with this, then the repository's name. */
    public static final String ROUTE_PREFIX = "CUTOVER_ROUTE__";

    /** Separates the repository's name from the method's name in a method-level variable. */
    public static final String SEPARATOR = "__";

    /** The route when no variable is set. */
    public static final Route BUILT_IN_DEFAULT = Route.LEGACY;

    /** The {@link dev.cutover.routing.RouteDecision#source() source} of a route no variable set. */
    public static final String BUILT_IN_DEFAULT_SOURCE = "built-in default";

    /**
     * The other {@code CUTOVER_} variables Cutover knows, which route validation leaves alone: the settings of
     * the {@code cutover} command line and its launcher (an application started from the environment an
     * operator runs the command in must still start), the test database URLs read by Cutover's own test
     * kits and the demo's database URLs. Any other {@code CUTOVER_} variable that is not a route variable fails startup as unknown, unless
     * declared with {@link EnvironmentRoutes.Builder#knownVariables(String...)}. Sorted.
     */
    public static final Set<String> KNOWN_VARIABLES = Collections.unmodifiableSet(new TreeSet<>(List.of(
            // The command line's settings (dev.cutover.cli.internal.Setting; a test there keeps this in step).
            "CUTOVER_CONFIG",
            "CUTOVER_APPLICATION",
            "CUTOVER_LEGACY_URL",
            "CUTOVER_LEGACY_USER",
            "CUTOVER_LEGACY_PASSWORD",
            "CUTOVER_LEGACY_DIALECT",
            "CUTOVER_POSTGRES_URL",
            "CUTOVER_POSTGRES_USER",
            "CUTOVER_POSTGRES_PASSWORD",
            "CUTOVER_CONSOLE_USERS_FILE",
            "CUTOVER_CONSOLE_USERS",
            "CUTOVER_CONSOLE_PROXY_HEADER",
            "CUTOVER_CONSOLE_TRUSTED_PROXIES",
            "CUTOVER_CONSOLE_PROXY_CHANGERS",
            "CUTOVER_CONSOLE_SECURE_COOKIES",
            // bin/cutover's.
            "CUTOVER_CLASSPATH",
            "CUTOVER_JAVA_OPTS",
            // The command's log level (its logback.xml).
            "CUTOVER_LOG_LEVEL",
            // The demo's (demo/, the README's main command).
            "CUTOVER_DEMO_LEGACY_URL",
            "CUTOVER_DEMO_POSTGRES_URL",
            // The test kits'.
            "CUTOVER_TEST_POSTGRES_URL",
            "CUTOVER_TEST_LEGACY_URL",
            "CUTOVER_TEST_MARIADB_URL")));

    private RouteVariables() {
    }

    /**
     * The method-level variable, e.g. {@code CUTOVER_ROUTE__CLIENT_REPOSITORY__FIND_BY_ID}.
     *
     * @throws IllegalArgumentException quoting a name that has no environment variable form
     */
    public static String forMethod(RepositoryMethod method) {
        Objects.requireNonNull(method, "method");
        return forMethod(method.repository(), method.method());
    }

    /**
     * The method-level variable of a repository's (simple) name and a method's name, e.g.
     * {@code forMethod("ClientRepository", "findById")} is {@code CUTOVER_ROUTE__CLIENT_REPOSITORY__FIND_BY_ID}.
     *
     * @throws IllegalArgumentException quoting a name that has no environment variable form
     */
    public static String forMethod(String repository, String method) {
        return forRepository(repository) + SEPARATOR + upperSnake(method);
    }

    /**
     * The repository-level variable of a repository interface, e.g. {@code CUTOVER_ROUTE__CLIENT_REPOSITORY}.
     *
     * @throws IllegalArgumentException quoting a name that has no environment variable form
     */
    public static String forRepository(Class<?> repository) {
        Objects.requireNonNull(repository, "repository");
        return forRepository(repository.getSimpleName());
    }

    /**
     * The repository-level variable of a repository's (simple) name, e.g.
     * {@code forRepository("ClientRepository")} is {@code CUTOVER_ROUTE__CLIENT_REPOSITORY}.
     *
     * @throws IllegalArgumentException quoting a name that has no environment variable form
     */
    public static String forRepository(String repository) {
        return ROUTE_PREFIX + upperSnake(repository);
    }

    /**
     * A Java name in upper snake case: {@code findByYclientsId} -> {@code FIND_BY_YCLIENTS_ID},
     * {@code findByIDAndName} -> {@code FIND_BY_ID_AND_NAME}, {@code saveV2} -> {@code SAVE_V2}.
     * {@code _} and {@code $} separate words.
     *
     * @throws IllegalArgumentException quoting the name, if it has characters other than ASCII letters,
     *                                  digits, {@code _} and {@code $}, or no letter or digit
     */
    public static String upperSnake(String javaName) {
        return VariableNames.upperSnake(javaName);
    }

    /**
     * Every route variable that applies to {@code methods}, for documentation and the CLI: the override,
     * the default, then per repository (by name) its variable followed by its methods' variables.
     *
     * @throws IllegalArgumentException quoting a name that has no environment variable form
     */
    public static List<String> all(Collection<RepositoryMethod> methods) {
        Objects.requireNonNull(methods, "methods");
        TreeMap<String, TreeSet<String>> byRepository = new TreeMap<>();
        for (RepositoryMethod method : methods) {
            byRepository.computeIfAbsent(forRepository(method.repository()), r -> new TreeSet<>()).add(forMethod(method));
        }
        List<String> names = new ArrayList<>();
        names.add(OVERRIDE);
        names.add(DEFAULT);
        byRepository.forEach((repository, methodNames) -> {
            names.add(repository);
            names.addAll(methodNames);
        });
        return List.copyOf(names);
    }
}
