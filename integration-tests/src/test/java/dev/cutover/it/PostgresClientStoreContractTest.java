package dev.cutover.it;

import dev.cutover.reference.Client;
import dev.cutover.store.EntityStore;
import dev.cutover.testkit.EntityStoreContract;
import java.util.List;

/** The generic store contract on the postgres side, for clients (JSONB, numeric, conflict on a composite UNIQUE). */
class PostgresClientStoreContractTest extends EntityStoreContract<Client, Long> {
    private final ReferenceEnvironment environment = ReferenceEnvironment.get();

    @Override
    protected EntityStore<Client, Long> store() {
        return environment.postgres.clientStore();
    }

    @Override
    protected List<Client> newEntities(int count) {
        return StoreFixtures.clients(count);
    }

    @Override
    protected Client modified(Client entity) {
        return StoreFixtures.renamed(entity);
    }
}
