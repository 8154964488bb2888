package dev.cutover.resilience.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cutover.Backend;
import dev.cutover.DataAccessException;
import dev.cutover.resilience.BackendBusyException;
import dev.cutover.resilience.BackendTimeoutException;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class FailureKindTest {

    private static DataAccessException state(String sqlState) {
        return new DataAccessException(Backend.POSTGRES, "failed", new SQLException("failed", sqlState));
    }

    @Test
    void shouldTellUnavailabilityFromABadCall() {
        assertThat(FailureKind.of(state("08006"))).isEqualTo(FailureKind.CONNECTION);
        assertThat(FailureKind.of(state("08001"))).isEqualTo(FailureKind.CONNECTION);
        assertThat(FailureKind.of(state("57P01"))).isEqualTo(FailureKind.UNAVAILABLE);
        assertThat(FailureKind.of(state("53300"))).isEqualTo(FailureKind.UNAVAILABLE);
        assertThat(FailureKind.of(state("58030"))).isEqualTo(FailureKind.UNAVAILABLE);
        assertThat(FailureKind.of(state("57014"))).isEqualTo(FailureKind.TIMEOUT);
        assertThat(FailureKind.of(state("23505"))).isEqualTo(FailureKind.OTHER);
        assertThat(FailureKind.of(state("40001"))).isEqualTo(FailureKind.OTHER);
        assertThat(FailureKind.of(new IllegalStateException("bug"))).isEqualTo(FailureKind.OTHER);
        assertThat(FailureKind.of(new RuntimeException(new SQLTransientConnectionException("pool - Connection is not available"))))
                .isEqualTo(FailureKind.CONNECTION);
        assertThat(FailureKind.of(new BackendTimeoutException(Backend.POSTGRES, "R.find", Duration.ofMillis(5), null)))
                .isEqualTo(FailureKind.TIMEOUT);
        assertThat(FailureKind.of(new BackendBusyException(Backend.POSTGRES, "R.find", 1, 1, null))).isEqualTo(FailureKind.BUSY);
    }

    @Test
    void shouldTagErrorsBySqlStateClassOrCutoversOwnCondition() {
        assertThat(FailureKind.errorTag(state("08006"))).isEqualTo("08");
        assertThat(FailureKind.errorTag(state("23505"))).isEqualTo("23");
        assertThat(FailureKind.errorTag(state("x!"))).isEqualTo("none");
        assertThat(FailureKind.errorTag(new IllegalStateException())).isEqualTo("none");
        assertThat(FailureKind.errorTag(new BackendTimeoutException(Backend.LEGACY, "R.find", Duration.ofMillis(5), null)))
                .isEqualTo("timeout");
    }

    @Test
    void shouldFindTheSqlStateDeepInTheCausesAndSurviveACycle() {
        RuntimeException outer = new RuntimeException(new IllegalStateException(new SQLException("lost", "08003")));
        assertThat(FailureKind.sqlState(outer)).isEqualTo("08003");
        RuntimeException a = new RuntimeException("a");
        RuntimeException b = new RuntimeException("b", a);
        a.initCause(b);
        assertThat(FailureKind.sqlState(a)).isNull();
        assertThat(FailureKind.of(a)).isEqualTo(FailureKind.OTHER);
    }
}
