package dev.cutover.backfill;

import dev.cutover.legacy.LegacyAdapter;
import dev.cutover.legacy.LegacyConfig;
import dev.cutover.legacy.LegacyStore;
import dev.cutover.postgres.CutoverSchema;
import dev.cutover.postgres.PostgresAdapter;
import dev.cutover.postgres.PostgresConfig;
import dev.cutover.reference.Client;
import dev.cutover.reference.Mappings;
import dev.cutover.reference.ReferenceData;
import dev.cutover.reference.legacy.LegacyTables;
import dev.cutover.reference.schema.ReferenceSchemas;
import dev.cutover.testkit.TestDatabase;
import dev.cutover.testkit.TestPostgres;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/** A legacy database (the reference legacy schema) and a target database (reference target + Cutover's tables). */
final class BackfillFixture implements AutoCloseable {
    final TestDatabase legacyDb;
    final TestDatabase targetDb;
    final LegacyAdapter legacy;
    final PostgresAdapter postgres;
    final LegacyStore<Client, Long> legacyClients;

    BackfillFixture(String name) {
        legacyDb = TestPostgres.server().createDatabase(name + "_legacy");
        targetDb = TestPostgres.server().createDatabase(name + "_target");
        ReferenceSchemas.migrateLegacy(legacyDb.dataSource());
        ReferenceSchemas.migrateTarget(targetDb.dataSource());
        legacy = LegacyAdapter.create(LegacyConfig.custom().jdbcUrl(legacyDb.jdbcUrl()).username(legacyDb.username())
                .password(legacyDb.password()).build());
        postgres = PostgresAdapter.create(PostgresConfig.custom().jdbcUrl(targetDb.jdbcUrl()).username(targetDb.username())
                .password(targetDb.password()).build());
        CutoverSchema.migrate(postgres);
        legacyClients = legacy.store(Mappings.CLIENTS, LegacyTables.CLIENTS);
    }


    /** {@code count} clients with ids 1..count, 50 per company, written to the legacy table. */
    List<Client> loadClients(int count) {
        SplittableRandom random = new SplittableRandom(7);
        List<Client> clients = new ArrayList<>(count);
        for (int id = 1; id <= count; id++) {
            clients.add(ReferenceData.client(random, id, 1 + (id - 1) / 50, 100_000 + id));
        }
        for (int from = 0; from < count; from += 5_000) {
            legacyClients.upsertAll(clients.subList(from, Math.min(count, from + 5_000)));
        }
        return clients;
    }

    BackfillSource<Client, Long> source() {
        return BackfillSource.legacy(legacy, legacyClients);
    }

    Backfill<Client, Long> backfill(String run, BackfillConfig config) {
        return Backfill.of(run, source(), postgres, config);
    }

    long targetCount() {
        return targetDb.queryLong("SELECT count(*) FROM clients");
    }

    @Override
    public void close() {
        legacy.close();
        postgres.close();
        legacyDb.close();
        targetDb.close();
    }
}
