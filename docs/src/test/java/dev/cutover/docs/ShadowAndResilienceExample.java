package dev.cutover.docs;

import dev.cutover.Backend;
import dev.cutover.Cutover;
import dev.cutover.compare.ComparisonRules;
import dev.cutover.docs.ReadmeExample.LegacyNotes;
import dev.cutover.docs.ReadmeExample.NoteRepository;
import dev.cutover.docs.ReadmeExample.PostgresNotes;
import dev.cutover.legacy.LegacyAdapter;
import dev.cutover.legacy.LegacyTable;
import dev.cutover.postgres.CutoverSchema;
import dev.cutover.postgres.PostgresAdapter;
import dev.cutover.postgres.ShadowMismatchTable;
import dev.cutover.resilience.CutoverMetrics;
import dev.cutover.resilience.CutoverResilience;
import dev.cutover.routing.RouteSource;
import dev.cutover.shadow.ShadowReads;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;

/**
 * The wiring shown in docs/shadow-reads-and-resilience.md, compiled and run by {@link ShadowAndResilienceExampleTest};
 * the page quotes the tagged part.
 */
final class ShadowAndResilienceExample {
    private ShadowAndResilienceExample() {
    }

    // tag::wiring[]
    static Cutover cutover(LegacyAdapter legacy, PostgresAdapter postgres, RouteSource routes, MeterRegistry registry) {
        CutoverSchema.migrate(postgres);                      // Cutover's own tables, cutover.shadow_mismatches among them
        CutoverMetrics metrics = CutoverMetrics.of(registry);
        Cutover.Builder builder = Cutover.builder()
                .legacy(legacy)
                .postgres(postgres)
                .routes(routes)
                .repository(NoteRepository.class,
                        new LegacyNotes(legacy.store(ReadmeExample.NOTES, LegacyTable.named("tbl_notes").column("id", "note_id"))),
                        new PostgresNotes(postgres.store(ReadmeExample.NOTES)));
        metrics.install(builder);                             // first decorator: outermost, times what callers see
        CutoverResilience.custom()                            // then Retry(CircuitBreaker(TimeLimit(call))) per backend
                .timeLimit(Backend.POSTGRES, Duration.ofMillis(500))
                .fallbackToLegacy(true)                       // reads on the postgres route, while PostgreSQL fails
                .metrics(metrics)
                .build()
                .install(builder);
        ShadowReads.custom()                                  // reads on legacy-dual and postgres-dual
                .sampleRate(0.1)
                .timeout(Duration.ofSeconds(1))
                .rules(ComparisonRules.custom().ignore("updatedAt").build())
                .listener(metrics.shadowReadListener())
                .listener(ShadowMismatchTable.of(postgres))
                .build()
                .install(builder);
        return builder.build();
    }
    // end::wiring[]
}
