-- Legacy schema of the reference booking domain (a test and demo fixture, not shipped to users' databases):
-- the hosted store the product moved away from. It differs from the target on purpose, as real ones do:
-- tbl_ names, other column names, JSON kept as text, booleans as 0/1 smallints, timestamps without time
-- zone holding UTC.

CREATE TABLE tbl_company (
    company_id    bigint    PRIMARY KEY,
    company_name  text      NOT NULL,
    tz            text      NOT NULL,
    created       timestamp NOT NULL
);

CREATE TABLE tbl_clients (
    client_id    bigint        PRIMARY KEY,
    yc_id        bigint        NOT NULL,
    company_id   bigint        NOT NULL,
    full_name    text          NOT NULL,
    phone        text,
    email        text,
    ai_ctx       text,
    visits_json  text,
    is_vip       smallint      NOT NULL DEFAULT 0,
    balance      numeric(12,2) NOT NULL DEFAULT 0,
    created      timestamp     NOT NULL,
    updated      timestamp     NOT NULL,
    UNIQUE (yc_id, company_id)
);
CREATE INDEX tbl_clients_company_idx ON tbl_clients (company_id, client_id);

CREATE TABLE tbl_staff (
    staff_id    bigint    PRIMARY KEY,
    yc_id       bigint    NOT NULL,
    company_id  bigint    NOT NULL,
    staff_name  text      NOT NULL,
    spec        text,
    prefs_json  text,
    is_active   smallint  NOT NULL DEFAULT 1,
    updated     timestamp NOT NULL,
    UNIQUE (yc_id, company_id)
);

CREATE TABLE tbl_services (
    service_id    bigint        PRIMARY KEY,
    yc_id         bigint        NOT NULL,
    company_id    bigint        NOT NULL,
    title         text          NOT NULL,
    price         numeric(12,2) NOT NULL,
    duration_min  integer       NOT NULL,
    updated       timestamp     NOT NULL,
    UNIQUE (yc_id, company_id)
);

CREATE TABLE tbl_records (
    record_id   bigint        PRIMARY KEY,
    yc_id       bigint        NOT NULL,
    company_id  bigint        NOT NULL,
    client_id   bigint        NOT NULL,
    staff_id    bigint,
    service_id  bigint        NOT NULL,
    dt_start    timestamp     NOT NULL,
    dt_end      timestamp     NOT NULL,
    state       text          NOT NULL,
    price       numeric(12,2) NOT NULL,
    comment     text,
    updated     timestamp     NOT NULL,
    UNIQUE (yc_id, company_id)
);
CREATE INDEX tbl_records_client_idx ON tbl_records (client_id, record_id);

CREATE TABLE tbl_staff_services (
    staff_id      bigint NOT NULL,
    service_id    bigint NOT NULL,
    custom_price  numeric(12,2),
    PRIMARY KEY (staff_id, service_id)
);
