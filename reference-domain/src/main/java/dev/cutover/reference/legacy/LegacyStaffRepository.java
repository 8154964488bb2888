package dev.cutover.reference.legacy;

import dev.cutover.legacy.LegacyStore;
import dev.cutover.reference.Staff;
import dev.cutover.reference.StaffRepository;
import java.util.List;
import java.util.Optional;

/** {@link StaffRepository} on the legacy database. Thread-safe. */
public final class LegacyStaffRepository implements StaffRepository {
    private final LegacyStore<Staff, Long> store;

    LegacyStaffRepository(LegacyStore<Staff, Long> store) {
        this.store = store;
    }

    @Override
    public Optional<Staff> findById(long id) {
        return store.findByKey(id);
    }

    @Override
    public List<Staff> findActiveByCompany(long companyId) {
        return store.findWhere("company_id = ? AND is_active = 1", companyId);
    }

    @Override
    public void save(Staff staff) {
        store.upsertAll(List.of(staff));
    }
}
