package dev.cutover.cli.internal.commands;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cutover.cli.CutoverCli;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The CLI as shipped, without the optional module cutover-cdc (this suite's class path leaves it out): it says what to add. */
class CdcCommandWithoutModuleTest {

    @Test
    void shouldNameTheJarToAddWhenTheModuleIsMissing() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();

        int status = CutoverCli.run(new String[] {"cdc", "status"}, Map.of(),
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));

        assertThat(status).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).isEqualTo("cutover cdc status: " + CdcCommand.MISSING + "\n");
    }
}
