package dev.cutover.cli.internal.commands;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cutover.cdc.CaptureStatus;
import dev.cutover.cdc.ChangeCapture;
import dev.cutover.cdc.ChangeFeed;
import dev.cutover.cdc.TableRoutes;
import dev.cutover.cdc.debezium.DebeziumFeed;
import dev.cutover.cdc.debezium.DebeziumFeedConfig;
import dev.cutover.cdc.kafka.KafkaChangeFeed;
import dev.cutover.cdc.ops.CaptureBoard;
import dev.cutover.cdc.ops.CaptureReporter;
import dev.cutover.cli.CutoverApplication;
import dev.cutover.cli.MovedTable;
import dev.cutover.cli.internal.CliException;
import dev.cutover.cli.internal.ExitCode;
import dev.cutover.cli.internal.Output;
import dev.cutover.cli.internal.Setting;
import dev.cutover.cli.internal.Settings;
import dev.cutover.cli.internal.Text;
import dev.cutover.cli.internal.routes.StoreRoutes;
import dev.cutover.legacy.LegacyTable;
import dev.cutover.postgres.PostgresAdapter;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * The work of {@code cutover cdc start|status|stop}, with the optional module's types: loaded only once
 * {@link CdcCommand#requireModule()} found the module. The running capture and the other commands meet in
 * {@link CaptureBoard} (table {@code cutover.cdc_capture}); the capture reports there with its {@link CaptureReporter}, as
 * an application running capture in-process does.
 */
final class CdcRunner {
    private final CliCommand command;

    CdcRunner(CliCommand command) {
        this.command = command;
    }

    int start() throws InterruptedException {
        CdcCommand.Start options = (CdcCommand.Start) command;
        CutoverApplication application = command.session().application();
        PostgresAdapter postgres = command.session().postgres();
        CaptureBoard board = CaptureBoard.open(postgres, options.name);
        // checked before the feed starts (ChangeCapture.start checks again, for in-process captures), with the CLI's words
        Optional<CaptureBoard.Report> running = board.running();
        if (running.isPresent()) {
            throw new CliException("cdc-already-running", "Capture '" + options.name + "' runs already, on "
                    + running.get().instance() + " (reported " + Text.seconds(running.get().sinceReported()) + " ago)",
                    "stop it first ('cutover cdc stop --name " + options.name + "'), or give another --name", null);
        }
        ChangeFeed feed = feed(options, application);
        String instance = CaptureReporter.thisProcess();
        CountDownLatch stopSignal = new CountDownLatch(1);
        Thread hook = new Thread(stopSignal::countDown, "cutover-cdc-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        try (StoreRoutes routes = StoreRoutes.open(application, command.cli().environment(),
                postgres.connections().dataSource())) {
            ChangeCapture.Builder builder = ChangeCapture.builder().feed(feed).legacy(command.session().legacy())
                    .postgres(postgres)
                    .reportTo(CaptureReporter.custom(board).instance(instance).listener(new CaptureReporter.Listener() {
                        @Override
                        public void resumed(String table, long heldKeys) {
                            command.out().println("Resumed " + table + ": " + Text.count(heldKeys, "held key",
                                    "held keys") + " recorded in the outbox");
                        }

                        @Override
                        public void notResumed(String table, String why) {
                            command.out().println("Not resumed: " + why);
                        }

                        @Override
                        public void ended() {
                            stopSignal.countDown();
                        }
                    }))
                    .routes(TableRoutes.of(routes.cutover()::routes,
                            table -> application.writers(command.session().table(table))));
            for (MovedTable<?, ?> table : application.tables()) {
                builder.table(table.mapping(), table.legacyTable());
            }
            try (ChangeCapture capture = builder.build()) {
                capture.start();
                command.out().println("Capture '" + options.name + "' started on " + instance + ": "
                        + Text.count(application.tables().size(), "table", "tables") + ", " + describe(options)
                        + ". Stop it with 'cutover cdc stop" + (options.name.equals(CaptureBoard.DEFAULT_NAME) ? ""
                        : " --name " + options.name) + "'.");
                // until stopped (cutover cdc stop), failed, interrupted (the hook) or --for elapsed
                stopSignal.await(options.runFor == null ? Long.MAX_VALUE : options.runFor.toNanos(), TimeUnit.NANOSECONDS);
                capture.stop(); // its reporter publishes the last status
                CaptureStatus status = capture.status();
                command.out().println("Capture '" + options.name + "' " + (status.state() == CaptureStatus.State.FAILED
                        ? "failed" : "stopped") + ": " + summary(CaptureBoard.toJson(status)));
                if (status.state() == CaptureStatus.State.FAILED) {
                    throw new CliException("cdc-failed", "Capture '" + options.name + "' failed: " + status.failure(),
                            "fix the cause, then 'cutover cdc start' again: the feed resumes from its stored position",
                            null);
                }
                return ExitCode.OK;
            }
        } finally {
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException shuttingDown) {
                // the JVM is stopping: the hook has run
            }
        }
    }

    private ChangeFeed feed(CdcCommand.Start options, CutoverApplication application) {
        if (options.kafkaBootstrap == null) {
            return engineFeed(options, application);
        }
        if (options.kafkaTopics == null) {
            throw new CliException(CliException.INVALID_INPUT, "--kafka-bootstrap needs --kafka-topics: a regular "
                    + "expression of Debezium's topics, for example 'legacy(\\..*)?' for topic.prefix=legacy",
                    "see 'cutover cdc start --help'", null);
        }
        KafkaChangeFeed.Builder kafka = KafkaChangeFeed.builder(options.kafkaBootstrap, options.kafkaGroup)
                .topicPattern(options.kafkaTopics);
        try {
            options.kafkaProperties.forEach(kafka::consumerProperty);
        } catch (IllegalArgumentException e) {
            throw new CliException(CliException.INVALID_INPUT, "--kafka-property: " + e.getMessage(), null, e);
        }
        return kafka.build();
    }

    /** Debezium's embedded engine on the legacy database of the settings, positions kept in the target PostgreSQL. */
    private ChangeFeed engineFeed(CdcCommand.Start options, CutoverApplication application) {
        Settings settings = command.session().settings();
        String url = settings.require(Setting.LEGACY_URL, "cutover cdc start");
        DebeziumFeedConfig.Builder builder = url.startsWith("jdbc:postgresql:") ? DebeziumFeedConfig.postgres()
                : url.startsWith("jdbc:mysql:") ? DebeziumFeedConfig.mySql() : DebeziumFeedConfig.mariaDb();
        List<String> tables = new ArrayList<>();
        for (MovedTable<?, ?> table : application.tables()) {
            LegacyTable legacy = table.legacyTable();
            tables.add(legacy.schema().map(schema -> url.startsWith("jdbc:postgresql:") ? schema + "." + legacy.name()
                    : legacy.name()).orElse(legacy.name()));
        }
        try {
            return DebeziumFeed.of(builder
                    .legacy(url, settings.require(Setting.LEGACY_USER, "the change feed's connector"),
                            settings.require(Setting.LEGACY_PASSWORD, "the change feed's connector"))
                    .positions(settings.require(Setting.POSTGRES_URL, "the change feed's positions"),
                            settings.require(Setting.POSTGRES_USER, "the change feed's positions"),
                            settings.require(Setting.POSTGRES_PASSWORD, "the change feed's positions (Debezium's stores "
                                    + "refuse an empty one)"))
                    .tables(tables.toArray(String[]::new))
                    .name(options.name)
                    .expectedLag(options.expectedLag)
                    .build());
        } catch (IllegalArgumentException | IllegalStateException e) {
            throw new CliException(CliException.INVALID_INPUT, "The change feed's settings: " + e.getMessage(),
                    "see docs/cdc.md, 'The feed'", e);
        }
    }

    private static String describe(CdcCommand.Start options) {
        return options.kafkaBootstrap != null
                ? "Kafka topics /" + options.kafkaTopics + "/ as group " + options.kafkaGroup
                : "the legacy database's log";
    }

    int status() {
        CdcCommand.Status options = (CdcCommand.Status) command;
        CaptureBoard board = CaptureBoard.open(command.session().postgres(), options.name);
        CaptureBoard.Report report = board.read().orElseThrow(() -> new CliException("cdc-unknown",
                "No capture named '" + options.name + "' has reported to cutover.cdc_capture",
                "start one with 'cutover cdc start'", null));
        String state = report.state();
        JsonNode status = report.status();
        boolean attention = !state.equals("RUNNING") || status.path("pausedTables").size() > 0;
        if (options.json) {
            ObjectNode tree = (ObjectNode) status.deepCopy();
            tree.put("state", state);
            ObjectNode root = dev.cutover.cli.internal.Json.object();
            root.put("name", report.name());
            root.put("instance", report.instance());
            root.put("startedAt", report.startedAt().toString());
            root.put("reportedAt", report.reportedAt().toString());
            root.put("secondsSinceReport", report.sinceReported().toMillis() / 1000.0);
            root.setAll(tree);
            root.put("stopRequested", report.stopRequested() == null ? null : report.stopRequested().toString());
            Output.json(command.out(), root);
        } else {
            var out = command.out();
            out.println("Capture '" + report.name() + "': " + state + " on " + report.instance() + ", started "
                    + report.startedAt() + ", last report " + Text.seconds(report.sinceReported()) + " ago"
                    + (report.stopRequested() != null ? "; stop requested " + report.stopRequested() : ""));
            out.println("  " + summary(status));
            for (JsonNode paused : status.path("pausedTables")) {
                out.println("  paused: " + paused.path("table").asText() + " (legacy " + paused.path("legacyTable").asText()
                        + ") since " + paused.path("since").asText() + ": " + paused.path("reason").asText() + "; "
                        + Text.count(paused.path("heldChanges").asLong(), "change", "changes") + " held");
                for (JsonNode line : paused.path("schemaCheck")) {
                    out.println("    schema check: " + line.asText());
                }
            }
            status.path("unmappedTables").properties().forEach(e -> out.println("  not mapped: " + e.getKey() + ", "
                    + Text.count(e.getValue().asLong(), "change", "changes") + " (not applied)"));
            if (!status.path("failure").isNull() && !status.path("failure").asText().isEmpty()) {
                out.println("  failure: " + status.path("failure").asText());
            }
            if (state.equals("STALE")) {
                out.println("  not reporting for " + Text.seconds(report.sinceReported()) + ": the process was killed, hung "
                        + "or cut off from PostgreSQL; start it again (the feed resumes from its stored position)");
            }
        }
        return attention ? ExitCode.FINDINGS : ExitCode.OK;
    }

    int resume() throws InterruptedException {
        CdcCommand.Resume options = (CdcCommand.Resume) command;
        CaptureBoard board = CaptureBoard.open(command.session().postgres(), options.name);
        CaptureBoard.Report report = board.read().orElseThrow(() -> new CliException("cdc-unknown",
                "No capture named '" + options.name + "' has reported to cutover.cdc_capture: nothing to resume", null, null));
        if (!paused(report, options.table)) {
            List<String> paused = new ArrayList<>();
            report.status().path("pausedTables").forEach(p -> paused.add(p.path("table").asText()));
            throw new CliException("cdc-not-paused", "Table '" + options.table + "' is not paused in capture '"
                    + options.name + "' (paused: " + (paused.isEmpty() ? "none" : String.join(", ", paused)) + ")",
                    null, null);
        }
        if (!report.state().equals("RUNNING")) {
            throw new CliException("cdc-not-running", "Capture '" + options.name + "' is " + report.state()
                    + ": start it ('cutover cdc start'), then resume " + options.table, null, null);
        }
        board.requestResume(options.table);
        long deadline = System.nanoTime() + options.wait.toNanos();
        while (true) {
            report = board.read().orElseThrow();
            if (!report.resumeRequests().contains(options.table) && !paused(report, options.table)) {
                command.out().println("Table " + options.table + " resumed: its held changes are in the outbox, and its "
                        + "changes are applied again");
                return ExitCode.OK;
            }
            if (System.nanoTime() >= deadline) {
                command.out().println("Table " + options.table + " is still paused after " + Text.seconds(options.wait)
                        + ": the capture's output says why (a table resumes only while capture runs)");
                return ExitCode.FINDINGS;
            }
            Thread.sleep(200);
        }
    }

    private static boolean paused(CaptureBoard.Report report, String table) {
        for (JsonNode paused : report.status().path("pausedTables")) {
            if (paused.path("table").asText().equals(table)) {
                return true;
            }
        }
        return false;
    }

    int stop() throws InterruptedException {
        CdcCommand.Stop options = (CdcCommand.Stop) command;
        CaptureBoard board = CaptureBoard.open(command.session().postgres(), options.name);
        if (!board.requestStop()) {
            throw new CliException("cdc-unknown", "No capture named '" + options.name + "' has reported to "
                    + "cutover.cdc_capture: nothing to stop", null, null);
        }
        long deadline = System.nanoTime() + options.wait.toNanos();
        while (true) {
            CaptureBoard.Report report = board.read().orElseThrow();
            String state = report.state();
            if (!state.equals("RUNNING") && !state.equals("NEW")) {
                command.out().println("Capture '" + options.name + "' is " + state + " (" + report.instance() + "): "
                        + summary(report.status()));
                return ExitCode.OK;
            }
            if (System.nanoTime() >= deadline) {
                command.out().println("Capture '" + options.name + "' was asked to stop and still runs on "
                        + report.instance() + " after " + Text.seconds(options.wait) + "; it stops within a second of its "
                        + "next report, or give a longer --wait");
                return ExitCode.FINDINGS;
            }
            Thread.sleep(200);
        }
    }

    /** {@code position ..., lag 0.4 s, 0 events behind, 120 changes received, 121 keys queued, ...}. */
    static String summary(JsonNode status) {
        String position = status.path("position").isNull() ? "none yet" : status.path("position").asText();
        return "position " + position + ", lag " + String.format(java.util.Locale.ROOT, "%.1f s",
                status.path("lagSeconds").asDouble()) + ", " + Text.count(status.path("eventsBehind").asLong(),
                "event", "events") + " behind, " + Text.count(status.path("changesReceived").asLong(), "change", "changes")
                + " received, " + Text.count(status.path("keysQueued").asLong(), "key", "keys") + " queued, "
                + Text.count(status.path("notCaptured").asLong(), "change", "changes") + " not captured (PostgreSQL "
                + "primary), " + Text.count(status.path("pausedTables").size(), "table", "tables") + " paused";
    }
}
