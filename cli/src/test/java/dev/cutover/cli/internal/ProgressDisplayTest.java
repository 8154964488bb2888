package dev.cutover.cli.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class ProgressDisplayTest {

    @Test
    void shouldDrawABarWithRowsRateAndEta() {
        assertThat(ProgressDisplay.bar("clients", 2_700, 10_000, 1_234.4, Duration.ofSeconds(6), 10, "rows"))
                .isEqualTo("clients [###.......]  27%  2,700/10,000 rows  1,234 rows/s  ETA 0:06");
        assertThat(ProgressDisplay.bar("t", 5, 0, 0, null, 4, "rows")).isEqualTo("t [####] 100%  5/0 rows  0 rows/s  ETA ?");
    }

    @Test
    void shouldFormatTheEtaInMinutesOrHours() {
        assertThat(ProgressDisplay.eta(Duration.ofMillis(61_200))).isEqualTo("1:02");
        assertThat(ProgressDisplay.eta(Duration.ofSeconds(3_723))).isEqualTo("1:02:03");
        assertThat(ProgressDisplay.eta(null)).isEqualTo("?");
    }

    @Test
    void shouldPrintALineAtMostOncePerIntervalWhenNotATerminal() {
        StringWriter text = new StringWriter();
        AtomicLong now = new AtomicLong();
        ProgressDisplay display = new ProgressDisplay(new PrintWriter(text), ProgressDisplay.Style.LINES,
                Duration.ofSeconds(10), now::get);

        display.update("clients", 100, 1_000, 50, Duration.ofSeconds(18));
        now.addAndGet(Duration.ofSeconds(5).toNanos());
        display.update("clients", 200, 1_000, 50, Duration.ofSeconds(16));
        now.addAndGet(Duration.ofSeconds(6).toNanos());
        display.update("clients", 300, 1_000, 50, Duration.ofSeconds(14));

        assertThat(text.toString().lines()).containsExactly("clients: 100/1,000 rows (10%), 50 rows/s, ETA 0:18",
                "clients: 300/1,000 rows (30%), 50 rows/s, ETA 0:14");
    }

    @Test
    void shouldRedrawTheBarInPlaceAndClearItBeforeALine() {
        StringWriter text = new StringWriter();
        AtomicLong now = new AtomicLong();
        ProgressDisplay display = new ProgressDisplay(new PrintWriter(text), ProgressDisplay.Style.BAR,
                Duration.ofSeconds(10), now::get);

        display.update("t", 1, 2, 1, null);
        now.addAndGet(Duration.ofSeconds(1).toNanos());
        display.update("t", 2, 2, 1, Duration.ZERO);
        display.println("t: done");

        assertThat(text.toString()).startsWith("\rt [").contains("\rt [##############################] 100%")
                .endsWith("\rt: done" + System.lineSeparator()).doesNotContain("\n\r");
    }

    @Test
    void shouldShowNothingInNoneMode() {
        StringWriter text = new StringWriter();
        ProgressDisplay display = new ProgressDisplay(new PrintWriter(text), ProgressDisplay.Style.NONE,
                Duration.ofSeconds(10), System::nanoTime);
        display.update("t", 1, 2, 1, null);
        display.println("t: done");
        assertThat(text.toString()).isEmpty();
    }
}
