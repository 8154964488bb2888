package dev.cutover.legacy;

import dev.cutover.testkit.TestDatabase;
import dev.cutover.testkit.TestMariaDb;

/**
 * The {@link Clients} and {@link Visits} legacy tables in MariaDB types, bound with the same {@link LegacyTable}s:
 * JSON in TEXT and in MariaDB's JSON, {@code tinyint(1)} booleans, DATETIME(6) holding UTC, a TIMESTAMP(6) and a
 * native UUID. Every test class using it (directly or through {@link LegacyServer#MARIADB}) is named
 * {@code MariaDb*Test} and needs a MariaDB server
 * ({@link TestMariaDb}, docs/mariadb.md).
 */
public final class MariaDbClients {

    public static final String DDL = """
            CREATE TABLE tbl_clients (
              id bigint PRIMARY KEY,
              full_name varchar(200) NOT NULL,
              yc_id bigint NOT NULL,
              firm_id int NOT NULL,
              balance decimal(12, 2) NOT NULL,
              active boolean NOT NULL,
              is_vip tinyint(1) NOT NULL,
              created_at datetime(6) NOT NULL,
              updated_at timestamp(6) NULL,
              birthday date,
              external_id uuid NOT NULL,
              ai_context_json text,
              preferences json,
              visit_history json,
              note text,
              CONSTRAINT tbl_clients_yc_firm UNIQUE (yc_id, firm_id)
            )""";

    public static final String VISITS_DDL = """
            CREATE TABLE tbl_visits (
              firm_id bigint NOT NULL,
              visit_nr int NOT NULL,
              service text NOT NULL,
              starts_at datetime(6) NOT NULL,
              details varchar(4000),
              paid int,
              PRIMARY KEY (firm_id, visit_nr)
            )""";

    private MariaDbClients() {
    }

    public static TestDatabase createDatabase() {
        return TestMariaDb.server().createDatabase("legacy");
    }

    public static LegacyAdapter adapter(TestDatabase database) {
        return LegacyAdapter.create(config(database).build());
    }

    /** Inferred dialect: a jdbc:mariadb: URL. */
    public static LegacyConfig.Builder config(TestDatabase database) {
        return Clients.config(database);
    }
}
