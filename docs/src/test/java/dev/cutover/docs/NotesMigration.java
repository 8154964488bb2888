package dev.cutover.docs;

import dev.cutover.Backend;
import dev.cutover.Cutover;
import dev.cutover.docs.ReadmeExample.LegacyNotes;
import dev.cutover.docs.ReadmeExample.Note;
import dev.cutover.docs.ReadmeExample.NoteRepository;
import dev.cutover.docs.ReadmeExample.PostgresNotes;
import dev.cutover.dual.DualWrites;
import dev.cutover.flags.LiveRoutes;
import dev.cutover.legacy.LegacyAdapter;
import dev.cutover.legacy.LegacyConfig;
import dev.cutover.legacy.LegacyStore;
import dev.cutover.legacy.LegacyTable;
import dev.cutover.legacy.outbox.LegacyOutbox;
import dev.cutover.postgres.CutoverSchema;
import dev.cutover.postgres.PostgresAdapter;
import dev.cutover.postgres.PostgresConfig;
import dev.cutover.postgres.PostgresStore;
import dev.cutover.postgres.ShadowMismatchTable;
import dev.cutover.postgres.outbox.PostgresOutbox;
import dev.cutover.resilience.CutoverMetrics;
import dev.cutover.resilience.CutoverResilience;
import dev.cutover.shadow.ShadowReads;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.Map;

/**
 * The plain Java embedding of docs/embedding.md, compiled and run by {@link EmbeddingExampleTest}; the page quotes
 * the tagged parts. The Spring Boot example ({@link SpringBootExample}) reuses {@link #cutover}.
 */
final class NotesMigration {
    private NotesMigration() {
    }

    // tag::start[]
    // The settings' names are the cutover command's: one set of variables for the application and the operators.
    static Cutover start(Map<String, String> environment, MeterRegistry registry) {   // System.getenv() in production
        LegacyAdapter legacy = LegacyAdapter.create(LegacyConfig.custom()
                .jdbcUrl(environment.get("CUTOVER_LEGACY_URL"))          // the dialect follows the URL
                .username(environment.get("CUTOVER_LEGACY_USER"))
                .password(environment.get("CUTOVER_LEGACY_PASSWORD"))
                .maximumPoolSize(10)
                .build());
        PostgresAdapter postgres = PostgresAdapter.create(PostgresConfig.custom()
                .jdbcUrl(environment.get("CUTOVER_POSTGRES_URL"))
                .username(environment.get("CUTOVER_POSTGRES_USER"))
                .password(environment.get("CUTOVER_POSTGRES_PASSWORD"))
                .build());
        try {
            CutoverSchema.migrate(postgres);             // schema cutover: flag store, outbox, mismatches, backfill runs
            LiveRoutes routes = LiveRoutes.builder(postgres.connections().dataSource())
                    .environment(environment)            // CUTOVER_ROUTE* variables still beat the store
                    .build();
            return cutover(legacy, postgres, routes, registry);
        } catch (RuntimeException e) {                   // a refused start leaves no pool open
            postgres.close();
            legacy.close();
            throw e;
        }
    }
    // end::start[]

    // tag::wiring[]
    static Cutover cutover(LegacyAdapter legacy, PostgresAdapter postgres, LiveRoutes routes, MeterRegistry registry) {
        // One store per entity and backend, shared by the repositories and by dual-write's copies.
        LegacyStore<Note, Long> legacyNotes = legacy.store(ReadmeExample.NOTES,
                LegacyTable.named("tbl_notes").column("id", "note_id"));
        PostgresStore<Note, Long> postgresNotes = postgres.store(ReadmeExample.NOTES);

        Cutover.Builder builder = Cutover.builder()
                .legacy(legacy)
                .postgres(postgres)
                .routes(routes)
                .repository(NoteRepository.class, new LegacyNotes(legacyNotes), new PostgresNotes(postgresNotes));

        CutoverMetrics metrics = CutoverMetrics.of(registry);
        metrics.install(builder);                        // outermost decorator: times what callers see
        CutoverResilience.custom()                       // per backend: Retry(CircuitBreaker(TimeLimit(call)))
                .timeLimit(Backend.POSTGRES, Duration.ofSeconds(2))
                .fallbackToLegacy(true)                  // reads on route postgres, while PostgreSQL fails
                .metrics(metrics)
                .build()
                .install(builder);
        ShadowReads.custom()                             // reads on legacy-dual and postgres-dual
                .sampleRate(0.05)
                .listener(metrics.shadowReadListener())
                .listener(ShadowMismatchTable.of(postgres))
                .build()
                .install(builder);
        DualWrites.custom()                              // writes on legacy-dual and postgres-dual
                .outbox(LegacyOutbox.create(legacy))     // cutover_outbox in the legacy database (PostgreSQL dialect)
                .outbox(PostgresOutbox.create(postgres)) // cutover.outbox
                .repository(NoteRepository.class, ReadmeExample.NOTES, legacyNotes, postgresNotes)
                .meterRegistry(registry)
                .build()
                .install(builder);                       // starts the reconciler
        return builder.build();                          // checks every method's route: variables and store entries
    }
    // end::wiring[]
}
