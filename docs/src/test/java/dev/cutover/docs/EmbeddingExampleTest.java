package dev.cutover.docs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cutover.Cutover;
import dev.cutover.docs.ReadmeExample.Note;
import dev.cutover.docs.ReadmeExample.NoteRepository;
import dev.cutover.flags.LiveRoutes;
import dev.cutover.flags.RouteChangeRefusedException;
import dev.cutover.legacy.LegacyAdapter;
import dev.cutover.legacy.LegacyConfig;
import dev.cutover.postgres.CutoverSchema;
import dev.cutover.postgres.PostgresAdapter;
import dev.cutover.postgres.PostgresConfig;
import dev.cutover.routing.Route;
import dev.cutover.routing.RouteConfigurationException;
import dev.cutover.testkit.TestDatabase;
import dev.cutover.testsupport.Await;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The plain Java embedding of docs/embedding.md runs the phases of a migration as the page and the runbook say. */
class EmbeddingExampleTest {
    private static TestDatabase legacyDatabase;
    private static TestDatabase targetDatabase;

    @BeforeAll
    static void createDatabases() {
        legacyDatabase = NoteDatabases.legacy("embedding_legacy");
        targetDatabase = NoteDatabases.target("embedding_target");
    }

    @AfterAll
    static void dropDatabases() {
        legacyDatabase.close();
        targetDatabase.close();
    }

    @BeforeEach
    void reset() {
        legacyDatabase.execute("TRUNCATE tbl_notes", "INSERT INTO tbl_notes VALUES (1, 'from legacy')");
        targetDatabase.execute("TRUNCATE notes", "INSERT INTO notes VALUES (1, 'from postgres')");
        try (PostgresAdapter postgres = postgres()) {
            CutoverSchema.migrate(postgres);
        }
        // The audit is append-only: its owner lifts the refusal for the moment.
        targetDatabase.execute("DELETE FROM cutover.route_flag",
                "ALTER TABLE cutover.route_flag_audit DISABLE TRIGGER route_flag_audit_no_update_delete",
                "DELETE FROM cutover.route_flag_audit",
                "ALTER TABLE cutover.route_flag_audit ENABLE TRIGGER route_flag_audit_no_update_delete");
    }

    /** The settings as a deployment gives them, to the application and to the cutover command alike. */
    static Map<String, String> settings(TestDatabase legacy, TestDatabase target) {
        Map<String, String> environment = new HashMap<>();
        environment.put("CUTOVER_LEGACY_URL", legacy.jdbcUrl());
        environment.put("CUTOVER_POSTGRES_URL", target.jdbcUrl());
        putIfSet(environment, "CUTOVER_LEGACY_USER", legacy.username());
        putIfSet(environment, "CUTOVER_LEGACY_PASSWORD", legacy.password());
        putIfSet(environment, "CUTOVER_POSTGRES_USER", target.username());
        putIfSet(environment, "CUTOVER_POSTGRES_PASSWORD", target.password());
        return environment;
    }

    private static void putIfSet(Map<String, String> environment, String name, String value) {
        if (value != null) {
            environment.put(name, value);
        }
    }

    private static LegacyAdapter legacy() {
        return LegacyAdapter.create(LegacyConfig.custom().jdbcUrl(legacyDatabase.jdbcUrl())
                .username(legacyDatabase.username()).password(legacyDatabase.password()).maximumPoolSize(4).build());
    }

    private static PostgresAdapter postgres() {
        return PostgresAdapter.create(PostgresConfig.custom().jdbcUrl(targetDatabase.jdbcUrl())
                .username(targetDatabase.username()).password(targetDatabase.password()).maximumPoolSize(4).build());
    }

    @Test
    void shouldStartFromTheCommandsSettingsWithTheRouteVariablesBeatingTheStore() {
        Map<String, String> environment = settings(legacyDatabase, targetDatabase);
        environment.put("CUTOVER_ROUTE__NOTE_REPOSITORY__FIND_BY_ID", "postgres");
        SimpleMeterRegistry registry = new SimpleMeterRegistry();

        try (Cutover cutover = NotesMigration.start(environment, registry)) {
            NoteRepository notes = cutover.repository(NoteRepository.class);
            assertThat(notes.findById(1)).map(Note::text).contains("from postgres");
            assertThat(cutover.routes()).filteredOn(route -> route.method().method().equals("save"))
                    .extracting(route -> route.decision().route()).containsExactly(Route.LEGACY);
            assertThat(registry.get("cutover.calls").tags("backend", "postgres", "method", "findById", "outcome", "success").timer().count())
                    .isEqualTo(1);
        }
        assertThat(legacyDatabase.openConnectionsAfterClose()).isZero();
        assertThat(targetDatabase.openConnectionsAfterClose()).isZero();
    }

