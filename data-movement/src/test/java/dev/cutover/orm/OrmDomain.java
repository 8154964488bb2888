package dev.cutover.orm;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cutover.legacy.Conversion;
import dev.cutover.legacy.LegacyStorage;
import dev.cutover.legacy.LegacyTable;
import dev.cutover.mapping.ColumnType;
import dev.cutover.mapping.EntityMapping;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.util.List;
import java.time.ZoneId;
import java.util.UUID;

/**
 * A second test domain, unlike the reference domain: the legacy schema an ORM (Prisma, Laravel) generates, on
 * PostgreSQL and on MariaDB. Quoted camelCase names, reserved words as column names ({@code order}, {@code select}),
 * uuids as text (any case), JSON as text, counters wider than their target, flags as numbers, enums, naive local
 * times, a decimal of a larger scale, an unsigned key; foreign keys only on the target, whose {@code posts.id} is an
 * identity column. The legacy bindings are the same on both engines. Shared by the data-movement tests (backfill,
 * verify, sequences): {@link #legacyDdl}, {@link #TARGET_DDL} and the rows of {@link OrmRows}.
 */
public final class OrmDomain {
    /** The zone the legacy application wrote its local times in. */
    public static final ZoneId ZONE = ZoneId.of("Europe/Paris");

    public record User(UUID id, String email, String displayName, Boolean isAdmin, String role, Instant createdAt,
            JsonNode profile, Integer order) {
    }

    public record Post(Long id, UUID authorId, String title, Integer viewCount, Boolean published, BigDecimal price,
            String select, JsonNode metadata) {
    }

    public static final EntityMapping<User, UUID> USERS = EntityMapping.builder(User.class, UUID.class)
            .table("users")
            .key("id", ColumnType.UUID, User::id)
            .column("email", ColumnType.TEXT, User::email)
            .nullableColumn("display_name", ColumnType.TEXT, User::displayName)
            .column("is_admin", ColumnType.BOOLEAN, User::isAdmin)
            .column("role", ColumnType.TEXT, User::role)
            .column("created_at", ColumnType.TIMESTAMPTZ, User::createdAt)
            .nullableColumn("profile", ColumnType.JSONB, User::profile)
            .nullableColumn("order", ColumnType.INTEGER, User::order)
            .conflictTarget("id")
            .reader(row -> new User(row.getUuid("id"), row.getString("email"), row.getString("display_name"),
                    row.getBoolean("is_admin"), row.getString("role"), row.getInstant("created_at"), row.getJson("profile"),
                    row.getInteger("order")))
            .build();

    public static final EntityMapping<Post, Long> POSTS = EntityMapping.builder(Post.class, Long.class)
            .table("posts")
            .key("id", ColumnType.BIGINT, Post::id)
            .column("author_id", ColumnType.UUID, Post::authorId)
            .column("title", ColumnType.TEXT, Post::title)
            .column("view_count", ColumnType.INTEGER, Post::viewCount)
            .column("published", ColumnType.BOOLEAN, Post::published)
            .nullableColumn("price", ColumnType.NUMERIC, Post::price)
            .nullableColumn("select", ColumnType.TEXT, Post::select)
            .nullableColumn("metadata", ColumnType.JSONB, Post::metadata)
            .exclude("summary", "written by the new application's summariser")
            .reader(row -> new Post(row.getLong("id"), row.getUuid("author_id"), row.getString("title"),
                    row.getInteger("view_count"), row.getBoolean("published"), row.getBigDecimal("price"),
                    row.getString("select"), row.getJson("metadata")))
            .build();

    /** Target types beyond the common ones: each column a type of its own. */
    public record Asset(Integer id, Short rank, Float ratio, Double score, String code, byte[] picture, LocalTime opensAt,
            LocalDateTime takenAt, String kind, List<String> tags, Short madeIn) {
    }

