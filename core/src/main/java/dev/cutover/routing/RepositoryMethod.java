package dev.cutover.routing;

import java.util.Objects;

/**
 * One routed method of a repository interface: the unit a route is set for. Overloads share one
 * {@code RepositoryMethod} (and so one route), because operators think in method names.
 *
 * @param repository the repository's name, the interface's simple name (for example {@code ClientRepository})
 * @param method     the method's name (for example {@code findById})
 * @param kind       read or write
 * @param type       the repository interface
 */
public record RepositoryMethod(String repository, String method, MethodKind kind, Class<?> type) {
    public RepositoryMethod {
        Objects.requireNonNull(repository, "repository");
        Objects.requireNonNull(method, "method");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(type, "type");
    }

    /** {@code Repository.method}, as in logs and reports. */
    public String qualifiedName() {
        return repository + "." + method;
    }

    @Override
    public String toString() {
        return qualifiedName();
    }
}