    @Test
    void shouldCloseBothPoolsWhenStartupIsRefused() {
        Map<String, String> environment = settings(legacyDatabase, targetDatabase);
        environment.put("CUTOVER_ROUTE__NOTE_REPOSITORY__FIND_BY_ID", "postgress");

        assertThatThrownBy(() -> NotesMigration.start(environment, new SimpleMeterRegistry()))
                .isInstanceOf(RouteConfigurationException.class)
                .hasMessageContaining("CUTOVER_ROUTE__NOTE_REPOSITORY__FIND_BY_ID='postgress' is not a route");
        assertThat(legacyDatabase.openConnectionsAfterClose()).isZero();
        assertThat(targetDatabase.openConnectionsAfterClose()).isZero();
        assertThat(Thread.getAllStackTraces().keySet()).extracting(Thread::getName)
                .as("the reconciler of the refused start is stopped").doesNotContain("cutover-reconciler");
    }

    @Test
    void shouldWalkThePhasesOfTheRunbookAndRollBack() {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        PostgresAdapter postgres = postgres();
        LiveRoutes routes = LiveRoutes.builder(postgres.connections().dataSource()).environment(Map.of()).build();
        try (Cutover cutover = NotesMigration.cutover(legacy(), postgres, routes, registry)) {
            NoteRepository notes = cutover.repository(NoteRepository.class);
            assertThat(notes.findById(1)).map(Note::text).contains("from legacy");

            // Phase 1: dual-write on. Writes go to legacy and are mirrored; reads are served by legacy, some shadow-read.
            routes.set("NoteRepository", "legacy-dual", "alice", "phase 1");
            notes.save(new Note(2, "dual from legacy"));
            Await.until("the mirror of note 2", () -> targetDatabase.queryLong("SELECT count(*) FROM notes WHERE id = 2") == 1);
            for (int i = 0; i < 400; i++) {
                assertThat(notes.findById(1)).map(Note::text).contains("from legacy");
            }
            Await.until("a shadow read", () -> registry.find("cutover.shadow.reads").counters().stream()
                    .mapToDouble(Counter::count).sum() > 0);

            // Phase 4: writes to PostgreSQL, still mirrored to legacy; then PostgreSQL alone.
            routes.set("NoteRepository", "postgres-dual", "alice", "phase 4");
            notes.save(new Note(3, "dual from postgres"));
            Await.until("the mirror of note 3", () -> legacyDatabase.queryLong("SELECT count(*) FROM tbl_notes WHERE note_id = 3") == 1);
            Await.until("an empty outbox", () -> registry.get("cutover.outbox.backlog").tags("primary", "postgres").gauge().value() == 0);
            routes.set("NoteRepository", "postgres", "alice", "done");
            assertThat(notes.findById(1)).map(Note::text).contains("from postgres");

            // Rollback, whatever the entries say: the store's override. From postgres alone it can lose writes, so it is
            // refused unless forced; here nothing was written since, and the force is recorded in the audit.
            assertThatThrownBy(() -> routes.set("override", "legacy", "bob", "incident"))
                    .isInstanceOf(RouteChangeRefusedException.class)
                    .hasMessageContaining("NoteRepository.save: postgres -> legacy: legacy lacks every write made on postgres alone");
            routes.forced().set("override", "legacy", "bob", "incident; nothing written on postgres alone since phase 4");
            assertThat(notes.findById(1)).map(Note::text).contains("from legacy");
            assertThat(notes.findById(3)).map(Note::text).as("written on postgres-dual, mirrored").contains("dual from postgres");
            assertThat(routes.auditLog(10)).hasSize(4);
            assertThat(routes.auditLog(1).get(0).forced()).isNotEmpty();
        }
        assertThat(legacyDatabase.openConnectionsAfterClose()).isZero();
        assertThat(targetDatabase.openConnectionsAfterClose()).isZero();
        assertThatThrownBy(() -> routes.set("default", "postgres", "alice", "after close"))
                .as("Cutover.close() closed its route source").isInstanceOf(IllegalStateException.class);
    }

    @Test
    void shouldBeQuotedVerbatimInThePage() {
        DocSnippets.assertQuoted("embedding.md", "NotesMigration.java", "start", 4);
        DocSnippets.assertQuoted("embedding.md", "NotesMigration.java", "wiring", 4);
    }
}
