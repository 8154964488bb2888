package dev.cutover.reference.postgres;

import static dev.cutover.reference.postgres.Columns.COMPANY_ID;

import dev.cutover.postgres.PostgresStore;
import dev.cutover.reference.Service;
import dev.cutover.reference.ServiceRepository;
import java.util.List;
import java.util.Optional;

/** {@link ServiceRepository} on PostgreSQL. Thread-safe. */
public final class PostgresServiceRepository implements ServiceRepository {
    private final PostgresStore<Service, Long> store;

    PostgresServiceRepository(PostgresStore<Service, Long> store) {
        this.store = store;
    }

    @Override
    public Optional<Service> findById(long id) {
        return store.findByKey(id);
    }

    @Override
    public List<Service> findByCompany(long companyId) {
        return store.findWhere(COMPANY_ID.eq(companyId), Columns.ALL);
    }

    @Override
    public void save(Service service) {
        store.upsertAll(List.of(service));
    }
}
