package dev.cutover.verify.internal;

import dev.cutover.Backend;
import dev.cutover.compare.Comparison;
import dev.cutover.dual.Outbox;
import dev.cutover.legacy.LegacyAdapter;
import dev.cutover.legacy.LegacyDialect;
import dev.cutover.legacy.LegacyDialect.ChecksumScheme;
import dev.cutover.legacy.LegacyStorage;
import dev.cutover.legacy.LegacyStore;
import dev.cutover.legacy.LegacyTable;
import dev.cutover.legacy.spi.LegacyRangeReader;
import dev.cutover.mapping.Column;
import dev.cutover.mapping.EntityMapping;
import dev.cutover.postgres.PostgresAdapter;
import dev.cutover.store.EntityStore;
import dev.cutover.verify.ColumnsCompared;
import dev.cutover.verify.RepairReport;
import dev.cutover.verify.Verifier;
import dev.cutover.verify.VerifyConfig;
import dev.cutover.verify.VerifyReport;
import java.lang.reflect.RecordComponent;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@link Verifier} of {@link Verifier#of}: wires both sides (stores, key readers, checksum preparations) once;
 * each {@link #verify()} is a {@link VerifyRun} of its own. Immutable and thread-safe.
 */
public final class DefaultVerifier<E, K> implements Verifier<E, K> {
    private static final Logger LOG = LoggerFactory.getLogger(Verifier.class);

    private final VerifyRun.Setup<E, K> setup;

    private DefaultVerifier(EntityStore<E, K> legacyStore, EntityStore<E, K> postgresStore, Side.KeyReader legacyKeys,
            Side.KeyReader postgresKeys, String legacyTable, String postgresTable, Function<ChecksumScheme, KeyRanges.Prepared<K>> legacyPrepare,
            Function<ChecksumScheme, KeyRanges.Prepared<K>> postgresPrepare, Set<ChecksumScheme> schemes,
            VerifyConfig config, Map<String, String> legacyExcluded) {
        EntityMapping<E, K> mapping = legacyStore.mapping();
        this.setup = new VerifyRun.Setup<>(mapping, legacyStore, postgresStore, legacyKeys, postgresKeys, legacyTable,
                postgresTable, legacyPrepare, postgresPrepare, schemes, config,
                new EntityCompare<>(mapping.entityType(), Comparison.of(config.rules())),
                columns(mapping, config, legacyExcluded));
    }

    public static <E, K> Verifier<E, K> of(EntityMapping<E, K> mapping, LegacyAdapter legacy, LegacyTable table,
            PostgresAdapter postgres, VerifyConfig config) {
        LegacyStore<E, K> legacyStore = legacy.store(mapping, table);
        LegacyAdapter postgresReader = LegacyAdapter.wrap(postgres.connections().dataSource(), LegacyDialect.postgresql());
        EntityStore<E, K> postgresStore = rowReader(mapping, postgres, postgresReader, postgres.store(mapping));
        Side.KeyReader legacyKeys = Side.keysOf(() -> LegacyRangeReader.create(legacy, legacyStore));
        Side.KeyReader postgresKeys = postgresStore instanceof PostgresRows<E, K> rows
                ? Side.keysOf(() -> LegacyRangeReader.create(postgresReader, rows.reader())) : null;
        String postgresTable = postgres.schema() + "." + mapping.table();
        Set<String> excluded = ignoredColumns(mapping, config);
        List<KeyRanges.Stored> legacyColumns = mapping.columns().stream()
                .map(c -> new KeyRanges.Stored(c, table.legacyName(c.name()), table.storage(c.name()),
                        table.conversion(c.name()).map(Object::toString).orElse(null))).toList();
        List<KeyRanges.Stored> postgresColumns = mapping.columns().stream()
                .map(c -> new KeyRanges.Stored(c, c.name(), LegacyStorage.NATIVE)).toList();
        Function<ChecksumScheme, KeyRanges.Prepared<K>> legacyPrepare = scheme -> KeyRanges.prepare(Backend.LEGACY,
                table.displayName(), legacy.connections(), legacy.dialect(), table.schema().orElse(null), table.name(),
                mapping, legacyColumns, excluded, scheme);
        // PostgreSQL's checksums come from the PostgreSQL dialect, whichever side PostgreSQL is on.
        Function<ChecksumScheme, KeyRanges.Prepared<K>> postgresPrepare = scheme -> KeyRanges.prepare(Backend.POSTGRES,
                postgresTable, postgres.connections(), LegacyDialect.postgresql(), postgres.schema(), mapping.table(),
                mapping, postgresColumns, excluded, scheme);
        Set<ChecksumScheme> common = EnumSet.noneOf(ChecksumScheme.class);
        common.addAll(legacy.dialect().checksumSchemes());
        common.retainAll(LegacyDialect.postgresql().checksumSchemes());
        return new DefaultVerifier<>(legacyStore, postgresStore, legacyKeys, postgresKeys, table.displayName(),
                postgresTable, legacyPrepare,
                postgresPrepare, common, config, table.excludedColumns());
    }

    public static <E, K> Verifier<E, K> of(EntityStore<E, K> legacy, EntityStore<E, K> postgres, VerifyConfig config) {
        // Generic stores cannot read keys alone, so a row one of them cannot read fails the run.
        return new DefaultVerifier<>(legacy, postgres, null, null, legacy.toString(), postgres.toString(), null, null,
                Set.of(), config, Map.of());
    }

    /** What a run compares: the mapping's columns but those the rules ignore; and what it leaves out, with why. */
    private static ColumnsCompared columns(EntityMapping<?, ?> mapping, VerifyConfig config,
            Map<String, String> legacyExcluded) {
        Set<String> ignored = ignoredColumns(mapping, config);
        Map<String, String> notCompared = new LinkedHashMap<>();
        legacyExcluded.forEach((column, reason) -> notCompared.put("legacy " + column, "excluded: " + reason));
        mapping.excludedColumns().forEach((column, reason) -> notCompared.put("postgres " + column,
                "left empty: " + reason));
        ignored.forEach(column -> notCompared.put(column, "ignored by the comparison rules"));
        return new ColumnsCompared(mapping.columns().stream().map(Column::name).filter(c -> !ignored.contains(c))
                .toList(), notCompared);
    }

    /**
     * What reads PostgreSQL's rows for comparison: the same rows, converted to the same canonical values, by plain
     * JDBC (the legacy backend's reader, native storage, PostgreSQL dialect) rather than through jOOQ's records,
     * which cost about 60% more CPU per row; the application's store (whose startup check has passed) if that
     * reader does not accept the table.
     */
    private static <E, K> EntityStore<E, K> rowReader(EntityMapping<E, K> mapping, PostgresAdapter postgres,
            LegacyAdapter reader, EntityStore<E, K> store) {
        try {
            return new PostgresRows<>(reader.store(mapping, LegacyTable.named(mapping.table()).inSchema(postgres.schema())),
                    store);
        } catch (RuntimeException e) {
            LOG.debug("Verify reads {} through its PostgresStore: {}", mapping.table(), e.getMessage());
            return store;
        }
    }

    /**
     * The mapping columns the comparison rules ignore (by the name of the record component that holds them,
     * the column's name in camel case), left out of checksums so that ranges differing only there still match.
     * A column is left out only if the entity is a record with a component of that name.
     */
    static Set<String> ignoredColumns(EntityMapping<?, ?> mapping, VerifyConfig config) {
        Set<String> ignored = config.rules().ignored();
        if (ignored.isEmpty() || !mapping.entityType().isRecord()) {
            return Set.of();
        }
        Set<String> components = Arrays.stream(mapping.entityType().getRecordComponents()).map(RecordComponent::getName)
                .collect(Collectors.toSet());
        Set<String> excluded = new LinkedHashSet<>();
        for (Column column : mapping.columns()) {
            if (mapping.keyColumns().contains(column)) {
                continue;
            }
            for (String name : List.of(column.name(), camelCase(column.name()))) {
                if (ignored.contains(name) && components.contains(name)) {
                    excluded.add(column.name());
                }
            }
        }
        return Set.copyOf(excluded);
    }

    private static String camelCase(String snake) {
        StringBuilder name = new StringBuilder();
        boolean upper = false;
        for (char c : snake.toCharArray()) {
            if (c == '_') {
                upper = name.length() > 0;
            } else {
                name.append(upper ? Character.toUpperCase(c) : c);
                upper = false;
            }
        }
        return name.toString();
    }

    @Override
    public EntityMapping<E, K> mapping() {
        return setup.mapping();
    }

    @Override
    public VerifyReport verify() {
        return new VerifyRun<>(setup, null).run();
    }

    @Override
    public RepairReport repair(Outbox outbox) {
        Objects.requireNonNull(outbox, "outbox");
        RepairQueue<K> queue = new RepairQueue<>(setup.mapping(), outbox, setup.config().clock());
        VerifyReport report = new VerifyRun<>(setup, queue).run();
        return queue.finish(report);
    }

    @Override
    public String toString() {
        return "Verifier[" + setup.mapping().table() + ": legacy " + setup.legacyTable() + ", postgres "
                + setup.postgresTable() + "]";
    }

}
