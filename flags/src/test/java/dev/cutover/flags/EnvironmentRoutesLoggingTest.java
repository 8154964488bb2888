package dev.cutover.flags;

import static dev.cutover.flags.TestRepositories.cutover;
import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.cutover.Cutover;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

class EnvironmentRoutesLoggingTest {
    private final Logger logger = (Logger) LoggerFactory.getLogger(EnvironmentRoutes.class);
    private final ListAppender<ILoggingEvent> events = new ListAppender<>();

    @BeforeEach
    void attach() {
        events.start();
        logger.addAppender(events);
    }

    @AfterEach
    void detach() {
        logger.detachAppender(events);
    }

    @Test
    void shouldWarnThatTheOverrideIsSet() {
        try (Cutover cutover = cutover(Map.of("CUTOVER_ROUTE_OVERRIDE", "legacy"))) {
            assertThat(cutover.routes()).isNotEmpty();
        }

        assertThat(events.list).singleElement().satisfies(event -> {
            assertThat(event.getLevel()).isEqualTo(Level.WARN);
            assertThat(event.getFormattedMessage())
                    .isEqualTo("CUTOVER_ROUTE_OVERRIDE is set: every repository method is routed to legacy");
        });
    }

    @Test
    void shouldNotWarnWithoutTheOverride() {
        try (Cutover cutover = cutover(Map.of("CUTOVER_ROUTE_DEFAULT", "postgres"))) {
            assertThat(cutover.routes()).isNotEmpty();
        }

        assertThat(events.list).isEmpty();
    }
}
