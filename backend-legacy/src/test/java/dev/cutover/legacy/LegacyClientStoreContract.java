package dev.cutover.legacy;

import dev.cutover.legacy.Clients.Client;
import java.math.BigDecimal;

/**
 * The store contract on a single-key mapping with every column type, renamed columns, every storage and a composite
 * UNIQUE conflict target, once per legacy server (a subclass supplies the {@link LegacyServer}).
 */
abstract class LegacyClientStoreContract extends LegacyStoreContract<Client, Long> {

    LegacyClientStoreContract() {
        super(Clients.MAPPING, Clients.TABLE, Clients::client, 1);
    }

    @Override
    protected String ddl(LegacyServer server) {
        return server.clientsDdl();
    }

    @Override
    protected Client modified(Client entity) {
        return new Client(entity.id(), entity.name() + " (renamed)", entity.yclientsId(), entity.companyId(),
                entity.balance().add(new BigDecimal("1.01")), !entity.active(), !entity.vip(), entity.createdAt(),
                null, entity.birthday(), entity.externalId(), Clients.json("{\"changed\":true}"), null,
                entity.visitHistory(), "modified");
    }
}
