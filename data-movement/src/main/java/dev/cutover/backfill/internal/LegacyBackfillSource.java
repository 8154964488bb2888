package dev.cutover.backfill.internal;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cutover.backfill.BackfillSource;
import dev.cutover.legacy.LegacyAdapter;
import dev.cutover.legacy.LegacyStore;
import dev.cutover.legacy.spi.LegacyRangeReader;
import dev.cutover.mapping.EntityMapping;
import dev.cutover.mapping.InvalidValueException;
import dev.cutover.mapping.spi.Values;
import java.util.List;
import java.util.OptionalLong;
import java.util.function.Consumer;
import javax.sql.DataSource;

/** {@link BackfillSource#legacy}: a {@link LegacyRangeReader} over the store's table. Thread-safe. */
public final class LegacyBackfillSource<E, K> implements BackfillSource<E, K> {
    private final LegacyRangeReader reader;
    private final EntityMapping<E, K> mapping;
    private final String description;
    private final List<String> legacyNames;
    private final int fetchSize;
    private final boolean[] asBytes;
    private final DataSource legacy;

    private LegacyBackfillSource(LegacyRangeReader reader, EntityMapping<E, K> mapping, String description, int fetchSize,
            boolean[] asBytes, DataSource legacy) {
        this.reader = reader;
        this.legacy = legacy;
        this.mapping = mapping;
        this.description = description;
        this.legacyNames = reader.legacyColumnNames();
        this.fetchSize = fetchSize;
        this.asBytes = asBytes;
    }

    public static <E, K> LegacyBackfillSource<E, K> create(LegacyAdapter adapter, LegacyStore<E, K> store) {
        return new LegacyBackfillSource<>(LegacyRangeReader.create(adapter, store), store.mapping(),
                "legacy " + store.legacyTable().displayName() + " (" + adapter.dialect().name() + ")", 1_000,
                new boolean[store.mapping().columns().size()], adapter.connections().dataSource());
    }

    /**
     * The same source, streaming with this fetch size and handing over the text of the columns in {@code bytes}
     * (those of them the reader can) as UTF-8 bytes, undecoded: the backfill only encodes them again.
     */
    LegacyBackfillSource<E, K> tuned(int size, boolean[] bytes) {
        return new LegacyBackfillSource<>(reader, mapping, description, size, bytes, legacy);
    }

    LegacyRangeReader reader() {
        return reader;
    }

    /** The legacy database's pool, for {@link PassThrough}'s {@code COPY ... TO STDOUT}. */
    DataSource legacyDataSource() {
        return legacy;
    }

    @Override
    public EntityMapping<E, K> mapping() {
        return mapping;
    }

    @Override
    public String description() {
        return description;
    }


    @Override
    public Page keys(Object[] after, int limit, Consumer<Object[]> visitor) {
        LegacyRangeReader.Page page = reader.keys(after, limit, Math.min(limit, 10_000), visitor);
        return new Page(page.rows(), page.lastKey(), false);
    }

    /** {@link LegacyRangeReader#boundaries}: chunk boundaries chosen by the database, where it can. */
    OptionalLong boundaries(int every, Consumer<Object[]> visitor) {
        return reader.boundaries(every, visitor);
    }

    @Override
    public Page read(Object[] after, Object[] upTo, int limit, RowVisitor visitor) {
        LegacyRangeReader.Page page = reader.read(after, upTo, limit, Math.min(limit, fetchSize), asBytes,
                new LegacyRangeReader.RowVisitor() {
                    @Override
                    public void row(Object[] values) {
                        visitor.row(values);
                    }

                    @Override
                    public void unreadable(Object[] keyValues, String[] raw, InvalidValueException problem) {
                        ObjectNode row = JsonNodeFactory.instance.objectNode();
                        for (int i = 0; i < raw.length; i++) {
                            row.put(legacyNames.get(i), raw[i]);
                        }
                        visitor.unreadable(keyValues, Values.jsonText(row), problem.getMessage(), problem.sqlState());
                    }
                });
        return new Page(page.rows(), page.lastKey(), false);
    }

    @Override
    public String toString() {
        return description;
    }
}
