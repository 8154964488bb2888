package dev.cutover.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.cutover.testkit.TestDatabase;
import dev.cutover.testkit.TestPostgres;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.flywaydb.core.api.output.MigrateResult;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

class CutoverSchemaTest {

    @Test
    void shouldCreateTheLibrarySchemaOnceWhenManyInstancesStartAtOnce() throws Exception {
        try (TestDatabase database = TestPostgres.server().createDatabase("cutover_schema")) {
            List<PostgresAdapter> adapters = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                adapters.add(PostgresAdapter.create(PostgresConfig.custom().jdbcUrl(database.jdbcUrl())
                        .username(database.username()).password(database.password()).maximumPoolSize(2).build()));
            }
            ExecutorService pool = Executors.newFixedThreadPool(4);
            try {
                List<Callable<MigrateResult>> starts = adapters.stream()
                        .map(a -> (Callable<MigrateResult>) () -> CutoverSchema.migrate(a)).toList();
                int applied = 0;
                for (Future<MigrateResult> result : pool.invokeAll(starts)) {
                    applied += result.get().migrationsExecuted;
                }
                long migrations = database.queryLong("SELECT count(*) FROM cutover.cutover_schema_history WHERE success AND type = 'SQL'");
                assertThat(applied).as("migrations applied across the four starts").isEqualTo((int) migrations);
                assertThat(database.queryLong("SELECT count(*) FROM pg_namespace WHERE nspname = 'cutover'")).isEqualTo(1);
                assertThat(CutoverSchema.migrate(adapters.get(0)).migrationsExecuted).isZero();
            } finally {
                pool.shutdown();
                adapters.forEach(PostgresAdapter::close);
            }
        }
    }

    @Test
    void shouldMigrateInOrderWithoutFlywaysOutOfOrderWarningAndOutOfOrderOnlyForAnOlderMigration() {
        Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        ListAppender<ILoggingEvent> logs = new ListAppender<>();
        logs.start();
        root.addAppender(logs);
        try (TestDatabase database = TestPostgres.server().createDatabase("cutover_schema_order")) {
            CutoverSchema.migrate(database.dataSource());
            CutoverSchema.migrate(database.dataSource());
            assertThat(logs.list).extracting(ILoggingEvent::getFormattedMessage)
                    .noneMatch(m -> m.contains("outOfOrder") || m.contains("out of order"));

            // A release that brings a module's migration numbered below the schema's version, as an upgrade can.
            database.execute("DELETE FROM cutover.cutover_schema_history WHERE version = '100'",
                    "DROP TABLE cutover.outbox");
            MigrateResult result = CutoverSchema.migrate(database.dataSource());

            assertThat(result.migrationsExecuted).isEqualTo(1);
            assertThat(database.queryLong("SELECT count(*) FROM pg_tables WHERE schemaname = 'cutover' AND tablename = 'outbox'"))
                    .isEqualTo(1);
            assertThat(logs.list).extracting(ILoggingEvent::getFormattedMessage).contains("Cutover's migrations [100] are"
                    + " older than the version of schema cutover: applying them out of order, as each Cutover module numbers"
                    + " its migrations in its own range");
        } finally {
            root.detachAppender(logs);
        }
    }

    @Test
    void shouldMigrateWhenAnotherProcessAppliedMigrationsOfModulesThisClassPathLacks() {
        try (TestDatabase database = TestPostgres.server().createDatabase("cutover_schema_other_modules")) {
            CutoverSchema.migrate(database.dataSource());
            // As `cutover cdc start` (cutover-cdc: V500+) leaves it for an application without that module, and a module
            // numbered inside the range of those present (here 149) for one that lacks it.
            for (String version : List.of("149", "599")) {
                database.execute("INSERT INTO cutover.cutover_schema_history (installed_rank, version, description, type, script,"
                        + " checksum, installed_by, execution_time, success) SELECT max(installed_rank) + 1, '" + version
                        + "', 'another module', 'SQL', 'V" + version + "__another_module.sql', 1, 'test', 1, true"
                        + " FROM cutover.cutover_schema_history");
            }

            assertThat(CutoverSchema.migrate(database.dataSource()).migrationsExecuted).isZero();
            assertThat(CutoverSchema.info(database.dataSource()).pending()).isEmpty();
        }
    }
}
