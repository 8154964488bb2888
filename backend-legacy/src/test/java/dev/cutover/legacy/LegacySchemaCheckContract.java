package dev.cutover.legacy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cutover.schema.SchemaMismatchException;
import dev.cutover.legacy.Clients.Client;
import dev.cutover.testkit.TestDatabase;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Startup checks when a store is created that read alike on every legacy server; a subclass supplies the
 * {@link LegacyServer} and holds the checks whose catalogs (and so messages) differ.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class LegacySchemaCheckContract {
    protected TestDatabase database;
    protected LegacyAdapter adapter;

    /** The server, and with it the database and the DDL, under test. */
    protected abstract LegacyServer server();

    @BeforeAll
    void openAdapter() {
        database = server().createDatabase();
        adapter = server().adapter(database);
    }

    @AfterAll
    void closeAdapter() {
        adapter.close();
        assertThat(database.openConnectionsAfterClose()).isZero();
        database.close();
    }

    /** The server's clients DDL under another name, with {@code replace} applied. */
    protected LegacyTable clientsLike(String table, String... replacements) {
        String ddl = server().clientsDdl().replace("tbl_clients", table);
        for (int i = 0; i < replacements.length; i += 2) {
            assertThat(ddl).contains(replacements[i]);
            ddl = ddl.replace(replacements[i], replacements[i + 1]);
        }
        database.execute(ddl);
        LegacyTable binding = LegacyTable.named(table);
        for (var renamed : Clients.TABLE.renamedColumns().entrySet()) {
            binding = binding.column(renamed.getKey(), renamed.getValue());
        }
        for (var stored : Clients.TABLE.storages().entrySet()) {
            binding = binding.stored(stored.getKey(), stored.getValue());
        }
        return binding;
    }

    @Test
    void shouldAcceptAUniqueIndexWithTheConflictColumnsInAnotherOrder() {
        LegacyTable table = clientsLike("tbl_reversed", "UNIQUE (yc_id, firm_id)", "UNIQUE (firm_id, yc_id)");

        LegacyStore<Client, Long> store = adapter.store(Clients.MAPPING, table);

        assertThat(store.upsertAll(List.of(Clients.client(1), Clients.client(1).withName("again")))).isEqualTo(1);
        assertThat(store.findByKey(1L)).contains(Clients.client(1).withName("again"));
    }

    @Test
    void shouldRefuseAKeyThatIsNotUnique() {
        LegacyTable table = clientsLike("tbl_no_pk", "id bigint PRIMARY KEY", "id bigint NOT NULL");

        assertThatThrownBy(() -> adapter.store(Clients.MAPPING, table))
                .isInstanceOf(SchemaMismatchException.class)
                .hasMessage("Schema of legacy table tbl_no_pk (for clients) does not fit its mapping: key (id) is not "
                        + "unique: no PRIMARY KEY, UNIQUE constraint or non-partial unique index covers it, so keyset "
                        + "scans could skip or repeat rows; existing: UNIQUE tbl_no_pk_yc_firm (yc_id, firm_id); add one: "
                        + "ALTER TABLE " + server().quoted("tbl_no_pk") + " ADD UNIQUE (" + server().quoted("id") + ")");
    }
}
