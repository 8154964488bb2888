-- Target (PostgreSQL) schema of the reference booking domain, shipped as a Flyway migration.
-- No foreign keys between these tables: during a migration rows arrive out of order (backfill by table,
-- mirrored writes), so referential checks are added after the cut-over, as NOT VALID then VALIDATE.

CREATE TABLE companies (
    id          bigint      PRIMARY KEY,
    name        text        NOT NULL,
    timezone    text        NOT NULL,
    created_at  timestamptz NOT NULL
);

CREATE TABLE clients (
    id             bigint        PRIMARY KEY,
    yclients_id    bigint        NOT NULL,
    company_id     bigint        NOT NULL,
    name           text          NOT NULL,
    phone          text,
    email          text,
    ai_context     jsonb,
    visit_history  jsonb,
    vip            boolean       NOT NULL DEFAULT false,
    balance        numeric(12,2) NOT NULL DEFAULT 0,
    created_at     timestamptz   NOT NULL,
    updated_at     timestamptz   NOT NULL,
    CONSTRAINT clients_yclients_id_company_id_key UNIQUE (yclients_id, company_id)
);
CREATE INDEX clients_company_id_idx ON clients (company_id, id);

CREATE TABLE staff (
    id              bigint      PRIMARY KEY,
    yclients_id     bigint      NOT NULL,
    company_id      bigint      NOT NULL,
    name            text        NOT NULL,
    specialization  text,
    preferences     jsonb,
    active          boolean     NOT NULL DEFAULT true,
    updated_at      timestamptz NOT NULL,
    CONSTRAINT staff_yclients_id_company_id_key UNIQUE (yclients_id, company_id)
);

CREATE TABLE services (
    id                bigint        PRIMARY KEY,
    yclients_id       bigint        NOT NULL,
    company_id        bigint        NOT NULL,
    title             text          NOT NULL,
    price             numeric(12,2) NOT NULL,
    duration_minutes  integer       NOT NULL,
    updated_at        timestamptz   NOT NULL,
    CONSTRAINT services_yclients_id_company_id_key UNIQUE (yclients_id, company_id)
);

CREATE TABLE bookings (
    id           bigint        PRIMARY KEY,
    yclients_id  bigint        NOT NULL,
    company_id   bigint        NOT NULL,
    client_id    bigint        NOT NULL,
    staff_id     bigint,
    service_id   bigint        NOT NULL,
    starts_at    timestamptz   NOT NULL,
    ends_at      timestamptz   NOT NULL,
    status       text          NOT NULL,
    price        numeric(12,2) NOT NULL,
    notes        text,
    updated_at   timestamptz   NOT NULL,
    CONSTRAINT bookings_yclients_id_company_id_key UNIQUE (yclients_id, company_id)
);
CREATE INDEX bookings_client_id_idx ON bookings (client_id, id);
CREATE INDEX bookings_company_id_starts_at_idx ON bookings (company_id, starts_at);

CREATE TABLE staff_services (
    staff_id        bigint NOT NULL,
    service_id      bigint NOT NULL,
    price_override  numeric(12,2),
    PRIMARY KEY (staff_id, service_id)
);
