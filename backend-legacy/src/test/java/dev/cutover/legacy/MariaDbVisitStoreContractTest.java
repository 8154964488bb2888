package dev.cutover.legacy;

/** The visit store contract on MariaDB, where keyset pages use the expanded OR condition. */
class MariaDbVisitStoreContractTest extends LegacyVisitStoreContract {

    @Override
    protected LegacyServer server() {
        return LegacyServer.MARIADB;
    }
}
