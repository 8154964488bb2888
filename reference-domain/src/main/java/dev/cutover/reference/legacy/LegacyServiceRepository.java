package dev.cutover.reference.legacy;

import dev.cutover.legacy.LegacyStore;
import dev.cutover.reference.Service;
import dev.cutover.reference.ServiceRepository;
import java.util.List;
import java.util.Optional;

/** {@link ServiceRepository} on the legacy database. Thread-safe. */
public final class LegacyServiceRepository implements ServiceRepository {
    private final LegacyStore<Service, Long> store;

    LegacyServiceRepository(LegacyStore<Service, Long> store) {
        this.store = store;
    }

    @Override
    public Optional<Service> findById(long id) {
        return store.findByKey(id);
    }

    @Override
    public List<Service> findByCompany(long companyId) {
        return store.findWhere("company_id = ?", companyId);
    }

    @Override
    public void save(Service service) {
        store.upsertAll(List.of(service));
    }
}
