package dev.cutover.reference.postgres;

import dev.cutover.postgres.PostgresStore;
import dev.cutover.reference.Company;
import dev.cutover.reference.CompanyRepository;
import java.util.List;
import java.util.Optional;
import org.jooq.impl.DSL;

/** {@link CompanyRepository} on PostgreSQL. Thread-safe. */
public final class PostgresCompanyRepository implements CompanyRepository {
    private final PostgresStore<Company, Long> store;

    PostgresCompanyRepository(PostgresStore<Company, Long> store) {
        this.store = store;
    }

    @Override
    public Optional<Company> findById(long id) {
        return store.findByKey(id);
    }

    @Override
    public List<Company> findAll() {
        return store.findWhere(DSL.noCondition(), Columns.ALL);
    }

    @Override
    public void save(Company company) {
        store.upsertAll(List.of(company));
    }
}
