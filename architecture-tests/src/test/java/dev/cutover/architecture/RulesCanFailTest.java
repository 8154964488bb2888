package dev.cutover.architecture;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/**
 * Each rule of {@link ArchitectureTest}, run on fixtures that break it (package {@code fixture}: module "core" with an
 * internal engine, module "legacy" using it, and core using legacy back), fails and names the offending class.
 */
class RulesCanFailTest {
    private static final String ROOT = "dev.cutover.architecture.fixture";
    /** A fixture's module: the package under the root, {@code core} or {@code legacy}. */
    private static final Function<JavaClass, String> MODULE = c -> c.getPackageName().substring(ROOT.length() + 1)
            .split("\\.")[0];
    private static final JavaClasses FIXTURES = new ClassFileImporter().importPackages(ROOT);

    @Test
    void shouldRefuseAModuleUsingAnotherModulesInternalPackage() {
        assertThatThrownBy(() -> CutoverRules.noModuleUsesAnotherModulesInternals(ROOT, MODULE).check(FIXTURES))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("dev.cutover.architecture.fixture.legacy.Store (module legacy) uses "
                        + "dev.cutover.architecture.fixture.core.internal.Engine of module core's internal package "
                        + "dev.cutover.architecture.fixture.core.internal")
                .hasMessageContaining("make the seam a documented SPI package of module core");
    }

    @Test
    void shouldRefuseAFeatureUsingAnotherFeaturesInternalPackageInTheSameModule() {
        Function<JavaClass, String> oneModule = c -> "one";
        CutoverRules.noModuleUsesAnotherModulesInternals(ROOT, oneModule).check(FIXTURES);
        assertThatThrownBy(() -> CutoverRules.internalPackagesServeTheirOwnFeature(ROOT, ROOT + ".internal")
                .check(FIXTURES))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("dev.cutover.architecture.fixture.legacy.Store uses "
                        + "dev.cutover.architecture.fixture.core.internal.Engine of "
                        + "dev.cutover.architecture.fixture.core.internal, the engine of feature "
                        + "dev.cutover.architecture.fixture.core");
        CutoverRules.internalPackagesServeTheirOwnFeature(ROOT, ROOT + ".legacy").check(FIXTURES);
    }

    @Test
    void shouldRefuseACycleBetweenFeaturePackages() {
        assertThatThrownBy(() -> CutoverRules.noCyclesBetweenFeatures(ROOT).check(FIXTURES))
                .isInstanceOf(AssertionError.class)
                .hasMessageContainingAll("Cycle detected: feature 'core' -> ", "feature 'legacy' -> ")
                .hasMessageContaining("dev.cutover.architecture.fixture.core.UsesLegacy");
    }

    @Test
    void shouldRefuseAnArrowPointingOutOfCore() {
        Map<String, Set<String>> allowed = Map.of("core", Set.of(), "legacy", Set.of("core"));
        assertThatThrownBy(() -> CutoverRules.moduleArrows(ROOT, MODULE, allowed).check(FIXTURES))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("dev.cutover.architecture.fixture.core.UsesLegacy (module core) uses "
                        + "dev.cutover.architecture.fixture.legacy.Store (module legacy)")
                .hasMessageContaining("but module core may use only no other module");
    }

    @Test
    void shouldRefuseAModuleTheTestsDoNotKnow() {
        Map<String, Set<String>> allowed = Map.of("core", Set.of("legacy"));
        assertThatThrownBy(() -> CutoverRules.moduleArrows(ROOT, MODULE, allowed).check(FIXTURES))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("dev.cutover.architecture.fixture.legacy.Store is in module legacy, which the "
                        + "architecture tests do not know: add its allowed dependencies to Modules.ALLOWED");
    }

    @Test
    void shouldPassWhereTheFixturesKeepTheRule() {
        Map<String, Set<String>> allowed = Map.of("core", Set.of("legacy"), "legacy", Set.of("core"));
        CutoverRules.moduleArrows(ROOT, MODULE, allowed).check(FIXTURES);
        assertThat(FIXTURES.stream().map(JavaClass::getSimpleName)).contains("Store", "Engine", "Api", "UsesLegacy");
    }
}
