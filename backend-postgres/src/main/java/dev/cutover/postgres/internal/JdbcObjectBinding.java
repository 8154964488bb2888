package dev.cutover.postgres.internal;

import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.sql.Types;
import org.jooq.Binding;
import org.jooq.BindingGetResultSetContext;
import org.jooq.BindingGetSQLInputContext;
import org.jooq.BindingGetStatementContext;
import org.jooq.BindingRegisterContext;
import org.jooq.BindingSQLContext;
import org.jooq.BindingSetSQLOutputContext;
import org.jooq.BindingSetStatementContext;
import org.jooq.Converter;
import org.jooq.conf.ParamType;
import org.jooq.impl.DSL;

/**
 * A value handed to PgJDBC and read from it as its own Java type ({@code setObject}, {@code getObject(i, type)}), with
 * no cast in the SQL. For enum labels the parameter is untyped ({@link Types#OTHER}: PgJDBC sends no type), so that
 * PostgreSQL reads it as the type of the column it meets: a label reaches an enum column of any name without a cast
 * naming the type, and a label the type lacks fails with 22P02 like any bad value. For {@code time} and
 * {@code timestamp} PgJDBC keeps the microseconds, and writes {@code LocalDateTime.MAX}/{@code MIN} as
 * {@code infinity}/{@code -infinity}. Immutable and thread-safe.
 */
final class JdbcObjectBinding<T> implements Binding<T, T> {
    private static final long serialVersionUID = 1L;

    private final Class<T> type;
    private final int sqlType;
    private final Converter<T, T> identity;

    private JdbcObjectBinding(Class<T> type, int sqlType) {
        this.type = type;
        this.sqlType = sqlType;
        this.identity = Converter.ofNullable(type, type, value -> value, value -> value);
    }

    /** Enum labels, as untyped text. */
    static JdbcObjectBinding<String> untypedText() {
        return new JdbcObjectBinding<>(String.class, Types.OTHER);
    }

    /** Values of a java.time type PgJDBC binds and reads itself. */
    static <T> JdbcObjectBinding<T> of(Class<T> type, int sqlType) {
        return new JdbcObjectBinding<>(type, sqlType);
    }

    @Override
    public Converter<T, T> converter() {
        return identity;
    }

    @Override
    public void sql(BindingSQLContext<T> ctx) throws SQLException {
        if (ctx.render().paramType() == ParamType.INLINED) {
            ctx.render().visit(DSL.inline(ctx.value()));
        } else {
            ctx.render().sql(ctx.variable());
        }
    }

    @Override
    public void register(BindingRegisterContext<T> ctx) throws SQLException {
        ctx.statement().registerOutParameter(ctx.index(), sqlType == Types.OTHER ? Types.VARCHAR : sqlType);
    }

    @Override
    public void set(BindingSetStatementContext<T> ctx) throws SQLException {
        if (ctx.value() == null) {
            ctx.statement().setNull(ctx.index(), sqlType);
        } else if (sqlType == Types.OTHER) {
            ctx.statement().setObject(ctx.index(), ctx.value(), Types.OTHER);
        } else {
            ctx.statement().setObject(ctx.index(), ctx.value());
        }
    }

    @Override
    public void set(BindingSetSQLOutputContext<T> ctx) throws SQLException {
        throw new SQLFeatureNotSupportedException(type.getSimpleName() + " values are not written to SQL output streams");
    }

    @Override
    public void get(BindingGetResultSetContext<T> ctx) throws SQLException {
        ctx.value(ctx.resultSet().getObject(ctx.index(), type));
    }

    @Override
    public void get(BindingGetStatementContext<T> ctx) throws SQLException {
        ctx.value(ctx.statement().getObject(ctx.index(), type));
    }

    @Override
    public void get(BindingGetSQLInputContext<T> ctx) throws SQLException {
        throw new SQLFeatureNotSupportedException(type.getSimpleName() + " values are not read from SQL input streams");
    }
}
