package dev.cutover.demo;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class PhaseTableTest {

    @Test
    void shouldPrintEachPhaseWithItsVerdictThenTheFiguresOfEveryFailedCheck() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        List<PhaseResult> results = List.of(
                new PhaseResult(1, "seed legacy", Duration.ofMillis(2_340), List.of(Check.of("clients seeded", true, "5000"))),
                new PhaseResult(2, "verify 100%", Duration.ofMillis(800), List.of(Check.of("reconciler drained", true, "0"),
                        Check.of("clients equal", false, "DIFFERENT: 1 missing, 0 extra, 0 different"))));

        PhaseTable.print(new PrintStream(bytes, true, StandardCharsets.UTF_8), results, Duration.ofMillis(3_210));

        assertThat(bytes.toString(StandardCharsets.UTF_8).lines()).containsExactly(
                "#   phase                            time  checks    what was checked",
                "1   seed legacy                      2.3s  pass 1/1  clients seeded",
                "2   verify 100%                      0.8s  FAIL 1/2  reconciler drained; clients equal (FAILED)",
                "FAILED 2 verify 100%: clients equal: DIFFERENT: 1 missing, 0 extra, 0 different",
                "1 phase(s) failed in 3.2 s");
    }

    @Test
    void shouldCountAPhaseWithoutChecksAsFailed() {
        assertThat(new PhaseResult(1, "backfill", Duration.ZERO, List.of()).passed()).isFalse();
        assertThat(new PhaseResult(1, "backfill", Duration.ZERO, List.of(Check.of("done", true, ""))).passed()).isTrue();
    }
}
