package dev.cutover.dual;

import dev.cutover.status.Backlog;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cutover.Backend;
import dev.cutover.Cutover;
import dev.cutover.mapping.ColumnType;
import dev.cutover.mapping.EntityMapping;
import dev.cutover.routing.Route;
import dev.cutover.routing.RouteDecision;
import dev.cutover.routing.RouteOrigin;
import dev.cutover.routing.RouteSource;
import dev.cutover.routing.RouteSwitch;
import dev.cutover.store.EntityStore;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Which keys a write method's calls mirror: inferred, annotated, declared; in memory, with journal outboxes. */
class DualWritesKeysTest {

    public record Account(long id, String name) {
    }

    static final EntityMapping<Account, Long> ACCOUNTS = EntityMapping.builder(Account.class, Long.class)
            .table("accounts")
            .key("id", ColumnType.BIGINT, Account::id)
            .column("name", ColumnType.TEXT, Account::name)
            .reader(r -> new Account(r.getLong("id"), r.getString("name")))
            .build();

    public interface Accounts {
        Optional<Account> findById(long id);

        void save(Account account);

        void save(List<Account> accounts);

        void saveAll(Account... accounts);

        Account create(String name);

        boolean delete(@MirrorKey long id);

        int deleteAll(@MirrorKey Collection<Long> ids);

        void updateName(long id, String name);

        @dev.cutover.routing.Write
        void audit(String message);
    }

    /** A store in memory: only the mirroring under test touches it (a fake of pure logic, not of JDBC). */
    /** Accounts 1 to {@code rows} in {@code legacy}, and their outbox keys: a backlog's rows as an outage leaves them. */
    static List<OutboxKey> accounts(MemoryStore legacy, int rows) {
        List<Account> accounts = new ArrayList<>();
        List<OutboxKey> keys = new ArrayList<>();
        for (long id = 1; id <= rows; id++) {
            accounts.add(new Account(id, "account " + id));
            keys.add(new OutboxKey("accounts", "[" + id + "]"));
        }
        legacy.upsertAll(accounts);
        return keys;
    }

    static final class MemoryStore implements EntityStore<Account, Long> {
        final TreeMap<Long, Account> rows = new TreeMap<>();

        @Override
        public EntityMapping<Account, Long> mapping() {
            return ACCOUNTS;
        }

        @Override
        public synchronized Optional<Account> findByKey(Long key) {
            return Optional.ofNullable(rows.get(key));
        }

        @Override
        public synchronized List<Account> findByKeys(Collection<Long> keys) {
            return keys.stream().sorted().distinct().map(rows::get).filter(a -> a != null).toList();
        }

        @Override
        public synchronized List<Account> scan(Long afterKey, int limit) {
            return (afterKey == null ? rows : rows.tailMap(afterKey, false)).values().stream().limit(limit).toList();
        }

        @Override
        public synchronized int upsertAll(Collection<? extends Account> entities) {
            entities.forEach(a -> rows.put(a.id(), a));
            return entities.size();
        }

        @Override
        public synchronized int deleteByKeys(Collection<Long> keys) {
            int removed = 0;
            for (Long key : keys) {
                removed += rows.remove(key) == null ? 0 : 1;
            }
            return removed;
        }

        @Override
        public synchronized long count() {
            return rows.size();
        }
    }

    /** The repository on one store, as an application writes it. */
    record MemoryAccounts(MemoryStore store, AtomicLong ids) implements Accounts {
        public Optional<Account> findById(long id) {
            return store.findByKey(id);
        }

        public void save(Account account) {
            store.upsertAll(List.of(account));
        }

        public void save(List<Account> accounts) {
            store.upsertAll(accounts);
        }

        public void saveAll(Account... accounts) {
            store.upsertAll(List.of(accounts));
        }

        public Account create(String name) {
            Account account = new Account(ids.incrementAndGet(), name);
            store.upsertAll(List.of(account));
            return account;
        }

        public boolean delete(long id) {
            return store.deleteByKeys(List.of(id)) == 1;
        }

        public int deleteAll(Collection<Long> ids) {
            return store.deleteByKeys(ids);
        }

        public void updateName(long id, String name) {
            store.upsertAll(List.of(new Account(id, name)));
        }

        public void audit(String message) {
        }
    }

    @TempDir
    Path directory;

    private final MemoryStore legacy = new MemoryStore();
    private final MemoryStore postgres = new MemoryStore();
    private final AtomicReference<RouteDecision> route =
            new AtomicReference<>(new RouteDecision(Route.LEGACY, RouteOrigin.DEFAULT, "test"));
    private Cutover cutover;
    private DualWrites dualWrites;
    private Accounts accounts;

    private DualWrites.Builder configured() {
        return configured("");
    }

    private DualWrites.Builder configured(String journals) {
        return DualWrites.custom()
                .outbox(Outbox.journal(Backend.LEGACY, directory.resolve(journals + "legacy.journal")))
                .outbox(Outbox.journal(Backend.POSTGRES, directory.resolve(journals + "postgres.journal")))
                .repository(Accounts.class, ACCOUNTS, legacy, postgres)
                .pollInterval(Duration.ofMillis(20));
    }

    @BeforeEach
    void build() {
        dualWrites = configured()
                .keys(Accounts.class, "updateName", WriteKeys.argument(0))
                .keys(Accounts.class, "audit", WriteKeys.none())
                .build();
        RouteSwitch routeSwitch = route::get;
        RouteSource source = methods -> methods.stream().map(m -> routeSwitch).toList();
        cutover = dualWrites.install(Cutover.builder().routes(source)
                .repository(Accounts.class, new MemoryAccounts(legacy, new AtomicLong(100)),
                        new MemoryAccounts(postgres, new AtomicLong(500)))
                .handle(Route.LEGACY_DUAL, dev.cutover.routing.MethodKind.READ, call -> call.invoke(call.decision().route().primary()))
                .handle(Route.POSTGRES_DUAL, dev.cutover.routing.MethodKind.READ, call -> call.invoke(call.decision().route().primary())))
                .build();
        route.set(new RouteDecision(Route.LEGACY_DUAL, RouteOrigin.OVERRIDE, "test"));
        accounts = cutover.repository(Accounts.class);
    }

