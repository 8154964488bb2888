package dev.cutover.legacy;

/** The unit of work on MariaDB, which refuses the taken id itself rather than let ON DUPLICATE KEY UPDATE overwrite it. */
class MariaDbUnitOfWorkTest extends LegacyUnitOfWorkContract {

    @Override
    protected LegacyServer server() {
        return LegacyServer.MARIADB;
    }

    @Override
    protected String takenIdRefusal() {
        return "upsertAll on legacy table tbl_clients refused a row that matches an existing row on a unique "
                + "key other than the conflict target (yc_id, firm_id): PRIMARY KEY PRIMARY (id); MariaDB's ON "
                + "DUPLICATE KEY UPDATE would have overwritten that other row, so the statement failed instead, as "
                + "PostgreSQL's ON CONFLICT does";
    }
}
