package dev.cutover.legacy;

/** The client store contract on PostgreSQL as a legacy database. */
class ClientStoreContractTest extends LegacyClientStoreContract {

    @Override
    protected LegacyServer server() {
        return LegacyServer.POSTGRES;
    }
}
