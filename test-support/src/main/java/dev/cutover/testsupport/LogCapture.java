package dev.cutover.testsupport;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.util.List;
import org.slf4j.LoggerFactory;

/**
 * The lines one Logback logger writes while a test runs, each as {@code "LEVEL message"}; close it to stop
 * capturing. Needs Logback as the test's SLF4J binding. Thread-safe.
 */
public final class LogCapture implements AutoCloseable {
    private final Logger logger;
    private final ListAppender<ILoggingEvent> appender = new ListAppender<>();

    /** Starts capturing what the logger named after {@code loggerName} writes. */
    public LogCapture(Class<?> loggerName) {
        logger = (Logger) LoggerFactory.getLogger(loggerName);
        appender.start();
        logger.addAppender(appender);
    }

    /** The lines so far, oldest first. */
    public List<String> lines() {
        // Logback appends under the appender's lock (AppenderBase.doAppend).
        synchronized (appender) {
            return appender.list.stream().map(e -> e.getLevel() + " " + e.getFormattedMessage()).toList();
        }
    }

    @Override
    public void close() {
        logger.detachAppender(appender);
    }
}
