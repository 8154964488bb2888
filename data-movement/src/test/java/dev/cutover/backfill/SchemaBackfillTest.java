package dev.cutover.backfill;

import dev.cutover.testkit.TestDatabase;
import dev.cutover.testkit.TestPostgres;

/** {@link SchemaBackfillContract} from a PostgreSQL legacy database. */
class SchemaBackfillTest extends SchemaBackfillContract {
    @Override
    TestDatabase legacyDatabase() {
        return TestPostgres.server().createDatabase("schema_backfill_legacy");
    }
}
