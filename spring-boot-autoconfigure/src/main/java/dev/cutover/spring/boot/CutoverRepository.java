package dev.cutover.spring.boot;

import dev.cutover.dual.WriteKeys;
import dev.cutover.store.EntityStore;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One routed repository, declared as a bean: its interface and its two implementations, and for dual-write the
 * tables its writes change. The starter builds the routed repository from every such bean and registers it as the
 * primary bean of the interface, so that asking for {@code NoteRepository} injects the routed one.
 *
 * <pre>{@code
 * @Bean
 * CutoverRepository<NoteRepository> notes(LegacyAdapter legacy, PostgresAdapter postgres) {
 *     LegacyStore<Note, Long> legacyNotes = legacy.store(NOTES, LegacyTable.named("tbl_notes").column("id", "note_id"));
 *     PostgresStore<Note, Long> postgresNotes = postgres.store(NOTES);
 *     return CutoverRepository.of(NoteRepository.class, new LegacyNotes(legacyNotes), new PostgresNotes(postgresNotes))
 *             .mirrors(legacyNotes, postgresNotes);
 * }
 * }</pre>
 *
 * <p>Declare the bean's type with its interface, {@code CutoverRepository<NoteRepository>}: the starter reads it
 * before the bean exists. Not thread-safe while configured; read once at start.
 *
 * @param <R> the repository interface
 */
public final class CutoverRepository<R> {

    /** A table a repository's writes change, with its store on each side. */
    public record Mirror(EntityStore<?, ?> legacyStore, EntityStore<?, ?> postgresStore) {
        public Mirror {
            Objects.requireNonNull(legacyStore, "legacyStore");
            Objects.requireNonNull(postgresStore, "postgresStore");
            if (!legacyStore.mapping().equals(postgresStore.mapping())) {
                throw new IllegalArgumentException("The legacy and the PostgreSQL store of a mirrored table must have the same"
                        + " mapping; got " + legacyStore.mapping() + " and " + postgresStore.mapping());
            }
        }
    }

    private final Class<R> type;
    private final R legacy;
    private final R postgres;
    private final List<Mirror> mirrors = new ArrayList<>();
    private final Map<String, WriteKeys<?>> keys = new LinkedHashMap<>();

    private CutoverRepository(Class<R> type, R legacy, R postgres) {
        this.type = type;
        this.legacy = legacy;
        this.postgres = postgres;
    }

    /**
     * A repository interface and its implementation on each backend.
     *
     * @throws IllegalArgumentException if {@code type} is not an interface or an implementation does not implement it
     */
    public static <R> CutoverRepository<R> of(Class<R> type, R legacy, R postgres) {
        Objects.requireNonNull(type, "type");
        if (!type.isInterface()) {
            throw new IllegalArgumentException("A routed repository is an interface; " + type.getName() + " is not");
        }
        return new CutoverRepository<>(type, type.cast(Objects.requireNonNull(legacy, "legacy")),
                type.cast(Objects.requireNonNull(postgres, "postgres")));
    }

    /**
     * For dual-write: the repository's writes change this table, whose rows the reconciler copies between these two
     * stores (the ones the implementations write through). Once per table the repository writes.
     */
    public <E, K> CutoverRepository<R> mirrors(EntityStore<E, K> legacyStore, EntityStore<E, K> postgresStore) {
        mirrors.add(new Mirror(legacyStore, postgresStore));
        return this;
    }

    /**
     * For dual-write: which rows a write method (every overload of that name) writes, when neither its arguments nor
     * its result carry them, e.g. {@code keys("delete", WriteKeys.argument(0))}.
     */
    public CutoverRepository<R> keys(String method, WriteKeys<?> writeKeys) {
        keys.put(Objects.requireNonNull(method, "method"), Objects.requireNonNull(writeKeys, "writeKeys"));
        return this;
    }

    public Class<R> type() {
        return type;
    }

    public R legacy() {
        return legacy;
    }

    public R postgres() {
        return postgres;
    }

    public List<Mirror> mirrors() {
        return List.copyOf(mirrors);
    }

    public Map<String, WriteKeys<?>> keys() {
        return Map.copyOf(keys);
    }

    @Override
    public String toString() {
        return "CutoverRepository[" + type.getSimpleName() + "]";
    }
}
