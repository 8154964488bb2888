package dev.cutover.it;

import dev.cutover.reference.StaffService;
import dev.cutover.store.EntityStore;
import dev.cutover.testkit.EntityStoreContract;
import java.util.List;

/** The generic store contract on the postgres side, for staff-service links (composite key). */
class PostgresStaffServiceStoreContractTest extends EntityStoreContract<StaffService, StaffService.Key> {
    private final ReferenceEnvironment environment = ReferenceEnvironment.get();

    @Override
    protected EntityStore<StaffService, StaffService.Key> store() {
        return environment.postgres.staffServiceStore();
    }

    @Override
    protected List<StaffService> newEntities(int count) {
        return StoreFixtures.links(count);
    }

    @Override
    protected StaffService modified(StaffService entity) {
        return StoreFixtures.repriced(entity);
    }
}
