package dev.cutover.reference.postgres;

import static dev.cutover.reference.postgres.Columns.COMPANY_ID;
import static dev.cutover.reference.postgres.Columns.ID;
import static dev.cutover.reference.postgres.Columns.YCLIENTS_ID;

import dev.cutover.postgres.PostgresAdapter;
import dev.cutover.postgres.PostgresStore;
import dev.cutover.reference.Client;
import dev.cutover.reference.ClientRepository;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

/** {@link ClientRepository} on PostgreSQL: custom queries with jOOQ. Thread-safe. */
public final class PostgresClientRepository implements ClientRepository {
    private final PostgresAdapter adapter;
    private final PostgresStore<Client, Long> store;

    PostgresClientRepository(PostgresAdapter adapter, PostgresStore<Client, Long> store) {
        this.adapter = adapter;
        this.store = store;
    }

    @Override
    public Optional<Client> findById(long id) {
        return store.findByKey(id);
    }

    @Override
    public Optional<Client> findByYclientsId(long companyId, long yclientsId) {
        return store.findWhere(COMPANY_ID.eq(companyId).and(YCLIENTS_ID.eq(yclientsId)), 1).stream().findFirst();
    }

    @Override
    public List<Client> findByCompany(long companyId, long afterId, int limit) {
        return store.findWhere(COMPANY_ID.eq(companyId).and(ID.gt(afterId)), limit);
    }

    @Override
    public long countByCompany(long companyId) {
        return adapter.dsl().fetchCount(store.table(), COMPANY_ID.eq(companyId));
    }

    @Override
    public void save(Client client) {
        store.upsertAll(List.of(client));
    }

    @Override
    public void saveAll(Collection<Client> clients) {
        store.upsertAll(clients);
    }

    @Override
    public boolean delete(long id) {
        return store.deleteByKeys(List.of(id)) == 1;
    }
}
