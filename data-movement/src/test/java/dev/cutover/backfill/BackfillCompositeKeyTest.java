package dev.cutover.backfill;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cutover.legacy.LegacyStore;
import dev.cutover.postgres.PostgresStore;
import dev.cutover.reference.Mappings;
import dev.cutover.reference.ReferenceData;
import dev.cutover.reference.StaffService;
import dev.cutover.reference.legacy.LegacyTables;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class BackfillCompositeKeyTest {
    private BackfillFixture fixture;
    private LegacyStore<StaffService, StaffService.Key> legacyLinks;
    private List<StaffService> links;

    @BeforeAll
    void setUp() {
        fixture = new BackfillFixture("composite");
        legacyLinks = fixture.legacy.store(Mappings.STAFF_SERVICES, LegacyTables.STAFF_SERVICES);
        links = ReferenceData.generate(3, 40, 0).staffServices();
        legacyLinks.upsertAll(links);
    }

    @AfterAll
    void tearDown() {
        fixture.close();
    }

    @Test
    void shouldCopyACompositeKeyedTableInKeyRangesFromTheLegacyTable() {
        fixture.targetDb.execute("TRUNCATE staff_services");
        Backfill<StaffService, StaffService.Key> backfill = Backfill.of("links", BackfillSource.legacy(fixture.legacy,
                legacyLinks), fixture.postgres, BackfillConfig.custom().chunkSize(50).workers(3).build());

        BackfillPlan plan = backfill.plan();
        BackfillReport report = backfill.run();

        assertThat(links).hasSize(480);
        assertThat(plan.chunks()).isEqualTo(10);
        assertThat(fixture.targetDb.queryLong("SELECT count(*) FROM cutover.backfill_chunks WHERE run = 'links' "
                + "AND jsonb_array_length(upper_key) = 2")).isEqualTo(9);
        assertThat(report.rowsCopied()).isEqualTo(480);
        PostgresStore<StaffService, StaffService.Key> target = fixture.postgres.store(Mappings.STAFF_SERVICES);
        assertThat(target.scan(null, 1_000)).isEqualTo(legacyLinks.scan(null, 1_000));
    }

    @Test
    void shouldCopyACompositeKeyedTableThroughAnyEntityStore() {
        fixture.targetDb.execute("TRUNCATE staff_services");
        Backfill<StaffService, StaffService.Key> backfill = Backfill.of("links-store", BackfillSource.store(legacyLinks),
                fixture.postgres, BackfillConfig.custom().chunkSize(64).workers(2).build());

        BackfillReport report = backfill.run();

        assertThat(report.rowsCopied()).isEqualTo(480);
        assertThat(report.chunksDone()).isEqualTo(8);
        assertThat(fixture.postgres.store(Mappings.STAFF_SERVICES).scan(null, 1_000)).isEqualTo(legacyLinks.scan(null, 1_000));
    }
}
