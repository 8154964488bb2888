package dev.cutover.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.Dependency;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.lang.ArchCondition;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.ConditionEvents;
import com.tngtech.archunit.lang.SimpleConditionEvent;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * The rules, each built for a package root and a way to tell a class's module, so that the same rules run on
 * Cutover's classes ({@link ArchitectureTest}) and on the fixtures that prove each can fail ({@link RulesCanFailTest}).
 */
final class CutoverRules {
    private CutoverRules() {
    }

    /** Judges one use of a class under the root: a violation's message, or {@code null}. */
    @FunctionalInterface
    private interface UseCheck {
        String violation(JavaClass origin, JavaClass target, Dependency dependency);
    }

    /**
     * No class uses a class of another module's {@code .internal} package (or one below it): a seam two modules
     * share is a small documented SPI package ({@code ...spi}) or public API.
     */
    static ArchRule noModuleUsesAnotherModulesInternals(String root, Function<JavaClass, String> moduleOf) {
        return everyUse(root, "use no other module's .internal package", (origin, target, dependency) -> {
            String from = moduleOf.apply(origin);
            String to = moduleOf.apply(target);
            if (!isInternal(target.getPackageName()) || from.equals(to)) {
                return null;
            }
            return origin.getName() + " (module " + from + ") uses " + target.getName() + " of module " + to
                    + "'s internal package " + target.getPackageName() + " [" + dependency.getDescription()
                    + "]; make the seam a documented SPI package of module " + to + ", or move the class to where it"
                    + " is used";
        });
    }

    /**
     * Inside a module too, an {@code .internal} package is used only by its own feature: the classes under the package
     * that holds it ({@code dev.cutover.dual.internal} by {@code dev.cutover.dual..}). {@code assembler} (the root's
     * engine, {@code dev.cutover.internal}, which builds the router out of core's features) is the one exception.
     */
    static ArchRule internalPackagesServeTheirOwnFeature(String root, String assembler) {
        return everyUse(root, "use no other feature's .internal package", (origin, target, dependency) -> {
            String targetPackage = target.getPackageName();
            if (!isInternal(targetPackage) || origin.getPackageName().equals(assembler)) {
                return null;
            }
            String feature = targetPackage.substring(0, targetPackage.indexOf(".internal"));
            String originPackage = origin.getPackageName();
            if (originPackage.equals(feature) || originPackage.startsWith(feature + ".")) {
                return null;
            }
            return origin.getName() + " uses " + target.getName() + " of " + targetPackage + ", the engine of feature "
                    + feature + " [" + dependency.getDescription() + "]; use the feature's API or SPI, or move the"
                    + " class to where it is used";
        });
    }

    /**
     * No cycle between feature packages: {@code <root>.<feature>} with everything below it (so {@code dual},
     * {@code dual.internal} and {@code dual.spi} are one slice, and an API calling its own engine is no cycle). The
     * root package itself ({@code dev.cutover}: {@code Cutover}, {@code Backend}, {@code DataAccessException}, the
     * vocabulary every feature shares) is in no slice.
     */
    static ArchRule noCyclesBetweenFeatures(String root) {
        return slices().matching(root + ".(*)..").namingSlices("feature '$1'").should().beFreeOfCycles()
                .as("feature packages of " + root + " (" + root + ".<feature>..) should be free of cycles");
    }

    /** Every use of another module's class follows an arrow of {@code allowed} (module -> modules it may use). */
    static ArchRule moduleArrows(String root, Function<JavaClass, String> moduleOf, Map<String, Set<String>> allowed) {
        return everyUse(root, "use only the modules its module depends on", (origin, target, dependency) -> {
            String from = moduleOf.apply(origin);
            String to = moduleOf.apply(target);
            Set<String> uses = allowed.get(from);
            if (uses == null) {
                return origin.getName() + " is in module " + from + ", which the architecture tests do not know: add"
                        + " its allowed dependencies to Modules.ALLOWED, as docs/architecture.md draws them";
            }
            if (to.equals(from) || uses.contains(to)) {
                return null;
            }
            return origin.getName() + " (module " + from + ") uses " + target.getName() + " (module " + to + ") ["
                    + dependency.getDescription() + "], but module " + from + " may use only "
                    + (uses.isEmpty() ? "no other module" : uses.stream().sorted().toList())
                    + ": arrows point towards core (docs/architecture.md)";
        });
    }

    /** A rule over every class under {@code root} and each class under {@code root} it uses. */
    private static ArchRule everyUse(String root, String description, UseCheck check) {
        return classes().that().resideInAPackage(root + "..").should(new ArchCondition<JavaClass>(description) {
            @Override
            public void check(JavaClass origin, ConditionEvents events) {
                for (Dependency dependency : origin.getDirectDependenciesFromSelf()) {
                    JavaClass target = dependency.getTargetClass().getBaseComponentType();
                    String targetPackage = target.getPackageName();
                    if (!targetPackage.equals(root) && !targetPackage.startsWith(root + ".")) {
                        continue;
                    }
                    String violation = check.violation(origin, target, dependency);
                    if (violation != null) {
                        events.add(SimpleConditionEvent.violated(dependency, violation));
                    }
                }
            }
        });
    }

    private static boolean isInternal(String packageName) {
        return packageName.endsWith(".internal") || packageName.contains(".internal.");
    }
}
