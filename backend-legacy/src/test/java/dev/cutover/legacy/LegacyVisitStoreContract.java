package dev.cutover.legacy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cutover.legacy.Visits.Visit;
import dev.cutover.legacy.Visits.VisitKey;
import dev.cutover.store.EntityStore;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The store contract on a composite key (a record of two components) with renamed key columns, once per legacy server
 * (a subclass supplies the {@link LegacyServer}); on MariaDB keyset pages use the expanded OR condition.
 */
abstract class LegacyVisitStoreContract extends LegacyStoreContract<Visit, VisitKey> {

    LegacyVisitStoreContract() {
        super(Visits.MAPPING, Visits.TABLE, Visits::visit, 0);
    }

    @Override
    protected String ddl(LegacyServer server) {
        return server.visitsDdl();
    }

    @Test
    void shouldFindThousandsOfCompositeKeysInKeyOrderAcrossChunks() {
        List<Visit> visits = new ArrayList<>(newEntities(2_500));
        Collections.shuffle(visits, new Random(17));
        EntityStore<Visit, VisitKey> store = store();
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
