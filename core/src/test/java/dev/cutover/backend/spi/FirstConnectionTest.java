package dev.cutover.backend.spi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cutover.Backend;
import dev.cutover.DataAccessException;
import dev.cutover.backend.ConnectionSettings;
import java.sql.SQLException;
import org.junit.jupiter.api.Test;

/** One wording for every backend's failed start; real refusals are tested against PostgreSQL in each backend. */
class FirstConnectionTest {
    private static final String URL = "jdbc:example://db:5432/booking?password=url-Secret-1";

    static final class Builder extends ConnectionSettings.Builder<Builder> {
        Builder() {
            super("ExampleConfig", "jdbc:", "cutover-example");
        }

        @Override
        protected Builder self() {
            return this;
        }

        ConnectionSettings build() {
            return connectionSettings();
        }
    }

    @Test
    void shouldReturnThePoolThatStarted() {
        ConnectionSettings settings = new Builder().jdbcUrl(URL).build();

        assertThat(FirstConnection.open(Backend.POSTGRES, "PostgreSQL", "pool-1", settings, () -> "started"))
                .isEqualTo("started");
    }

    @Test
    void shouldNameDatabaseUrlUserPoolAndSqlStateKeepingTheDriversException() {
        ConnectionSettings settings = new Builder().jdbcUrl(URL).username("app").password("field-Secret-2").build();
        SQLException refusal = new SQLException("FATAL: password authentication failed for user \"app\"", "28P01");

        assertThatThrownBy(() -> FirstConnection.open(Backend.LEGACY, "the legacy database", "pool-1", settings, () -> {
            throw new IllegalStateException("Failed to initialize pool", new RuntimeException(refusal));
        }))
                .isInstanceOfSatisfying(DataAccessException.class, e -> {
                    assertThat(e.backend()).isEqualTo(Backend.LEGACY);
                    assertThat(e.sqlState()).isEqualTo("28P01");
                    assertThat(e.getCause()).isSameAs(refusal);
                })
                .hasMessage("Cannot connect to the legacy database at jdbc:example://db:5432/booking?password=*** as user "
                        + "'app' (pool pool-1, SQLState 28P01): FATAL: password authentication failed for user \"app\"");
    }

    @Test
    void shouldHideThePasswordAndTheRawUrlShouldAMessageEchoThem() {
        ConnectionSettings settings = new Builder().jdbcUrl(URL).password("field-Secret-2").build();
        RuntimeException failure = new RuntimeException("Failed for jdbcUrl=" + URL + " with field-Secret-2");

        assertThatThrownBy(() -> FirstConnection.open(Backend.POSTGRES, "PostgreSQL", "pool-1", settings, () -> {
            throw failure;
        }))
                .isInstanceOfSatisfying(DataAccessException.class, e -> {
                    assertThat(e.sqlState()).isNull();
                    // The cause holds secrets: Cutover chains a copy of it without them, same class and stack trace.
                    assertThat(e.getCause()).isExactlyInstanceOf(RuntimeException.class)
                            .hasMessage("Failed for jdbcUrl=jdbc:example://db:5432/booking?password=*** with ***");
                    assertThat(e.getCause().getStackTrace()).isEqualTo(failure.getStackTrace());
                })
                .hasMessage("Cannot connect to PostgreSQL at jdbc:example://db:5432/booking?password=*** (pool pool-1): "
                        + "Failed for jdbcUrl=jdbc:example://db:5432/booking?password=*** with ***");
    }
}
