package dev.cutover.legacy;

/** The client store contract on MariaDB: JSON in TEXT and in JSON, tinyint(1) booleans, DATETIME(6) holding UTC. */
class MariaDbClientStoreContractTest extends LegacyClientStoreContract {

    @Override
    protected LegacyServer server() {
        return LegacyServer.MARIADB;
    }
}
