package dev.cutover.reference.postgres;

import java.time.Instant;
import org.jooq.Field;
import org.jooq.impl.DSL;
import org.jooq.impl.SQLDataType;

/** Typed jOOQ fields of the target schema's columns that the custom queries use. */
final class Columns {
    static final Field<Long> ID = DSL.field(DSL.name("id"), SQLDataType.BIGINT);
    static final Field<Long> COMPANY_ID = DSL.field(DSL.name("company_id"), SQLDataType.BIGINT);
    static final Field<Long> YCLIENTS_ID = DSL.field(DSL.name("yclients_id"), SQLDataType.BIGINT);
    static final Field<Long> CLIENT_ID = DSL.field(DSL.name("client_id"), SQLDataType.BIGINT);
    static final Field<Long> STAFF_ID = DSL.field(DSL.name("staff_id"), SQLDataType.BIGINT);
    static final Field<Boolean> ACTIVE = DSL.field(DSL.name("active"), SQLDataType.BOOLEAN);
    static final Field<Instant> STARTS_AT = DSL.field(DSL.name("starts_at"), SQLDataType.INSTANT);
    static final Field<String> STATUS = DSL.field(DSL.name("status"), SQLDataType.CLOB);
    static final Field<Instant> UPDATED_AT = DSL.field(DSL.name("updated_at"), SQLDataType.INSTANT);

    /** No limit for {@code findWhere}: the custom queries here are bounded by their condition. */
    static final int ALL = Integer.MAX_VALUE;

    private Columns() {
    }
}
