package dev.cutover.cdc.debezium.internal;

import dev.cutover.cdc.ChangeFeed;
import dev.cutover.cdc.ChangeFeedException;
import dev.cutover.cdc.PositionLostException;
import dev.cutover.cdc.RowChange;
import dev.cutover.cdc.checks.BinlogChecks;
import dev.cutover.cdc.checks.PostgresChecks;
import dev.cutover.cdc.checks.Problem;
import dev.cutover.cdc.debezium.DebeziumFeedConfig;
import dev.cutover.jdbc.Redaction;
import dev.cutover.postgres.CutoverSchema;
import io.debezium.embedded.Connect;
import io.debezium.engine.DebeziumEngine;
import io.debezium.engine.RecordChangeEvent;
import io.debezium.engine.format.ChangeEventFormat;
import java.io.IOException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.connect.source.SourceRecord;
import org.postgresql.ds.PGSimpleDataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A {@link ChangeFeed} on Debezium's embedded engine. {@link #start} migrates the position tables, runs the start-up
 * checks and the stored-position check, then runs the engine on a thread of its own. Each batch Debezium hands over is
 * read as {@link RowChange}s and given to the sink; only after the sink returned are its records marked processed,
 * and the engine commits the position after every batch ({@code offset.flush.interval.ms=0}): at least once.
 *
 * <p>Thread-safe.
 */
