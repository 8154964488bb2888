package dev.cutover.legacy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cutover.legacy.Visits.Visit;
import dev.cutover.legacy.Visits.VisitKey;
import dev.cutover.store.EntityStore;
import dev.cutover.testkit.EntityStoreContract;
import dev.cutover.testkit.TestDatabase;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.LongStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The store contract on MariaDB: a composite key with renamed key columns; keyset pages use the expanded OR condition. */
class MariaDbVisitStoreContractTest extends EntityStoreContract<Visit, VisitKey> {
    private static final AtomicLong NEXT = new AtomicLong();
    private static TestDatabase database;
    private static LegacyAdapter adapter;
    private static LegacyStore<Visit, VisitKey> store;

    @BeforeAll
    static void createLegacyTable() {
        database = MariaDbClients.createDatabase();
        database.execute(MariaDbClients.VISITS_DDL);
        adapter = MariaDbClients.adapter(database);
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

    @Test
    void shouldFindThousandsOfCompositeKeysInKeyOrderAcrossChunks() {
        List<Visit> visits = new ArrayList<>(newEntities(2_500));
        Collections.shuffle(visits, new Random(17));
        store.upsertAll(visits);
        List<VisitKey> keys = new ArrayList<>(visits.stream().map(store.mapping()::keyOf).toList());
        keys.add(new VisitKey(99, 99));

        List<Visit> found = store.findByKeys(keys);

        List<Visit> scanned = new ArrayList<>();
        List<Visit> page;
        VisitKey after = null;
        while (!(page = store.scan(after, 700)).isEmpty()) {
            scanned.addAll(page);
            after = store.mapping().keyOf(page.get(page.size() - 1));
        }
        assertThat(found).hasSize(2_500).containsExactlyElementsOf(scanned);
        assertThat(found.get(0).companyId()).isEqualTo(1L);
        assertThat(found.get(2_499).companyId()).isEqualTo(3L);
    }

    @Override
    protected Visit modified(Visit entity) {
        return new Visit(entity.companyId(), entity.visitNo(), entity.service() + " (moved)",
                entity.startsAt().plusSeconds(3600), Clients.json("{\"moved\":true}"),
                entity.paid() == null ? Boolean.TRUE : !entity.paid());
    }
}
