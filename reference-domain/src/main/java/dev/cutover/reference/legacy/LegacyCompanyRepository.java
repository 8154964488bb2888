package dev.cutover.reference.legacy;

import dev.cutover.legacy.LegacyStore;
import dev.cutover.reference.Company;
import dev.cutover.reference.CompanyRepository;
import java.util.List;
import java.util.Optional;

/** {@link CompanyRepository} on the legacy database. Thread-safe. */
public final class LegacyCompanyRepository implements CompanyRepository {
    private final LegacyStore<Company, Long> store;

    LegacyCompanyRepository(LegacyStore<Company, Long> store) {
        this.store = store;
    }

    @Override
    public Optional<Company> findById(long id) {
        return store.findByKey(id);
    }

    @Override
    public List<Company> findAll() {
        return store.findWhere("1 = 1");
    }

    @Override
    public void save(Company company) {
        store.upsertAll(List.of(company));
    }
}
