package dev.cutover.docs;

import dev.cutover.testkit.TestDatabase;
import dev.cutover.testkit.TestPostgres;

/** The examples' two databases on the test kit's PostgreSQL: legacy {@code tbl_notes} and target {@code notes}. */
final class NoteDatabases {
    private NoteDatabases() {
    }

    /** A legacy database whose {@code tbl_notes} holds note 1, "from legacy". */
    static TestDatabase legacy(String name) {
        TestDatabase database = TestPostgres.server().createDatabase(name);
        database.execute("CREATE TABLE tbl_notes (note_id bigint PRIMARY KEY, text text NOT NULL)",
                "INSERT INTO tbl_notes VALUES (1, 'from legacy')");
        return database;
    }

    /** A target database whose {@code notes} holds note 1, "from postgres". */
    static TestDatabase target(String name) {
        TestDatabase database = TestPostgres.server().createDatabase(name);
        database.execute("CREATE TABLE notes (id bigint PRIMARY KEY, text text NOT NULL)",
                "INSERT INTO notes VALUES (1, 'from postgres')");
        return database;
    }
}
