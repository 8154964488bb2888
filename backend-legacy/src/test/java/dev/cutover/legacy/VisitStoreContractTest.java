package dev.cutover.legacy;

/** The visit store contract on PostgreSQL as a legacy database. */
class VisitStoreContractTest extends LegacyVisitStoreContract {

    @Override
    protected LegacyServer server() {
        return LegacyServer.POSTGRES;
    }
}
