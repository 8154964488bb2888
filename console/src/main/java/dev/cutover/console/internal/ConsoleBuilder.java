package dev.cutover.console.internal;

import dev.cutover.console.Console;
import dev.cutover.console.ConsoleAuthentication;
import dev.cutover.dual.Outbox;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import javax.sql.DataSource;

/** {@link Console.Builder}. */
public final class ConsoleBuilder implements Console.Builder {
    final DataSource store;
    List<Class<?>> repositories = List.of();
    Map<String, String> environment = Map.of();
    Set<String> knownVariables = Set.of();
    ConsoleAuthentication authentication;
    List<String> secrets = List.of();
    Outbox postgresOutbox;
    Outbox legacyOutbox;
    boolean secureCookies;
    Clock clock = Clock.systemUTC();

    public ConsoleBuilder(DataSource store) {
        this.store = Objects.requireNonNull(store, "store");
    }

    @Override
    public Console.Builder repositories(Collection<Class<?>> repositories) {
        Objects.requireNonNull(repositories, "repositories");
        for (Class<?> repository : repositories) {
            if (repository == null || !repository.isInterface()) {
                throw new IllegalArgumentException("A routed repository is an interface; got "
                        + (repository == null ? "null" : repository.getName()));
            }
        }
        this.repositories = List.copyOf(repositories);
        return this;
    }

    @Override
    public Console.Builder environment(Map<String, String> environment) {
        this.environment = Map.copyOf(Objects.requireNonNull(environment, "environment"));
        return this;
    }

    @Override
    public Console.Builder knownVariables(Collection<String> names) {
        this.knownVariables = Set.copyOf(Objects.requireNonNull(names, "names"));
        return this;
    }

    @Override
    public Console.Builder authentication(ConsoleAuthentication authentication) {
        this.authentication = Objects.requireNonNull(authentication, "authentication");
        return this;
    }

    @Override
    public Console.Builder secrets(Collection<String> secrets) {
        List<String> kept = new ArrayList<>();
        for (String secret : Objects.requireNonNull(secrets, "secrets")) {
            if (secret != null && !secret.isEmpty()) {
                kept.add(secret);
            }
        }
        this.secrets = List.copyOf(kept);
        return this;
    }

    @Override
    public Console.Builder postgresOutbox(Outbox outbox) {
        this.postgresOutbox = Objects.requireNonNull(outbox, "outbox");
        return this;
    }

    @Override
    public Console.Builder legacyOutbox(Outbox outbox) {
        this.legacyOutbox = Objects.requireNonNull(outbox, "outbox");
        return this;
    }

    @Override
    public Console.Builder secureCookies(boolean secure) {
        this.secureCookies = secure;
        return this;
    }

    @Override
    public Console.Builder clock(Clock clock) {
        this.clock = Objects.requireNonNull(clock, "clock");
        return this;
    }

    @Override
    public Console build() {
        if (repositories.isEmpty()) {
            throw new IllegalStateException("The console needs the application's repository interfaces: repositories(...)");
        }
        if (authentication == null) {
            throw new IllegalStateException("The console needs an authentication (passwords, proxy header or container):"
                    + " nothing is served anonymously");
        }
        return new DefaultConsole(this);
    }
}