public final class EmbeddedEngineFeed implements ChangeFeed {
    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedEngineFeed.class);

    private static final java.time.Duration STREAMING_TIMEOUT = java.time.Duration.ofSeconds(120);

    private final DebeziumFeedConfig config;
    private final AtomicBoolean started = new AtomicBoolean();
    private volatile boolean closing;
    private volatile ChangeFeedException failure;
    private volatile DebeziumEngine<RecordChangeEvent<SourceRecord>> engine;
    private volatile ExecutorService thread;

    public EmbeddedEngineFeed(DebeziumFeedConfig config) {
        this.config = config;
    }

    @Override
    public void start(Sink sink) {
        if (!started.compareAndSet(false, true)) {
            throw new IllegalStateException("feed '" + config.name() + "' was started before; a feed starts once:"
                    + " make a new one (it resumes from the stored position)");
        }
        CutoverSchema.migrate(positionsDataSource());
        Map<String, List<String>> uniqueKeys = checkLegacy();
        engine = DebeziumEngine.create(ChangeEventFormat.of(Connect.class))
                .using(EngineProperties.of(config, uniqueKeys))
                .using(this::completed)
                .notifying((records, committer) -> deliver(sink, records, committer))
                .build();
        thread = Executors.newSingleThreadExecutor(runnable -> {
            Thread t = new Thread(runnable, "cutover-cdc-" + config.name());
            t.setDaemon(true);
            return t;
        });
        thread.execute(engine);
        awaitStreaming();
        LOG.info("Change feed '{}' follows the log: {}", config.name(), config);
    }

    /**
     * Waits until the connector reads the log (its streaming metrics say connected): from then on every committed
     * change is delivered, which a backfill started afterwards relies on. Debezium offers no callback for that moment.
     */
    private void awaitStreaming() {
        long deadline = System.nanoTime() + STREAMING_TIMEOUT.toNanos();
        while (!Streaming.connected(config.name())) {
            if (failure != null) {
                close();
                throw failure;
            }
            if (System.nanoTime() > deadline) {
                close();
                throw new ChangeFeedException("feed '" + config.name() + "' did not start following the legacy log within "
                        + STREAMING_TIMEOUT.toSeconds() + " s; its log says why (logger io.debezium)");
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                close();
                throw new ChangeFeedException("feed '" + config.name() + "' was interrupted while starting", e);
            }
        }
    }

    private void deliver(Sink sink, List<RecordChangeEvent<SourceRecord>> records,
            DebeziumEngine.RecordCommitter<RecordChangeEvent<SourceRecord>> committer) throws InterruptedException {
        List<RowChange> batch = new ArrayList<>();
        for (RecordChangeEvent<SourceRecord> record : records) {
            batch.addAll(Changes.of(record.record()));
        }
        if (!batch.isEmpty()) {
            try {
                sink.accept(batch);
            } catch (RuntimeException e) {
                failure = new ChangeFeedException("feed '" + config.name() + "' stopped: the sink refused a batch of "
                        + batch.size() + " changes from " + batch.get(0).position() + " ("
                        + Redaction.text(e.getMessage(), config.secrets()) + "); the batch was not committed and comes"
                        + " again when the feed starts next", Redaction.chain(e, config.secrets()));
                throw e;
            }
        }
        for (RecordChangeEvent<SourceRecord> record : records) {
            committer.markProcessed(record);
        }
        committer.markBatchFinished();
    }

    private void completed(boolean success, String message, Throwable error) {
        if (success || closing || failure != null) {
            return;
        }
        String text = Redaction.text(String.valueOf(error == null ? message : messages(error)), config.secrets());
        if (text.contains("no longer available on the server") || text.contains("purged")) {
            failure = new PositionLostException("feed '" + config.name() + "' stopped: the legacy binlog no longer holds"
                    + " its position (" + text + "); " + StoredPosition.fix(config.name()), Redaction.chain(error, config.secrets()));
        } else {
            failure = new ChangeFeedException("feed '" + config.name() + "' stopped: " + text,
                    Redaction.chain(error, config.secrets()));
        }
        LOG.error("Change feed '{}' stopped: {}", config.name(), failure.getMessage());
    }

    private static String messages(Throwable error) {
        StringBuilder text = new StringBuilder();
        for (Throwable cause = error; cause != null; cause = cause.getCause() == cause ? null : cause.getCause()) {
            text.append(text.length() == 0 ? "" : "; caused by ").append(cause.getMessage());
        }
        return text.toString();
    }

    /**
     * Runs the start-up checks and the stored-position check, throwing what they found; returns the tables keyed by a
     * unique key instead of a primary key, qualified as Debezium names them.
     */
    private Map<String, List<String>> checkLegacy() {
        try (Connection legacy = DriverManager.getConnection(legacyUrl(), config.user(), config.password());
                Connection positions = DriverManager.getConnection(config.positionsUrl(), config.positionsUser(),
                        config.positionsPassword())) {
            List<Problem> problems = config.legacy().binlog()
                    ? BinlogChecks.run(legacy, config.database(), config.tables(), config.expectedLag())
                    : PostgresChecks.run(legacy, config.tables());
            if (!problems.isEmpty()) {
                throw new ChangeFeedException("feed '" + config.name() + "' cannot start: the legacy database "
                        + config.host() + ":" + config.port() + "/" + config.database() + " is not ready for change data"
                        + " capture:\n  - " + String.join("\n  - ", problems.stream().map(Problem::toString).toList()));
            }
            Optional<StoredPosition> stored = StoredPosition.read(positions, config.name());
            if (stored.isPresent() && config.legacy().binlog()) {
                stored.get().requireInBinlog(legacy, config.name());
            } else if (stored.isPresent()) {
                stored.get().requireInSlot(legacy, config.name(), config.slotName());
            }
            if (!config.legacy().binlog()) {
                return PostgresChecks.uniqueKeys(legacy);
            }
            Map<String, List<String>> qualified = new LinkedHashMap<>();
            BinlogChecks.uniqueKeys(legacy, config.database()).forEach((table, columns) ->
                    qualified.put(config.database() + "." + table, columns));
            return qualified;
        } catch (SQLException e) {
            throw new ChangeFeedException("feed '" + config.name() + "' cannot start: checking the legacy database "
                    + config.host() + ":" + config.port() + "/" + config.database() + " and the stored position failed ("
                    + Redaction.text(e.getMessage(), config.secrets()) + ")", Redaction.chain(e, config.secrets()));
        }
    }

    private String legacyUrl() {
        String scheme = switch (config.legacy()) {
            case MARIADB -> "jdbc:mariadb://";
            case MYSQL -> "jdbc:mysql://";
            case POSTGRES -> "jdbc:postgresql://";
        };
        return scheme + config.host() + ":" + config.port() + "/" + config.database();
    }

    private PGSimpleDataSource positionsDataSource() {
        PGSimpleDataSource dataSource = new PGSimpleDataSource();
        dataSource.setURL(config.positionsUrl());
        dataSource.setUser(config.positionsUser());
        dataSource.setPassword(config.positionsPassword());
        return dataSource;
    }

    @Override
    public Optional<ChangeFeedException> failure() {
        return Optional.ofNullable(failure);
    }

    @Override
    public void close() {
        closing = failure == null;
        DebeziumEngine<RecordChangeEvent<SourceRecord>> running = engine;
        if (running != null) {
            try {
                running.close();
            } catch (IllegalStateException e) {
                // it stopped by itself already (a failure): nothing to close
            } catch (IOException e) {
                LOG.warn("Change feed '{}' did not stop cleanly: {}", config.name(), Redaction.text(e.getMessage(), config.secrets()));
            }
        }
        ExecutorService executor = thread;
        if (executor != null) {
            executor.shutdown();
            try {
                if (!executor.awaitTermination(30, TimeUnit.SECONDS)) {
                    LOG.warn("Change feed '{}' did not stop within 30 s", config.name());
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
