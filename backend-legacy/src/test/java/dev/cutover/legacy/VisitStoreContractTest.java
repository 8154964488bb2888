package dev.cutover.legacy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cutover.legacy.Visits.Visit;
import dev.cutover.legacy.Visits.VisitKey;
import dev.cutover.store.EntityStore;
import dev.cutover.testkit.EntityStoreContract;
import dev.cutover.testkit.TestDatabase;
import dev.cutover.testkit.TestPostgres;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.LongStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** The store contract on a composite key (a record of two components) with renamed key columns. */
class VisitStoreContractTest extends EntityStoreContract<Visit, VisitKey> {
    private static final AtomicLong NEXT = new AtomicLong();
    private static TestDatabase database;
    private static LegacyAdapter adapter;
    private static LegacyStore<Visit, VisitKey> store;

    @BeforeAll
    static void createLegacyTable() {
        database = TestPostgres.server().createDatabase("legacy");
        database.execute(Visits.DDL);
        adapter = Clients.adapter(database);
        store = adapter.store(Visits.MAPPING, Visits.TABLE);
    }

    @AfterAll
    static void dropLegacyTable() {
        adapter.close();
        assertThat(database.openConnections()).isZero();
        database.close();
    }

    @Override
    protected EntityStore<Visit, VisitKey> store() {
        return store;
    }

    @Override
    protected List<Visit> newEntities(int count) {
        long first = NEXT.getAndAdd(count);
        return LongStream.range(first, first + count).mapToObj(Visits::visit).toList();
    }

    @Override
    protected Visit modified(Visit entity) {
        return new Visit(entity.companyId(), entity.visitNo(), entity.service() + " (moved)",
                entity.startsAt().plusSeconds(3600), Clients.json("{\"moved\":true}"),
                entity.paid() == null ? Boolean.TRUE : !entity.paid());
    }
}
