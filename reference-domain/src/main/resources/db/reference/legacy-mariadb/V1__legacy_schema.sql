-- The legacy schema of the reference booking domain on MariaDB (a test and demo fixture, not shipped to
-- users' databases): db/reference/legacy/V1__legacy_schema.sql in MariaDB's types, bound by the same
-- LegacyTables. JSON kept as text in two ways (MariaDB's JSON, which is LONGTEXT with a json_valid check, and
-- plain MEDIUMTEXT), booleans as tinyint(1), DATETIME(6) holding UTC wall-clock time.

CREATE TABLE tbl_company (
    company_id    bigint       NOT NULL PRIMARY KEY,
    company_name  text         NOT NULL,
    tz            varchar(64)  NOT NULL,
    created       datetime(6)  NOT NULL
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4;

CREATE TABLE tbl_clients (
    client_id    bigint         NOT NULL PRIMARY KEY,
    yc_id        bigint         NOT NULL,
    company_id   bigint         NOT NULL,
    full_name    text           NOT NULL,
    phone        varchar(32),
    email        varchar(255),
    ai_ctx       json,
    visits_json  mediumtext,
    is_vip       tinyint(1)     NOT NULL DEFAULT 0,
    balance      decimal(12,2)  NOT NULL DEFAULT 0,
    created      datetime(6)    NOT NULL,
    updated      datetime(6)    NOT NULL,
    UNIQUE KEY tbl_clients_yc_company (yc_id, company_id),
    KEY tbl_clients_company_idx (company_id, client_id)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4;

CREATE TABLE tbl_staff (
    staff_id    bigint       NOT NULL PRIMARY KEY,
    yc_id       bigint       NOT NULL,
    company_id  bigint       NOT NULL,
    staff_name  text         NOT NULL,
    spec        text,
    prefs_json  json,
    is_active   tinyint(1)   NOT NULL DEFAULT 1,
    updated     datetime(6)  NOT NULL,
    UNIQUE KEY tbl_staff_yc_company (yc_id, company_id)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4;

CREATE TABLE tbl_services (
    service_id    bigint         NOT NULL PRIMARY KEY,
    yc_id         bigint         NOT NULL,
    company_id    bigint         NOT NULL,
    title         text           NOT NULL,
    price         decimal(12,2)  NOT NULL,
    duration_min  int            NOT NULL,
    updated       datetime(6)    NOT NULL,
    UNIQUE KEY tbl_services_yc_company (yc_id, company_id)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4;

CREATE TABLE tbl_records (
    record_id   bigint         NOT NULL PRIMARY KEY,
    yc_id       bigint         NOT NULL,
    company_id  bigint         NOT NULL,
    client_id   bigint         NOT NULL,
    staff_id    bigint,
    service_id  bigint         NOT NULL,
    dt_start    datetime(6)    NOT NULL,
    dt_end      datetime(6)    NOT NULL,
    state       varchar(32)    NOT NULL,
    price       decimal(12,2)  NOT NULL,
    comment     text,
    updated     datetime(6)    NOT NULL,
    UNIQUE KEY tbl_records_yc_company (yc_id, company_id),
    KEY tbl_records_client_idx (client_id, record_id)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4;

CREATE TABLE tbl_staff_services (
    staff_id      bigint         NOT NULL,
    service_id    bigint         NOT NULL,
    custom_price  decimal(12,2),
    PRIMARY KEY (staff_id, service_id)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4;
