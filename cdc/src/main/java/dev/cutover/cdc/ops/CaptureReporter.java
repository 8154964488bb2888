package dev.cutover.cdc.ops;

import dev.cutover.cdc.CaptureStatus;
import dev.cutover.cdc.ChangeCapture;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Publishes a running {@link ChangeCapture}'s status to its {@link CaptureBoard} on a schedule (every second unless
 * told), and obeys what the board asks: {@code cutover cdc resume} resumes the table, {@code cutover cdc stop} stops
 * the capture. What {@code cutover cdc start} does, for an application that runs capture in its own process: give
 * {@code ChangeCapture.Builder.reportTo(...)} and the capture starts and closes its reporter.
 *
 * <p>Reporting never fails the capture: a publish that fails (PostgreSQL briefly unavailable) is logged once, with
 * the cause's message and no credentials, and tried again on the next tick; the recovery is logged too. Each tick
 * runs on one daemon thread ({@code cutover-cdc-report-<name>}). Thread-safe.
 */
public final class CaptureReporter implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(CaptureReporter.class);

    /** How often a capture reports unless told: well inside {@link CaptureBoard.Report#STALE_AFTER}. */
    public static final Duration DEFAULT_INTERVAL = Duration.ofSeconds(1);

    private final CaptureBoard board;
    private final ChangeCapture capture;
    private final String instance;
    private final Clock clock;
    private final Listener listener;
    private final Instant startedAt;
    private final ScheduledExecutorService ticks;
    private boolean closed;
    private boolean failing;
    private boolean ended;

    private CaptureReporter(Builder builder, ChangeCapture capture) {
        this.board = builder.board;
        this.capture = capture;
        this.instance = builder.instance;
        this.clock = builder.clock;
        this.listener = builder.listener;
        this.startedAt = clock.instant();
        this.ticks = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "cutover-cdc-report-" + board.name());
            thread.setDaemon(true);
            return thread;
        });
        ticks.scheduleWithFixedDelay(this::tick, 0, builder.interval.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** A reporter to {@code board}: configure it, then give it to {@code ChangeCapture.Builder.reportTo}. */
    public static Builder custom(CaptureBoard board) {
        return new Builder(board);
    }

    /** The process as the board names it: {@code host:pid}. */
    public static String thisProcess() {
        String host;
        try {
            host = InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            host = "unknown-host";
        }
        return host + ":" + ProcessHandle.current().pid();
    }

    /** One report: publish the status, resume the tables asked for, stop when asked. */
    void tick() {
        boolean stop = false;
        CaptureStatus status;
        synchronized (this) {
            if (closed) {
                return;
            }
            try {
                status = capture.status();
                board.publish(instance, startedAt, status, clock.instant());
                for (String table : board.takeResumeRequests()) {
                    resume(table);
                }
                stop = board.stopRequested();
                recovered();
            } catch (RuntimeException e) {
                failed(e);
                return;
            }
        }
        if (stop) {
            LOG.info("Capture '{}' stops: 'cutover cdc stop' asked for it", board.name());
            capture.stop(); // closes this reporter, which reports STOPPED and tells the listener
        } else if (status.state() != CaptureStatus.State.RUNNING) {
            ended();
        }
    }

    private void resume(String table) {
        try {
            long applied = capture.resume(table);
            LOG.info("Capture '{}' resumed {} as asked: {} held keys recorded in the outbox", board.name(), table, applied);
            listener.resumed(table, applied);
        } catch (IllegalArgumentException e) {
            LOG.warn("Capture '{}' did not resume {} as asked: {}", board.name(), table, e.getMessage());
            listener.notResumed(table, e.getMessage());
        }
    }

    private synchronized void ended() {
        if (!ended) {
            ended = true;
            listener.ended();
        }
    }

    private void failed(RuntimeException e) {
        if (!failing) {
            failing = true;
            LOG.warn("Capture '{}' could not report to cutover.cdc_capture ({}); capture goes on, and reporting is "
                    + "tried again every tick", board.name(), e.getMessage());
        }
    }

    private void recovered() {
        if (failing) {
            failing = false;
            LOG.info("Capture '{}' reports to cutover.cdc_capture again", board.name());
        }
    }

    /**
     * Stops the ticks and publishes the capture's status one last time ({@code STOPPED} or {@code FAILED} once the
     * capture stopped). {@code ChangeCapture.stop()} calls it. Idempotent; never throws for a failed publish.
     */
    @Override
    public void close() {
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
            ticks.shutdown();
            try {
                board.publish(instance, startedAt, capture.status(), clock.instant());
            } catch (RuntimeException e) {
                LOG.warn("Capture '{}' could not report its last status to cutover.cdc_capture ({}); the row turns "
                        + "STALE after {} s", board.name(), e.getMessage(), CaptureBoard.Report.STALE_AFTER.toSeconds());
            }
        }
        ended();
    }

    /**
     * What the reporter did on the capture's behalf, for a caller that shows it (the CLI prints it). Called on the
     * reporter's thread (or the one closing it); each method by default does nothing.
     */
    public interface Listener {
        /** The table was resumed as {@code cutover cdc resume} asked; {@code heldKeys} went to the outbox. */
        default void resumed(String table, long heldKeys) {
        }

        /** The table was not resumed as asked (not paused, not captured): {@code why}. */
        default void notResumed(String table, String why) {
        }

        /**
         * The capture no longer runs (stopped as asked, stopped, failed): called once, after the report that says so
         * (or the attempt); {@code ChangeCapture.status()} tells which.
         */
        default void ended() {
        }
    }

    /** Configures a {@link CaptureReporter}; not thread-safe. */
    public static final class Builder {
        private final CaptureBoard board;
        private Duration interval = DEFAULT_INTERVAL;
        private String instance = thisProcess();
        private Clock clock = Clock.systemUTC();
        private Listener listener = new Listener() {
        };

        private Builder(CaptureBoard board) {
            this.board = Objects.requireNonNull(board, "board");
        }

        /** How often to report; at least 10 ms and under {@link CaptureBoard.Report#STALE_AFTER}. */
        public Builder every(Duration reportInterval) {
            Objects.requireNonNull(reportInterval, "every");
            if (reportInterval.compareTo(Duration.ofMillis(10)) < 0
                    || reportInterval.compareTo(CaptureBoard.Report.STALE_AFTER) >= 0) {
                throw new IllegalArgumentException("A capture's report interval must be at least 10 ms and under "
                        + CaptureBoard.Report.STALE_AFTER.toSeconds() + " s (after that it reads as STALE): " + reportInterval);
            }
            this.interval = reportInterval;
            return this;
        }

        /** The process's name on the board; {@link #thisProcess()} unless given. */
        public Builder instance(String processName) {
            if (processName == null || processName.isBlank()) {
                throw new IllegalArgumentException("an instance name must not be blank: "
                        + (processName == null ? "null" : "'" + processName + "'"));
            }
            this.instance = processName;
            return this;
        }

        /** The start and report times; the system clock unless given. */
        public Builder clock(Clock reportClock) {
            this.clock = Objects.requireNonNull(reportClock, "clock");
            return this;
        }

        /** Told what the reporter did for the capture. */
        public Builder listener(Listener reportListener) {
            this.listener = Objects.requireNonNull(reportListener, "listener");
            return this;
        }

        /**
         * Refuses when another process reports this capture as running (a second capture under one name would share
         * its position and its row). A board that cannot be read does not stop capture: the reporter's first tick
         * logs why.
         *
         * @throws IllegalStateException naming that process and the fix
         */
        public void checkNotRunningElsewhere() {
            Optional<CaptureBoard.Report> running;
            try {
                running = board.running();
            } catch (RuntimeException unreadable) {
                return;
            }
            if (running.isPresent()) {
                CaptureBoard.Report report = running.get();
                throw new IllegalStateException("Capture '" + board.name() + "' runs already, on " + report.instance()
                        + " (reported " + report.sinceReported().toMillis() / 1000.0 + " s ago): stop it first ('cutover "
                        + "cdc stop --name " + board.name() + "'), or report under another name");
            }
        }

        /** Starts reporting {@code capture} now (the first report at once). {@code ChangeCapture.start()} calls it. */
        public CaptureReporter start(ChangeCapture capture) {
            return new CaptureReporter(this, Objects.requireNonNull(capture, "capture"));
        }
    }
}
