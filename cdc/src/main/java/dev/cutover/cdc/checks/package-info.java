/**
 * Start-up checks of a legacy database for change data capture, each problem naming its fix: the binlog on, in
 * {@code ROW} format with {@code FULL} row images, kept long enough, the replication grants (with the server's own
 * names for them), a primary key on every captured table; on a PostgreSQL legacy database {@code wal_level=logical},
 * the {@code REPLICATION} attribute and a primary key (replica identity) on every published table.
 */
package dev.cutover.cdc.checks;