    @SuppressWarnings("unchecked")
    public static final EntityMapping<Asset, Integer> ASSETS = EntityMapping.builder(Asset.class, Integer.class)
            .table("assets")
            .key("id", ColumnType.INTEGER, Asset::id)
            .column("rank", ColumnType.SMALLINT, Asset::rank)
            .nullableColumn("ratio", ColumnType.REAL, Asset::ratio)
            .nullableColumn("score", ColumnType.DOUBLE, Asset::score)
            .nullableColumn("code", ColumnType.CHAR, Asset::code)
            .nullableColumn("picture", ColumnType.BYTEA, Asset::picture)
            .nullableColumn("opens_at", ColumnType.TIME, Asset::opensAt)
            .nullableColumn("taken_at", ColumnType.TIMESTAMP, Asset::takenAt)
            .column("kind", ColumnType.ENUM, Asset::kind)
            .nullableColumn("tags", ColumnType.TEXT_ARRAY, Asset::tags)
            .nullableColumn("made_in", ColumnType.SMALLINT, Asset::madeIn)
            .reader(row -> new Asset(row.getInteger("id"), row.get("rank", Short.class), row.get("ratio", Float.class),
                    row.get("score", Double.class), row.getString("code"), row.get("picture", byte[].class),
                    row.get("opens_at", LocalTime.class), row.get("taken_at", LocalDateTime.class), row.getString("kind"),
                    (List<String>) row.get("tags", List.class), row.get("made_in", Short.class)))
            .build();

    /**
     * The binding of {@code Asset}: MariaDB keeps the tags in a {@code set} and the year in a {@code year}, which need
     * a declaration; PostgreSQL keeps them as {@code text[]} and {@code smallint}, which need none.
     */
    public static LegacyTable legacyAssets(boolean mariadb) {
        LegacyTable table = LegacyTable.named("Asset").column("opens_at", "opensAt").column("taken_at", "takenAt")
                .column("made_in", "madeIn");
        return mariadb ? table.convert("tags", Conversion.SET_ARRAY).convert("made_in", Conversion.YEAR) : table;
    }

    /** The same declarations on both engines. */
    public static final LegacyTable LEGACY_USERS = LegacyTable.named("User")
            .column("display_name", "displayName")
            .column("is_admin", "isAdmin")
            .column("created_at", "createdAt")
            .convert("id", Conversion.UUID_TEXT)
            .convert("is_admin", Conversion.NONZERO_IS_TRUE)
            .convert("role", Conversion.ENUM_TEXT)
            .convert("created_at", Conversion.naiveAt(ZONE))
            .stored("profile", LegacyStorage.JSON_TEXT)
            .exclude("legacyHash", "a digest the new application recomputes");

    public static final LegacyTable LEGACY_POSTS = LegacyTable.named("Post")
            .column("author_id", "authorId")
            .column("view_count", "viewCount")
            .convert("id", Conversion.CHECKED_INTEGER)
            .convert("author_id", Conversion.UUID_TEXT)
            .convert("view_count", Conversion.CHECKED_INTEGER)
            .stored("published", LegacyStorage.SMALLINT_BOOLEAN)
            .convert("price", Conversion.decimal(2));

    public static final String[] POSTGRES_LEGACY_DDL = {
        "CREATE TYPE \"Role\" AS ENUM ('USER', 'ADMIN')",
        """
        CREATE TABLE "User" (
          id varchar(36) PRIMARY KEY,
          email varchar(191) NOT NULL UNIQUE,
          "displayName" varchar(191),
          "isAdmin" smallint NOT NULL DEFAULT 0,
          role "Role" NOT NULL DEFAULT 'USER',
          "createdAt" timestamp(3) NOT NULL,
          profile text,
          "order" integer,
          "legacyHash" varchar(64)
        )""",
        """
        CREATE TABLE "Post" (
          id numeric(20, 0) PRIMARY KEY,
          "authorId" varchar(36) NOT NULL,
          title varchar(191) NOT NULL,
          "viewCount" bigint NOT NULL DEFAULT 0,
          published smallint NOT NULL DEFAULT 0,
          price numeric(12, 4),
          "select" varchar(20),
          metadata json
        )"""};

