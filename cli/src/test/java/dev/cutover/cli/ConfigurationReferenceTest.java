package dev.cutover.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cutover.cli.internal.ConfigurationReference;
import dev.cutover.cli.internal.Setting;
import dev.cutover.flags.RouteVariables;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * {@code docs/configuration-reference.md} is the rendering of the code; the command's variables are known to every
 * instance's validation.
 */
class ConfigurationReferenceTest {
    /** The file, from the module's directory (where Maven runs the tests). */
    private static final Path FILE = Path.of("..", "docs", "configuration-reference.md");

    @Test
    void shouldMatchTheCheckedInReference() throws IOException {
        String rendered = ConfigurationReference.render();
        if (Boolean.getBoolean("cutover.docs.update")) {
            Files.writeString(FILE, rendered, StandardCharsets.UTF_8);
        }
        assertThat(Files.exists(FILE)).as(FILE.toAbsolutePath() + " is missing; create it with: " + ConfigurationReference.REGENERATE)
                .isTrue();
        assertThat(Files.readString(FILE, StandardCharsets.UTF_8))
                .as("docs/configuration-reference.md differs from the rendering of Setting and the flags module; regenerate it"
                        + " with: " + ConfigurationReference.REGENERATE)
                .isEqualTo(rendered);
    }

    @Test
    void shouldListEverySettingAndRouteVariableForm() {
        String rendered = ConfigurationReference.render();
        for (Setting setting : Setting.values()) {
            assertThat(rendered).contains("`" + setting.variable() + "`");
        }
        assertThat(rendered).contains("`CUTOVER_ROUTE__<REPOSITORY>__<METHOD>`", "`postgres-dual`", "| `override` |",
                "`CUTOVER_JAVA_OPTS`", "`CUTOVER_TEST_MARIADB_URL`");
    }

    @Test
    void shouldHaveEveryVariableOfTheCommandKnownToTheRouteValidation() {
        for (Setting setting : Setting.values()) {
            assertThat(RouteVariables.KNOWN_VARIABLES).as("RouteVariables.KNOWN_VARIABLES must list " + setting.variable()
                    + ", or an instance started where the command runs would refuse to start").contains(setting.variable());
        }
        assertThat(RouteVariables.KNOWN_VARIABLES).contains("CUTOVER_CLASSPATH", "CUTOVER_JAVA_OPTS");
    }
}
