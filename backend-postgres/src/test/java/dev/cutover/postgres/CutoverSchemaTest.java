package dev.cutover.postgres;

import static org.assertj.core.api.Assertions.assertThat;

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
}
