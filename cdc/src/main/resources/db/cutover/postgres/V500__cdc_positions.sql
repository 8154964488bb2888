-- Change data capture (cutover-cdc): where each feed is in the legacy database's log, and the legacy schema's history
-- a binlog feed needs to read it. Debezium's JDBC stores write them, one row set per feed (its name); the columns are
-- Debezium's, with the feed's name added.
CREATE TABLE cutover.cdc_offsets (
    feed              text         NOT NULL,
    id                varchar(36)  NOT NULL,
    offset_key        text,
    offset_val        text,
    record_insert_ts  timestamp    NOT NULL,
    record_insert_seq integer      NOT NULL,
    PRIMARY KEY (feed, id)
);

CREATE TABLE cutover.cdc_schema_history (
    feed              text         NOT NULL,
    id                varchar(36)  NOT NULL,
    history_data      text,
    history_data_seq  integer      NOT NULL,
    record_insert_ts  timestamp    NOT NULL,
    record_insert_seq integer      NOT NULL,
    PRIMARY KEY (feed, id, history_data_seq)
);
