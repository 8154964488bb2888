package dev.cutover.legacy;

/** The unit of work on PostgreSQL as a legacy database. */
class LegacyUnitOfWorkTest extends LegacyUnitOfWorkContract {

    @Override
    protected LegacyServer server() {
        return LegacyServer.POSTGRES;
    }

    @Override
    protected String takenIdRefusal() {
        return "upsertAll on legacy table tbl_clients failed: ERROR: duplicate key value violates unique "
                + "constraint \"tbl_clients_pkey\"\n  Detail: Key (id)=(3) already exists.";
    }
}
