package dev.cutover.architecture;

import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The boundaries of docs/architecture.md, checked on the main classes of every module (not benchmarks: see the pom).
 * Test classes are not checked: a module's tests may use its own internals.
 */
class ArchitectureTest {
    private static final String ROOT = "dev.cutover";
    private static JavaClasses classes;

    @BeforeAll
    static void importMainClasses() {
        classes = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages(ROOT);
    }

    @Test
    void shouldSeeTheClassesOfEveryModule() {
        // otherwise a rule could pass because it saw nothing
        assertThat(classes.stream().map(Modules.BY_LOCATION).distinct()).containsExactlyInAnyOrderElementsOf(
                Modules.ALLOWED.keySet());
    }

    @Test
    void noModuleUsesAnotherModulesInternalPackages() {
        CutoverRules.noModuleUsesAnotherModulesInternals(ROOT, Modules.BY_LOCATION).check(classes);
    }

    @Test
    void internalPackagesServeOnlyTheirOwnFeature() {
        CutoverRules.internalPackagesServeTheirOwnFeature(ROOT, ROOT + ".internal").check(classes);
    }

    @Test
    void featurePackagesAreFreeOfCycles() {
        CutoverRules.noCyclesBetweenFeatures(ROOT).check(classes);
    }

    @Test
    void moduleDependenciesPointIntoCore() {
        CutoverRules.moduleArrows(ROOT, Modules.BY_LOCATION, Modules.ALLOWED).check(classes);
    }
}
