package dev.cutover.postgres.internal;

import dev.cutover.tx.spi.StatementOutbox;
import java.util.List;
import org.jooq.QueryPart;
import org.jooq.impl.DSL;

/** Dual-write's outbox insert as a part of a jOOQ statement ({@link JooqPostgresStore}'s writes carry it). */
final class OutboxInsertPart {
    private OutboxInsertPart() {
    }

    /**
     * The outbox insert with its values as typed bind values, so that jOOQ casts them (a created-at bound as text would
     * be refused by a {@code timestamptz} column).
     */
    static QueryPart of(StatementOutbox cooperative) {
        // DSL.sql(sql, bindings) would bind '?' values untyped (varchar): the template's {n} keep each value's type.
        String sql = cooperative.outboxInsert();
        List<Object> values = cooperative.outboxValues();
        StringBuilder template = new StringBuilder(sql.length() + values.size() * 3);
        int next = 0;
        for (int i = 0; i < sql.length(); i++) {
            char c = sql.charAt(i);
            if (c == '?') {
                template.append('{').append(next++).append('}');
            } else {
                template.append(c);
            }
        }
        return DSL.sql(template.toString(), values.stream().map(DSL::val).toArray(QueryPart[]::new));
    }
}
