package dev.cutover.architecture;

import com.tngtech.archunit.core.domain.JavaClass;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Which module a class belongs to, and which modules each module may use: the arrows of docs/architecture.md, each
 * pointing towards {@code core}. A module is told by where its class was loaded from (the reactor's
 * {@code <module>/target/classes} or {@code <module>/target/*.jar}), not by package names, so that a package split
 * over two modules or a new module cannot slip past the rules.
 */
final class Modules {
    private static final Pattern REACTOR_LOCATION = Pattern.compile("/([^/!]+)/target/(?:classes/|[^/!]+\\.jar!)");

    /**
     * What each module's main classes may use besides their own: its Maven dependencies among Cutover's modules and
     * theirs. A module missing here fails the rules until its arrows are added.
     */
    static final Map<String, Set<String>> ALLOWED = Map.ofEntries(
            Map.entry("test-support", Set.of()),
            Map.entry("core", Set.of()),
            Map.entry("flags", Set.of("core")),
            Map.entry("status-reports", Set.of("core")),
            Map.entry("resilience", Set.of("core")),
            Map.entry("backend-legacy", Set.of("core")),
            Map.entry("backend-postgres", Set.of("core")),
            Map.entry("testkit", Set.of("core", "test-support")),
            Map.entry("reference-domain", Set.of("core", "backend-legacy", "backend-postgres")),
            Map.entry("data-movement", Set.of("core", "backend-legacy", "backend-postgres")),
            Map.entry("console", Set.of("core", "flags", "status-reports")),
            Map.entry("cdc", Set.of("core", "backend-legacy", "backend-postgres", "data-movement")),
            // cdc is optional for the CLI: compiled against, kept off its jar and class path (cutover cdc)
            Map.entry("cli", Set.of("core", "flags", "status-reports", "backend-legacy", "backend-postgres",
                    "data-movement", "console", "cdc")),
            Map.entry("spring-boot-autoconfigure", Set.of("core", "flags", "status-reports", "resilience",
                    "backend-legacy", "backend-postgres", "data-movement", "console")),
            Map.entry("demo", Set.of("core", "flags", "status-reports", "resilience", "backend-legacy", "backend-postgres",
                    "data-movement", "cli", "reference-domain", "testkit", "test-support")));

    private Modules() {
    }

    /** The module of a class loaded from the reactor; fails naming the class and its location otherwise. */
    static final Function<JavaClass, String> BY_LOCATION = Modules::byLocation;

    private static String byLocation(JavaClass javaClass) {
        String location = javaClass.getSource().map(source -> source.getUri().toString()).orElse("(unknown)");
        Matcher matcher = REACTOR_LOCATION.matcher(location);
        if (!matcher.find()) {
            throw new IllegalStateException("Cannot tell the module of " + javaClass.getName() + " from its location "
                    + location + ": the architecture tests read classes from each module's target/ in the reactor; run "
                    + "them with Maven from the project's root (mvn -pl architecture-tests -am verify)");
        }
        return matcher.group(1);
    }
}
