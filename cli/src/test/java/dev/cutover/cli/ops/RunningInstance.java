package dev.cutover.cli.ops;

import dev.cutover.Cutover;
import dev.cutover.dual.DualWrites;
import dev.cutover.dual.MirrorMode;
import dev.cutover.dual.Outbox;
import dev.cutover.flags.LiveRoutes;
import dev.cutover.legacy.LegacyAdapter;
import dev.cutover.legacy.LegacyConfig;
import dev.cutover.legacy.LegacyDialect;
import dev.cutover.legacy.outbox.LegacyOutbox;
import dev.cutover.postgres.PostgresAdapter;
import dev.cutover.postgres.PostgresConfig;
import dev.cutover.postgres.outbox.PostgresOutbox;
import dev.cutover.reference.ReferenceDomain;
import dev.cutover.reference.legacy.LegacyRepositories;
import dev.cutover.reference.postgres.PostgresRepositories;
import dev.cutover.resilience.CutoverResilience;
import dev.cutover.status.reports.StatusReports;
import dev.cutover.testkit.TestDatabase;
import dev.cutover.testsupport.Await;
import java.time.Duration;
import java.util.Map;

/**
 * An application instance in this JVM, as an application wires it: the reference domain on both databases, live
 * routes from the flag store, resilience (breakers), dual-write (outboxes, reconciler) and status reports.
 */
final class RunningInstance implements AutoCloseable {
    final CutoverResilience resilience = CutoverResilience.custom().build();
    final DualWrites dualWrites;
    final Cutover cutover;
    final StatusReports reports;

    RunningInstance(TestDatabase legacyDatabase, TestDatabase targetDatabase, String instanceId, Map<String, String> environment) {
        LegacyAdapter legacyAdapter = LegacyAdapter.create(LegacyConfig.custom().jdbcUrl(legacyDatabase.jdbcUrl())
                .username(legacyDatabase.username()).password(legacyDatabase.password()).dialect(LegacyDialect.postgresql())
                .maximumPoolSize(3).build());
        PostgresAdapter postgresAdapter = PostgresAdapter.create(PostgresConfig.custom().jdbcUrl(targetDatabase.jdbcUrl())
                .username(targetDatabase.username()).password(targetDatabase.password()).maximumPoolSize(3).build());
        LegacyRepositories legacy = new LegacyRepositories(legacyAdapter);
        PostgresRepositories postgres = new PostgresRepositories(postgresAdapter);
        dualWrites = ReferenceDomain.dualWrites(DualWrites.custom(), legacy, postgres)
                .outbox(Outbox.table(legacyAdapter.connections(), LegacyOutbox.sql(legacyAdapter.dialect())))
                .outbox(Outbox.table(postgresAdapter.connections(), PostgresOutbox.sql(PostgresOutbox.TABLE)))
                .mode(MirrorMode.ASYNCHRONOUS)
                .pollInterval(Duration.ofMillis(100))
                // Entries the tests insert are another process's: left alone, so the backlog stays as inserted.
                .gracePeriod(Duration.ofMinutes(30))
                .build();
        LiveRoutes routes = LiveRoutes.builder(postgresAdapter.connections().dataSource()).environment(environment)
                .backgroundRefresh(false).build();
        Cutover.Builder builder = ReferenceDomain.repositories(
                Cutover.builder().legacy(legacyAdapter).postgres(postgresAdapter).routes(routes), legacy, postgres);
        resilience.install(builder);
        cutover = dualWrites.install(builder).build();
        reports = StatusReports.builder(postgresAdapter.connections().dataSource(), cutover).contributor(resilience)
                .contributor(dualWrites).instanceId(instanceId).backgroundReporting(false).build();
    }

    /** Waits until the reconciler has measured {@code entries} entries in all, then reports. */
    void reportOnceBacklogIs(long entries) {
        Await.until("the reconciler to measure " + entries + " outbox entries", Duration.ofSeconds(20), Duration.ofMillis(50),
                () -> {
                    boolean measured = dualWrites.outboxBacklog().stream().mapToLong(b -> b.entries()).sum() == entries;
                    if (!measured) {
                        dualWrites.reconciler().wakeUp();
                    }
                    return measured;
                });
        reports.report();
    }

    @Override
    public void close() {
        reports.close();
        cutover.close();
    }
}