    @AfterEach
    void close() {
        cutover.close();
    }

    @Test
    void shouldMirrorTheKeysOfEntityArgumentsCollectionsArraysResultsAndDeclaredParameters() throws Exception {
        accounts.save(new Account(1, "one"));
        accounts.save(List.of(new Account(2, "two"), new Account(3, "three")));
        accounts.saveAll(new Account(4, "four"), new Account(5, "five"));
        Account created = accounts.create("generated id");
        accounts.updateName(2, "TWO");
        accounts.delete(3);
        accounts.deleteAll(List.of(4L, 5L));
        accounts.audit("nothing to mirror");

        assertThat(created.id()).as("the primary's generated id").isEqualTo(101);
        assertThat(postgres.rows).isEqualTo(legacy.rows);
        assertThat(postgres.rows.values()).containsExactly(new Account(1, "one"), new Account(2, "TWO"), created);
        assertThat(dualWrites.reconciler().awaitEmpty(Duration.ofSeconds(10))).isTrue();
        assertThat(dualWrites.reconciler().stats().mirrored()).as("a row per key written, perhaps more (the reconciler may compare a row between two writes of it)").isGreaterThanOrEqualTo(10);
    }

    @Test
    void shouldMirrorFromPostgresToLegacyOnPostgresDual() {
        route.set(new RouteDecision(Route.POSTGRES_DUAL, RouteOrigin.OVERRIDE, "test"));

        Account created = accounts.create("on postgres");

        assertThat(created.id()).isEqualTo(501);
        assertThat(legacy.rows).containsEntry(501L, created);
    }

    @Test
    void shouldRemoveTheJournalEntriesOfAUnitOfWorkThatRolledBack() throws Exception {
        assertThatThrownBy(() -> cutover.transaction(() -> {
            accounts.save(new Account(7, "seven"));
            throw new IllegalStateException("rolled back");
        })).hasMessage("rolled back");

        assertThat(dualWrites.reconciler().measureBacklog()).allMatch(Backlog::isEmpty);
        assertThat(postgres.rows).isEmpty();
    }

    public interface Notes {
        void saveNote(String note);
    }

    @Test
    void shouldRefuseAWriteOfARepositoryDualWriteWasNotConfiguredFor() throws Exception {
        List<String> legacyNotes = new java.util.ArrayList<>();
        route.set(new RouteDecision(Route.LEGACY, RouteOrigin.DEFAULT, "test"));
        try (DualWrites other = configured("notes-").keys(Accounts.class, "updateName", WriteKeys.argument(0))
                .keys(Accounts.class, "audit", WriteKeys.none()).build();
                Cutover withNotes = other.install(Cutover.builder().routes(methods -> methods.stream()
                                .map(m -> (RouteSwitch) route::get).toList())
                        .repository(Notes.class, legacyNotes::add, note -> { })).build()) {
            Notes notes = withNotes.repository(Notes.class);
            route.set(new RouteDecision(Route.LEGACY_DUAL, RouteOrigin.OVERRIDE, "test"));

            assertThatThrownBy(() -> notes.saveNote("hello"))
                    .isInstanceOf(DualWriteConfigurationException.class)
                    .hasMessage("Notes.saveNote is on a dual route, but dual-write was not configured for "
                            + Notes.class.getName() + "; add .repository(Notes.class, mapping, legacyStore, postgresStore) "
                            + "to DualWrites.custom() for each table it writes");
            assertThat(legacyNotes).as("nothing written").isEmpty();
        }
    }

    @Test
    void shouldNameEveryWriteMethodWhoseKeysCannotBeTold() {
        assertThatThrownBy(() -> configured("other-").build())
                .isInstanceOf(DualWriteConfigurationException.class)
                .hasMessage("Dual-write is not configured right:\n"
                        + "  Dual-write cannot tell which rows Accounts.audit(String) writes: no parameter and not the result is "
                        + "a Account or a collection of them. Declare them: annotate the key parameter with @MirrorKey "
                        + "(dev.cutover.dual), or configure .keys(Accounts.class, \"audit\", WriteKeys.argument(0)) on "
                        + "DualWrites.custom(); WriteKeys.none() if it writes no mirrored row\n"
                        + "  Dual-write cannot tell which rows Accounts.updateName(long, String) writes: no parameter and not the "
                        + "result is a Account or a collection of them. Declare them: annotate the key parameter with @MirrorKey "
                        + "(dev.cutover.dual), or configure .keys(Accounts.class, \"updateName\", WriteKeys.argument(0)) on "
                        + "DualWrites.custom(); WriteKeys.none() if it writes no mirrored row");
    }

    @Test
    void shouldRefuseKeysDeclaredForAMethodThatIsNotAWrite() {
        assertThatThrownBy(() -> configured("other-")
                .keys(Accounts.class, "updateName", WriteKeys.argument(0))
                .keys(Accounts.class, "audit", WriteKeys.none())
                .keys(Accounts.class, "findById", WriteKeys.argument(0)).build())
                .isInstanceOf(DualWriteConfigurationException.class)
                .hasMessage("Keys are declared for Accounts.findById, which is not a write method of "
                        + Accounts.class.getName() + "; its write methods: [audit, create, delete, deleteAll, save, saveAll, updateName]");
    }
}
