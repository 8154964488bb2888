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
 * Cutover's classes and on the fixtures that prove each can fail ({@code RulesCanFailTest}).
 */
final class CutoverRules {
    private CutoverRules() {
    }

    /**
     * No class uses a class of another module's {@code .internal} package (or one below it): a seam two modules
     * share is a small documented SPI package ({@code ...spi}) or public API.
     */
    static ArchRule noModuleUsesAnotherModulesInternals(String root, Function<JavaClass, String> moduleOf) {
        return classes().that().resideInAPackage(root + "..")
                .should(new ArchCondition<JavaClass>("use no other module's .internal package") {
                    @Override
                    public void check(JavaClass origin, ConditionEvents events) {
                        for (Dependency dependency : origin.getDirectDependenciesFromSelf()) {
                            JavaClass target = dependency.getTargetClass().getBaseComponentType();
                            if (!target.getPackageName().startsWith(root + ".") || !isInternal(target.getPackageName())) {
                                continue;
                            }
                            String from = moduleOf.apply(origin);
                            String to = moduleOf.apply(target);
                            if (!from.equals(to)) {
                                events.add(SimpleConditionEvent.violated(dependency, origin.getName() + " (module " + from
                                        + ") uses " + target.getName() + " of module " + to + "'s internal package "
                                        + target.getPackageName() + " [" + dependency.getDescription() + "]; make the seam a"
                                        + " documented SPI package of module " + to + ", or move the class to where it is"
                                        + " used"));
                            }
                        }
                    }
                });
    }

    /**
     * Inside a module too, an {@code .internal} package is used only by its own feature: the classes under the package
     * that holds it ({@code dev.cutover.dual.internal} by {@code dev.cutover.dual..}). {@code assembler} (the root's
     * engine, {@code dev.cutover.internal}, which builds the router out of core's features) is the one exception.
     */
    static ArchRule internalPackagesServeTheirOwnFeature(String root, String assembler) {
        return classes().that().resideInAPackage(root + "..")
                .should(new ArchCondition<JavaClass>("use no other feature's .internal package") {
                    @Override
                    public void check(JavaClass origin, ConditionEvents events) {
                        if (origin.getPackageName().equals(assembler)) {
                            return;
                        }
                        for (Dependency dependency : origin.getDirectDependenciesFromSelf()) {
                            JavaClass target = dependency.getTargetClass().getBaseComponentType();
                            String targetPackage = target.getPackageName();
                            int internal = targetPackage.indexOf(".internal");
                            if (!targetPackage.startsWith(root + ".") || !isInternal(targetPackage)) {
                                continue;
                            }
                            String feature = targetPackage.substring(0, internal);
                            String originPackage = origin.getPackageName();
                            if (!originPackage.equals(feature) && !originPackage.startsWith(feature + ".")) {
                                events.add(SimpleConditionEvent.violated(dependency, origin.getName() + " uses "
                                        + target.getName() + " of " + targetPackage + ", the engine of feature " + feature
                                        + " [" + dependency.getDescription() + "]; use the feature's API or SPI, or move"
                                        + " the class to where it is used"));
                            }
                        }
                    }
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
        return classes().that().resideInAPackage(root + "..")
                .should(new ArchCondition<JavaClass>("use only the modules its module depends on") {
                    @Override
                    public void check(JavaClass origin, ConditionEvents events) {
                        String from = moduleOf.apply(origin);
                        Set<String> uses = allowed.get(from);
                        if (uses == null) {
                            events.add(SimpleConditionEvent.violated(origin, origin.getName() + " is in module " + from
                                    + ", which the architecture tests do not know: add its allowed dependencies to"
                                    + " Modules.ALLOWED, as docs/architecture.md draws them"));
                            return;
                        }
                        for (Dependency dependency : origin.getDirectDependenciesFromSelf()) {
                            JavaClass target = dependency.getTargetClass().getBaseComponentType();
                            if (!target.getPackageName().startsWith(root + ".") && !target.getPackageName().equals(root)) {
                                continue;
                            }
                            String to = moduleOf.apply(target);
                            if (!to.equals(from) && !uses.contains(to)) {
                                events.add(SimpleConditionEvent.violated(dependency, origin.getName() + " (module " + from
                                        + ") uses " + target.getName() + " (module " + to + ") ["
                                        + dependency.getDescription() + "], but module " + from + " may use only "
                                        + (uses.isEmpty() ? "no other module" : uses.stream().sorted().toList())
                                        + ": arrows point towards core (docs/architecture.md)"));
                            }
                        }
                    }
                });
    }

    private static boolean isInternal(String packageName) {
        return packageName.endsWith(".internal") || packageName.contains(".internal.");
    }
}
