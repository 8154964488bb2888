package dev.cutover.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cutover.Backend;
import dev.cutover.DataAccessException;
import java.net.UnknownHostException;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Every form a secret takes in a URL or a message, for both drivers (pure logic; the adapters' tests run them live). */
class RedactionTest {

    @Test
    void shouldRedactEveryParameterWhoseNameHoldsASecretWhateverTheSeparator() {
        assertThat(JdbcUrls.redact("jdbc:postgresql://db:5432/app?user=u&password=s3cret&ssl=true"))
                .isEqualTo("jdbc:postgresql://db:5432/app?user=u&password=***&ssl=true");
        assertThat(JdbcUrls.redact("jdbc:postgresql://db/app?sslpassword=a&sslkey=/k.pk8&sslKeyPassword=b&apiToken=c"))
                .isEqualTo("jdbc:postgresql://db/app?sslpassword=***&sslkey=***&sslKeyPassword=***&apiToken=***");
        assertThat(JdbcUrls.redact("jdbc:mariadb://db:3306/app?user=root&trustStorePassword=t1&keyStorePassword=k1"
                + "&secretKey=s1&useSsl=true")).isEqualTo("jdbc:mariadb://db:3306/app?user=root&trustStorePassword=***"
                        + "&keyStorePassword=***&secretKey=***&useSsl=true");
        assertThat(JdbcUrls.redact("jdbc:mysql://(host=db,port=3306,user=root,password=p1)/app"))
                .isEqualTo("jdbc:mysql://(host=db,port=3306,user=root,password=***)/app");
        assertThat(JdbcUrls.redact("jdbc:postgresql://db/app;PWD=x;Credentials=y")).isEqualTo("jdbc:postgresql://db/app;PWD=***;Credentials=***");
        assertThat(JdbcUrls.redact("jdbc:mariadb://u:s3cret@db:3306/app")).isEqualTo("jdbc:mariadb://u:***@db:3306/app");
        assertThat(JdbcUrls.redact("jdbc:postgresql://u:p@ss@db/app")).as("an @ in the password").isEqualTo("jdbc:postgresql://u:***@db/app");
        assertThat(JdbcUrls.redact("jdbc:postgresql://db/app")).isEqualTo("jdbc:postgresql://db/app");
        assertThat(JdbcUrls.redact(null)).isNull();
    }

    @Test
    void shouldRefuseUserInformationBeforeTheHostSayingWhichFormTheDriverAccepts() {
        assertThatThrownBy(() -> JdbcUrls.requireAcceptedForm("jdbc:postgresql://alice:s3cret@127.0.0.1:5432/app"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("jdbcUrl 'jdbc:postgresql://alice:***@127.0.0.1:5432/app' puts the user (and password) before"
                        + " the host and an @, libpq's form, which PgJDBC does not accept: it would take that part for the"
                        + " host name. Write jdbc:postgresql://host:port/database?user=NAME&password=..., or give the"
                        + " user and password as their own settings (username(...) and password(...);"
                        + " CUTOVER_POSTGRES_USER/_PASSWORD, CUTOVER_LEGACY_USER/_PASSWORD)");
        assertThatThrownBy(() -> JdbcUrls.requireAcceptedForm("jdbc:mysql://root:s3cret@db/app"))
                .hasMessageContaining("which MariaDB Connector/J does not accept")
                .hasMessageContaining("Write jdbc:mysql://host:port/database?user=NAME&password=...")
                .message().doesNotContain("s3cret");
        JdbcUrls.requireAcceptedForm("jdbc:postgresql://127.0.0.1:5432/app?user=alice&password=s3cret");
        JdbcUrls.requireAcceptedForm("jdbc:mariadb://db:3306/app?user=root&password=x@y");
    }

    @Test
    void shouldRedactSecretsInTextAsDriversWriteThem() {
        assertThat(Redaction.text("java.net.UnknownHostException: alice:s3cret@127.0.0.1"))
                .isEqualTo("java.net.UnknownHostException: alice:***@127.0.0.1");
        assertThat(Redaction.text("Could not connect with url jdbc:mariadb://db/app?trustStorePassword=t1 (password=p2, "
                + "token = t3)")).isEqualTo("Could not connect with url jdbc:mariadb://db/app?trustStorePassword=*** (password=***, "
                        + "token = ***)");
        assertThat(Redaction.text("FATAL: password authentication failed for user \"alice\" at 12:30"))
                .isEqualTo("FATAL: password authentication failed for user \"alice\" at 12:30");
        assertThat(Redaction.text("the value hunter2 leaked", "hunter2")).isEqualTo("the value *** leaked");
        assertThat(Redaction.text("URL (jdbc:oracle:thin:@db:1521/app)")).isEqualTo("URL (jdbc:oracle:thin:@db:1521/app)");
    }

    @Test
    void shouldRedactEveryCauseKeepingClassesSqlStatesAndStackTraces() {
        UnknownHostException host = new UnknownHostException("alice:s3cret@127.0.0.1");
        SQLException driver = new SQLException("The connection attempt failed: alice:s3cret@127.0.0.1", "08001", 7, host);
        driver.addSuppressed(new IllegalStateException("password=s3cret"));
        SQLTransientConnectionException transientOne = new SQLTransientConnectionException("pool: jdbc:postgresql://h/db"
                + "?password=s3cret", "08006", 0, driver);

        DataAccessException thrown = new DataAccessException(Backend.POSTGRES, "Cannot read: password=s3cret", transientOne);

        assertThat(Redaction.messages(thrown)).hasSize(5).noneMatch(message -> message.contains("s3cret"));
        assertThat(thrown.getCause()).isInstanceOf(SQLTransientConnectionException.class);
        SQLException cause = (SQLException) thrown.getCause();
        assertThat(cause.getSQLState()).isEqualTo("08006");
        assertThat(cause.getStackTrace()).isEqualTo(transientOne.getStackTrace());
        SQLException copied = (SQLException) cause.getCause();
        assertThat(List.of(copied.getSQLState(), copied.getErrorCode(), copied.getClass())).containsExactly("08001", 7,
                SQLException.class);
        assertThat(copied.getCause()).isInstanceOf(UnknownHostException.class).hasMessage("alice:***@127.0.0.1");
        assertThat(copied.getSuppressed()).singleElement().asString().isEqualTo("java.lang.IllegalStateException: password=***");
    }

    @Test
    void shouldKeepAnExceptionWithoutSecretsAsItIsAndShowTheClassOfOneItCannotCopy() {
        SQLException clean = new SQLException("duplicate key", "23505");
        assertThat(Redaction.chain(clean)).isSameAs(clean);

        Throwable odd = Redaction.chain(new Odd("token=abc"));
        assertThat(odd).isInstanceOf(RedactedException.class).hasToString(Odd.class.getName() + ": token=***");
        Throwable oddSql = Redaction.chain(new OddSql("password=abc"));
        assertThat(oddSql).isInstanceOf(RedactedSqlException.class).hasToString(OddSql.class.getName() + ": password=***");
        assertThat(((SQLException) oddSql).getSQLState()).isEqualTo("28P01");
    }

    /** An exception with no usual constructor. */
    private static final class Odd extends RuntimeException {
        private static final long serialVersionUID = 1L;

        Odd(String message) {
            super(message);
        }
    }

    private static final class OddSql extends SQLException {
        private static final long serialVersionUID = 1L;

        OddSql(String message) {
            super(message, "28P01");
        }
    }
}
