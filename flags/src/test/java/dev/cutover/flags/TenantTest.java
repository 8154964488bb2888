package dev.cutover.flags;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cutover.routing.Tenant;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The tenant of the current call: set around work, nested, restored, never blank. */
class TenantTest {

    @Test
    void shouldHaveNoTenantOutsideRunAndCall() {
        assertThat(Tenant.current()).isNull();
    }

    @Test
    void shouldSetTheTenantForTheWorkAndRestoreTheOuterOne() {
        List<String> seen = new ArrayList<>();

        Tenant.run("acme", () -> {
            seen.add(Tenant.current());
            seen.add(Tenant.call("globex", Tenant::current));
            seen.add(Tenant.current());
        });

        assertThat(seen).containsExactly("acme", "globex", "acme");
        assertThat(Tenant.current()).isNull();
    }

    @Test
    void shouldRestoreTheTenantWhenTheWorkThrows() {
        assertThatThrownBy(() -> Tenant.call("acme", () -> {
            throw new IOException("disk full");
        })).isInstanceOf(IOException.class).hasMessage("disk full");

        assertThat(Tenant.current()).isNull();
    }

    @Test
    void shouldRefuseABlankTenant() {
        assertThatThrownBy(() -> Tenant.run(" ", () -> { }))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("A tenant id cannot be blank; leave the tenant unset instead");
    }

    @Test
    void shouldKeepTheTenantOnItsThread() throws InterruptedException {
        String[] other = new String[1];
        Tenant.run("acme", () -> {
            Thread thread = new Thread(() -> other[0] = String.valueOf(Tenant.current()));
            thread.start();
            try {
                thread.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });

        assertThat(other[0]).isEqualTo("null");
    }
}