    public static final String[] POSTGRES_LEGACY_ASSET_DDL = {
        "CREATE TYPE \"AssetKind\" AS ENUM ('PHOTO', 'VIDEO', 'AUDIO')",
        """
        CREATE TABLE "Asset" (
          id integer PRIMARY KEY,
          rank smallint NOT NULL,
          ratio real,
          score double precision,
          code character(4),
          picture bytea,
          "opensAt" time(6),
          "takenAt" timestamp(6),
          kind "AssetKind" NOT NULL,
          tags text[],
          "madeIn" smallint
        )"""};

    public static final String[] MARIADB_LEGACY_ASSET_DDL = {
        """
        CREATE TABLE `Asset` (
          `id` int NOT NULL PRIMARY KEY,
          `rank` tinyint unsigned NOT NULL,
          `ratio` float NULL,
          `score` double NULL,
          `code` char(4) NULL,
          `picture` blob NULL,
          `opensAt` time(6) NULL,
          `takenAt` datetime(6) NULL,
          `kind` enum('PHOTO', 'VIDEO', 'AUDIO') NOT NULL,
          `tags` set('red', 'green', 'blue') NULL,
          `madeIn` year NULL
        )"""};

    /** The target of {@code Asset}: its enum type lacks the legacy label {@code AUDIO}. */
    public static final String[] TARGET_ASSET_DDL = {
        "CREATE TYPE asset_kind AS ENUM ('PHOTO', 'VIDEO')",
        """
        CREATE TABLE assets (
          id integer PRIMARY KEY,
          rank smallint NOT NULL,
          ratio real,
          score double precision,
          code character(4),
          picture bytea,
          opens_at time,
          taken_at timestamp,
          kind asset_kind NOT NULL,
          tags text[],
          made_in smallint
        )"""};

    public static final String[] MARIADB_LEGACY_DDL = {
        """
        CREATE TABLE `User` (
          `id` varchar(36) NOT NULL PRIMARY KEY,
          `email` varchar(191) NOT NULL UNIQUE,
          `displayName` varchar(191) NULL,
          `isAdmin` tinyint(1) NOT NULL DEFAULT 0,
          `role` enum('USER', 'ADMIN') NOT NULL DEFAULT 'USER',
          `createdAt` datetime(3) NOT NULL,
          `profile` longtext NULL,
          `order` int NULL,
          `legacyHash` varchar(64) NULL
        )""",
        """
        CREATE TABLE `Post` (
          `id` bigint unsigned NOT NULL PRIMARY KEY,
          `authorId` varchar(36) NOT NULL,
          `title` varchar(191) NOT NULL,
          `viewCount` bigint NOT NULL DEFAULT 0,
          `published` tinyint(1) NOT NULL DEFAULT 0,
          `price` decimal(12, 4) NULL,
          `select` varchar(20) NULL,
          `metadata` json NULL
        )"""};

    /** The target: snake_case, foreign keys, an identity key. */
    public static final String[] TARGET_DDL = {
        """
        CREATE TABLE users (
          id uuid PRIMARY KEY,
          email text NOT NULL UNIQUE,
          display_name text,
          is_admin boolean NOT NULL,
          role text NOT NULL,
          created_at timestamptz NOT NULL,
          profile jsonb,
          "order" integer
        )""",
        """
        CREATE TABLE posts (
          id bigint GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
          author_id uuid NOT NULL REFERENCES users (id),
          title text NOT NULL,
          view_count integer NOT NULL,
          published boolean NOT NULL,
          price numeric(12, 2),
          "select" text,
          metadata jsonb,
          summary text
        )"""};

    private OrmDomain() {
    }

    /** The legacy DDL of an engine: {@code postgresql} or {@code mariadb}. */
    public static String[] legacyDdl(boolean mariadb) {
        List<String> ddl = new java.util.ArrayList<>(List.of(mariadb ? MARIADB_LEGACY_DDL : POSTGRES_LEGACY_DDL));
        ddl.addAll(List.of(mariadb ? MARIADB_LEGACY_ASSET_DDL : POSTGRES_LEGACY_ASSET_DDL));
        return ddl.toArray(String[]::new);
    }
}
