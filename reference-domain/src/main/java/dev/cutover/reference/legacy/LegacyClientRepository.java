package dev.cutover.reference.legacy;

import dev.cutover.legacy.LegacyAdapter;
import dev.cutover.legacy.LegacyStore;
import dev.cutover.reference.Client;
import dev.cutover.reference.ClientRepository;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

/**
 * {@link ClientRepository} on the legacy database: custom queries in the legacy schema's names, in SQL that
 * PostgreSQL and MariaDB both run (the table named by the store, in its dialect's quoting). Thread-safe.
 */
public final class LegacyClientRepository implements ClientRepository {
    private final LegacyAdapter adapter;
    private final LegacyStore<Client, Long> store;

    LegacyClientRepository(LegacyAdapter adapter, LegacyStore<Client, Long> store) {
        this.adapter = adapter;
        this.store = store;
    }

    @Override
    public Optional<Client> findById(long id) {
        return store.findByKey(id);
    }

    @Override
    public Optional<Client> findByYclientsId(long companyId, long yclientsId) {
        return store.findWhere("company_id = ? AND yc_id = ?", companyId, yclientsId).stream().findFirst();
    }

    @Override
    public List<Client> findByCompany(long companyId, long afterId, int limit) {
        String sql = "SELECT " + store.selectList() + " FROM " + store.qualifiedTable()
                + " WHERE company_id = ? AND client_id > ? ORDER BY client_id LIMIT ?";
        return adapter.connections().withConnection(connection -> {
            try (PreparedStatement statement = connection.prepareStatement(sql)) {
                statement.setLong(1, companyId);
                statement.setLong(2, afterId);
                statement.setInt(3, limit);
                List<Client> page = new ArrayList<>();
                try (ResultSet rows = statement.executeQuery()) {
                    while (rows.next()) {
                        page.add(store.read(rows));
                    }
                }
                return page;
            }
        });
    }

    @Override
    public long countByCompany(long companyId) {
        return adapter.connections().withConnection(connection -> {
            try (PreparedStatement statement = connection.prepareStatement(
                    "SELECT count(*) FROM " + store.qualifiedTable() + " WHERE company_id = ?")) {
                statement.setLong(1, companyId);
                try (ResultSet rows = statement.executeQuery()) {
                    rows.next();
                    return rows.getLong(1);
                }
            }
        });
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
