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
 * {@code timestamp} PgJDBC keeps the microseconds; for every date and time type it writes and reads years before 1
 * ({@code BC}) and after 9999 as PostgreSQL does (a Java ISO writer's {@code +294276-...} is refused), and
 * {@code infinity}/{@code -infinity} as the types' {@code MAX}/{@code MIN}. Immutable and thread-safe.
 */
final class JdbcObjectBinding<T, U> implements Binding<T, U> {
    private static final long serialVersionUID = 1L;

    private final Class<T> type;
    private final int sqlType;
    private final Converter<T, U> converter;

    private JdbcObjectBinding(Class<T> type, int sqlType, Converter<T, U> converter) {
        this.type = type;
        this.sqlType = sqlType;
        this.converter = converter;
    }

    /** Enum labels, as untyped text. */
    static JdbcObjectBinding<String, String> untypedText() {
        return of(String.class, Types.OTHER);
    }

    /** Values of a java.time type PgJDBC binds and reads itself. */
    static <T> JdbcObjectBinding<T, T> of(Class<T> type, int sqlType) {
        return new JdbcObjectBinding<>(type, sqlType, Converter.ofNullable(type, type, value -> value, value -> value));
    }

    /** The same, carried as another Java type. */
    static <T, U> JdbcObjectBinding<T, U> of(Class<T> type, int sqlType, Converter<T, U> converter) {
        return new JdbcObjectBinding<>(type, sqlType, converter);
    }

    @Override
    public Converter<T, U> converter() {
        return converter;
    }

    @Override
    public void sql(BindingSQLContext<U> ctx) throws SQLException {
        if (ctx.render().paramType() == ParamType.INLINED) {
            ctx.render().visit(DSL.inline(converter.to(ctx.value())));
        } else {
            ctx.render().sql(ctx.variable());
        }
    }

    @Override
    public void register(BindingRegisterContext<U> ctx) throws SQLException {
        ctx.statement().registerOutParameter(ctx.index(), sqlType == Types.OTHER ? Types.VARCHAR : sqlType);
    }

    @Override
    public void set(BindingSetStatementContext<U> ctx) throws SQLException {
        T value = ctx.value() == null ? null : converter.to(ctx.value());
        if (value == null) {
            ctx.statement().setNull(ctx.index(), sqlType);
        } else if (sqlType == Types.OTHER) {
            ctx.statement().setObject(ctx.index(), value, Types.OTHER);
        } else {
            ctx.statement().setObject(ctx.index(), value);
        }
    }

    @Override
    public void set(BindingSetSQLOutputContext<U> ctx) throws SQLException {
        throw new SQLFeatureNotSupportedException(type.getSimpleName() + " values are not written to SQL output streams");
    }

    @Override
    public void get(BindingGetResultSetContext<U> ctx) throws SQLException {
        T value = ctx.resultSet().getObject(ctx.index(), type);
        ctx.value(value == null ? null : converter.from(value));
    }

    @Override
    public void get(BindingGetStatementContext<U> ctx) throws SQLException {
        T value = ctx.statement().getObject(ctx.index(), type);
        ctx.value(value == null ? null : converter.from(value));
    }

    @Override
    public void get(BindingGetSQLInputContext<U> ctx) throws SQLException {
        throw new SQLFeatureNotSupportedException(type.getSimpleName() + " values are not read from SQL input streams");
    }
}
