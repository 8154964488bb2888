package dev.cutover.backfill;

import dev.cutover.testkit.TestDatabase;
import dev.cutover.testkit.TestMariaDb;

/** {@link SchemaBackfillContract} from a MariaDB legacy database (needs one: {@link TestMariaDb}; fails, never skips). */
class MariaDbSchemaBackfillTest extends SchemaBackfillContract {
    @Override
    TestDatabase legacyDatabase() {
        return TestMariaDb.server().createDatabase("schema_backfill");
    }
}
