package dev.cutover.reference.legacy;

import dev.cutover.legacy.LegacyStore;
import dev.cutover.reference.StaffService;
import dev.cutover.reference.StaffServiceRepository;
import java.util.List;

/** {@link StaffServiceRepository} on the legacy database (composite key). Thread-safe. */
public final class LegacyStaffServiceRepository implements StaffServiceRepository {
    private final LegacyStore<StaffService, StaffService.Key> store;

    LegacyStaffServiceRepository(LegacyStore<StaffService, StaffService.Key> store) {
        this.store = store;
    }

    @Override
    public List<StaffService> findByStaff(long staffId) {
        return store.findWhere("staff_id = ?", staffId);
    }

    @Override
    public void save(StaffService link) {
        store.upsertAll(List.of(link));
    }

    @Override
    public boolean delete(StaffService.Key key) {
        return store.deleteByKeys(List.of(key)) == 1;
    }
}
