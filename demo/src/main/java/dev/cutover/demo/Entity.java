package dev.cutover.demo;

import dev.cutover.backfill.Backfill;
import dev.cutover.backfill.BackfillConfig;
import dev.cutover.backfill.BackfillReport;
import dev.cutover.backfill.BackfillSource;
import dev.cutover.backfill.LiveSafety;
import dev.cutover.legacy.LegacyStore;
import dev.cutover.legacy.LegacyTable;
import dev.cutover.mapping.EntityMapping;
import dev.cutover.reference.Mappings;
import dev.cutover.reference.legacy.LegacyRepositories;
import dev.cutover.reference.legacy.LegacyTables;
import dev.cutover.reference.postgres.PostgresRepositories;
import dev.cutover.store.EntityStore;
import dev.cutover.verify.Verifier;
import dev.cutover.verify.VerifyConfig;
import dev.cutover.verify.VerifyReport;
import java.util.List;
import java.util.function.Function;

/**
 * One entity the demo moves: its mapping, its legacy table, its stores on both sides, and how its backfill
 * writes next to the live writes. Immutable.
 */
record Entity<E, K>(String name, EntityMapping<E, K> mapping, LegacyTable legacyTable,
        Function<LegacyRepositories, LegacyStore<E, K>> legacyStore, Function<PostgresRepositories, EntityStore<E, K>> postgresStore,
        LiveSafety liveSafety) {

    static final List<Entity<?, ?>> ALL = List.of(
            new Entity<>("companies", Mappings.COMPANIES, LegacyTables.COMPANIES, LegacyRepositories::companyStore,
                    PostgresRepositories::companyStore, LiveSafety.COPY_THEN_INSERT_MISSING),
            // The live writer updates clients all over the key space, so nearly every chunk meets a mirrored row:
            // staging each chunk saves the plain COPY that would fail on it first.
            new Entity<>("clients", Mappings.CLIENTS, LegacyTables.CLIENTS, LegacyRepositories::clientStore,
                    PostgresRepositories::clientStore, LiveSafety.STAGED_INSERT_MISSING),
            new Entity<>("bookings", Mappings.BOOKINGS, LegacyTables.BOOKINGS, LegacyRepositories::bookingStore,
                    PostgresRepositories::bookingStore, LiveSafety.COPY_THEN_INSERT_MISSING));

    BackfillReport backfill(DemoApplication app, BackfillConfig.Builder config) {
        return Backfill.of("demo", BackfillSource.legacy(app.legacyAdapter, legacyStore.apply(app.legacy)), app.postgresAdapter,
                config.liveSafety(liveSafety).build()).run();
    }

    VerifyReport verify(DemoApplication app, VerifyConfig config) {
        return Verifier.of(mapping, app.legacyAdapter, legacyTable, app.postgresAdapter, config).verify();
    }

    long legacyCount(DemoApplication app) {
        return legacyStore.apply(app.legacy).count();
    }

    long postgresCount(DemoApplication app) {
        return postgresStore.apply(app.postgres).count();
    }
}
