package dev.cutover.legacy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cutover.mapping.ColumnType;
import dev.cutover.mapping.EntityMapping;
import dev.cutover.testkit.TestDatabase;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A composite key whose UUID PostgreSQL keeps as text, written in capitals by the legacy application: the store
 * compares {@code lower(owner)}, which no index serves, so its key lists must be hashed, not tested key by key for
 * every row (1,000 keys over 200,000 rows took 192 s as a row IN list).
 */
class LegacyUuidTextKeysTest {
    public record Link(UUID owner, long seq, String note) {
        public Key key() {
            return new Key(owner, seq);
        }

        /** The key {@code (owner, seq)}. */
        public record Key(UUID owner, long seq) {
        }
    }

    static final EntityMapping<Link, Link.Key> LINKS = EntityMapping.builder(Link.class, Link.Key.class)
            .table("links")
            .key("owner", ColumnType.UUID, Link::owner)
            .key("seq", ColumnType.BIGINT, Link::seq)
            .column("note", ColumnType.TEXT, Link::note)
            .reader(row -> new Link(row.getUuid("owner"), row.getLong("seq"), row.getString("note")))
            .build();

    private static final int ROWS = 20_000;
    private static TestDatabase database;
    private static final List<Link> LINKS_WRITTEN = new ArrayList<>();

    @BeforeAll
    static void createTable() {
        database = LegacyServer.POSTGRES.createDatabase();
        database.execute("CREATE TABLE links (owner varchar(36), seq bigint, note text NOT NULL, PRIMARY KEY (owner, seq))",
                "INSERT INTO links SELECT upper(md5(g::text)::uuid::text), g % 7, 'note ' || g FROM generate_series(1, "
                        + ROWS + ") g", "ANALYZE links");
        for (int g = 1; g <= ROWS; g++) {
            LINKS_WRITTEN.add(new Link(UUID.fromString(md5Uuid(g)), g % 7, "note " + g));
        }
    }

    @AfterAll
    static void dropDatabase() {
        database.close();
    }

    /** PostgreSQL's {@code md5(g::text)::uuid}. */
    private static String md5Uuid(int g) {
        try {
            byte[] digest = java.security.MessageDigest.getInstance("MD5").digest(Integer.toString(g).getBytes(
                    java.nio.charset.StandardCharsets.US_ASCII));
            StringBuilder hex = new StringBuilder();
            for (byte b : digest) {
                hex.append(String.format(Locale.ROOT, "%02x", b));
            }
            return hex.insert(20, '-').insert(16, '-').insert(12, '-').insert(8, '-').toString();
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void shouldFindAndDeleteTwentyThousandKeysByTheirCanonicalUuidsInSeconds() {
        try (LegacyAdapter adapter = LegacyServer.POSTGRES.adapter(database)) {
            LegacyStore<Link, Link.Key> store = adapter.store(LINKS, LegacyTable.named("links")
                    .convert("owner", Conversion.UUID_TEXT));
            List<Link.Key> keys = LINKS_WRITTEN.stream().map(Link::key).toList();

            long started = System.nanoTime();
            List<Link> found = store.findByKeys(keys);
            int deleted = store.deleteByKeys(keys);
            double seconds = (System.nanoTime() - started) / 1e9;

            assertThat(found).containsExactlyInAnyOrderElementsOf(LINKS_WRITTEN);
            assertThat(deleted).isEqualTo(ROWS);
            assertThat(database.queryLong("SELECT count(*) FROM links")).isZero();
            // Key by key for every row, 20 chunks of 1,000 keys take minutes; hashed, well under a second.
            assertThat(seconds).as("seconds to find and delete %,d keys", ROWS).isLessThan(30);
        }
    }
}
