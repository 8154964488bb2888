package dev.cutover.cdc.debezium.internal;

import dev.cutover.cdc.debezium.DebeziumFeedConfig;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.regex.Pattern;

/**
 * Debezium's settings for a {@link DebeziumFeedConfig}: the connector, {@code snapshot.mode=no_data} (the COPY backfill
 * moves the data), keys exact ({@code bigint.unsigned.handling.mode=precise}), TRUNCATE and DDL delivered, Cutover's
 * own tables left out, and the position kept in the target PostgreSQL through Debezium's JDBC stores, whose statements
 * are given here so that many feeds share two tables (V500), each feed reading and replacing only its own rows.
 */
public final class EngineProperties {
    /** Offsets and schema history, in the target database (created by V500). */
    public static final String OFFSETS = "cutover.cdc_offsets";
    public static final String HISTORY = "cutover.cdc_schema_history";

    private EngineProperties() {
    }

    public static Properties of(DebeziumFeedConfig config) {
        return of(config, Map.of());
    }

    /**
     * With the key columns of tables that have no primary key but a unique key the start-up checks found
     * ({@code db.table} or {@code schema.table} to columns): Debezium keys only by primary key unless told.
     */
    public static Properties of(DebeziumFeedConfig config, Map<String, List<String>> uniqueKeys) {
        Properties p = new Properties();
        if (!uniqueKeys.isEmpty()) {
            p.setProperty("message.key.columns", String.join(";", uniqueKeys.entrySet().stream()
                    .map(e -> Pattern.quote(e.getKey()) + ":" + String.join(",", e.getValue())).toList()));
        }
        String feed = "'" + config.name() + "'"; // the name is [a-z0-9_]: safe as a literal
        p.setProperty("name", config.name());
        p.setProperty("connector.class", config.legacy().connectorClass());
        p.setProperty("topic.prefix", config.name());
        p.setProperty("snapshot.mode", "no_data");
        p.setProperty("skipped.operations", "none"); // TRUNCATE is skipped by default: the sink must see it
        p.setProperty("tombstones.on.delete", "false");
        p.setProperty("database.hostname", config.host());
        p.setProperty("database.port", String.valueOf(config.port()));
        p.setProperty("database.user", config.user());
        p.setProperty("database.password", config.password());
        p.setProperty("errors.max.retries", "0"); // a failure stops the feed, whose failure() says why
        // The engine waits this long on an empty queue: Debezium's 500 ms default was the lag of a lone change
        p.setProperty("poll.interval.ms", "100");

        p.setProperty("offset.storage", "io.debezium.storage.jdbc.offset.JdbcOffsetBackingStore");
        p.setProperty("offset.flush.interval.ms", "0"); // after every batch the sink accepted
        jdbc(p, "offset.storage.jdbc.", config);
        p.setProperty("offset.storage.jdbc.table.name", "cdc_offsets");
        p.setProperty("offset.storage.jdbc.table.select", "SELECT id, offset_key, offset_val FROM " + OFFSETS
                + " WHERE feed = " + feed + " ORDER BY record_insert_ts, record_insert_seq");
        p.setProperty("offset.storage.jdbc.table.delete", "DELETE FROM " + OFFSETS + " WHERE feed = " + feed);
        p.setProperty("offset.storage.jdbc.table.insert", "INSERT INTO " + OFFSETS
                + " (feed, id, offset_key, offset_val, record_insert_ts, record_insert_seq) VALUES (" + feed + ", ?, ?, ?, ?, ?)");

        if (config.legacy().binlog()) {
            binlog(p, config, feed);
        } else {
            postgres(p, config);
        }
        return p;
    }

    private static void binlog(Properties p, DebeziumFeedConfig config, String feed) {
        p.setProperty("database.server.id", String.valueOf(config.serverId()));
        p.setProperty("database.include.list", Pattern.quote(config.database()));
        tableFilter(p, config.tables().stream().map(t -> config.database() + "." + t).toList(), config.database());
        p.setProperty("bigint.unsigned.handling.mode", "precise");
        p.setProperty("include.schema.changes", "true");
        // No global read lock for the schema snapshot (it would need RELOAD): no_data reads no rows
        p.setProperty("snapshot.locking.mode", "none");
        p.setProperty("schema.history.internal", "io.debezium.storage.jdbc.history.JdbcSchemaHistory");
        p.setProperty("schema.history.internal.store.only.captured.tables.ddl", "true");
        jdbc(p, "schema.history.internal.jdbc.", config);
        p.setProperty("schema.history.internal.jdbc.table.name", "cdc_schema_history");
        p.setProperty("schema.history.internal.jdbc.table.select", "SELECT id, history_data FROM " + HISTORY
                + " WHERE feed = " + feed + " ORDER BY record_insert_ts, record_insert_seq, id, history_data_seq");
        p.setProperty("schema.history.internal.jdbc.table.exists", "SELECT 1 FROM " + HISTORY + " WHERE feed = " + feed
                + " LIMIT 1");
        p.setProperty("schema.history.internal.jdbc.table.insert", "INSERT INTO " + HISTORY
                + " (feed, id, history_data, history_data_seq, record_insert_ts, record_insert_seq) VALUES (" + feed
                + ", ?, ?, ?, ?, ?)");
    }

    private static void postgres(Properties p, DebeziumFeedConfig config) {
        p.setProperty("database.dbname", config.database());
        p.setProperty("plugin.name", "pgoutput");
        p.setProperty("slot.name", config.slotName());
        p.setProperty("publication.name", config.slotName());
        p.setProperty("publication.autocreate.mode", "filtered"); // the captured tables only
        tableFilter(p, config.tables().stream().map(t -> t.contains(".") ? t : "public." + t).toList(), null);
    }

    /** The captured tables, or every table but Cutover's own ({@code cutover_*}) in the database or any schema. */
    private static void tableFilter(Properties p, List<String> qualified, String database) {
        if (!qualified.isEmpty()) {
            p.setProperty("table.include.list", String.join(",", qualified.stream().map(Pattern::quote).toList()));
        } else {
            p.setProperty("table.exclude.list", (database == null ? "[^.]+" : Pattern.quote(database)) + "\\.cutover_.*");
        }
    }

    private static void jdbc(Properties p, String prefix, DebeziumFeedConfig config) {
        p.setProperty(prefix + "connection.url", config.positionsUrl());
        p.setProperty(prefix + "connection.user", config.positionsUser());
        p.setProperty(prefix + "connection.password", config.positionsPassword());
    }
}
