package dev.cutover.console;

import dev.cutover.Cutover;
import dev.cutover.cdc.CaptureStatus;
import dev.cutover.cdc.ops.CaptureBoard;
import dev.cutover.flags.LiveRoutes;
import dev.cutover.postgres.CutoverSchema;
import dev.cutover.postgres.PostgresAdapter;
import dev.cutover.postgres.PostgresConfig;
import dev.cutover.status.reports.StatusReports;
import dev.cutover.testkit.TestDatabase;
import dev.cutover.testkit.TestPostgres;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * A migration's target PostgreSQL with Cutover's tables, an application instance routing two repositories through the
 * live flag store (its backends answer with their own name), and the console over the same database, served by Jetty.
 */
final class ConsoleFixture implements AutoCloseable {
    /** A password that appears in a configured URL: no page may show it. */
    static final String SECRET = "S3cret-Pa55word-in-url";
    static final String SECRET_URL = "jdbc:postgresql://db.internal:5432/app?user=app&password=" + SECRET;
    /** Test users: low bcrypt cost (4) so that tests log in quickly; real users files use 12. */
    static final String ALICE_PASSWORD = "alice-change-pw";
    static final String BOB_PASSWORD = "bob-read-pw";

    final TestDatabase db;
    final LiveRoutes appRoutes;
    final Cutover app;
    final StatusReports reports;
    final Console console;
    final ConsoleServer server;
    private PostgresAdapter captureTarget;

    ConsoleFixture(String name, Clock clock) {
        db = TestPostgres.server().createDatabase(name);
        CutoverSchema.migrate(db.dataSource());
        appRoutes = LiveRoutes.builder(db.dataSource()).environment(Map.of()).pollInterval(Duration.ofMillis(100)).build();
        app = Cutover.builder().routes(appRoutes)
                .repository(GreetingRepository.class, n -> "legacy", n -> "postgres")
                .repository(NoteRepository.class, new Notes("legacy"), new Notes("postgres"))
                .build();
        reports = StatusReports.builder(db.dataSource(), app).instanceId("app-1").backgroundReporting(false).build();
        ConsoleUsers users = ConsoleUsers.parse("# test users\nalice:change:" + ConsoleUsers.hash(ALICE_PASSWORD.toCharArray(), 4)
                + "\nbob:read:" + ConsoleUsers.hash(BOB_PASSWORD.toCharArray(), 4) + "\n", "test users");
        console = Console.builder(db.dataSource()).repositories(List.of(GreetingRepository.class, NoteRepository.class))
                .environment(Map.of("CUTOVER_POSTGRES_URL", SECRET_URL)).secrets(List.of(SECRET))
                .authentication(ConsoleAuthentication.passwords(users)).clock(clock).build();
        server = ConsoleServer.start(console, "127.0.0.1", 0);
    }

    GreetingRepository greetings() {
        return app.repository(GreetingRepository.class);
    }

    String url(String path) {
        return "http://127.0.0.1:" + server.port() + path;
    }

    /** A route change made directly, as another tool would. */
    void set(String target, String route) {
        appRoutes.set(target, route, "fixture", "test setup");
    }

    /**
     * What a change data capture process ({@code cutover cdc start}) named {@code name} reports, written by the cdc
     * module's own {@link CaptureBoard} into its table (migration V530) as of {@code reportedAt}.
     */
    synchronized void reportCapture(String name, CaptureStatus status, Instant reportedAt) {
        if (captureTarget == null) {
            captureTarget = PostgresAdapter.create(PostgresConfig.custom().jdbcUrl(db.jdbcUrl()).username(db.username())
                    .password(db.password()).maximumPoolSize(2).build());
        }
        CaptureBoard.open(captureTarget, name).publish("app-3:4711", reportedAt.minusSeconds(600), status, reportedAt);
    }

    @Override
    public void close() {
        if (captureTarget != null) {
            captureTarget.close();
        }
        server.close();
        console.close();
        reports.close();
        app.close();
        db.close();
    }

    private record Notes(String side) implements NoteRepository {
        @Override
        public String findNote(long id) {
            return side;
        }

        @Override
        public void saveNote(long id, String text) {
        }
    }
}
