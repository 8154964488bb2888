package dev.cutover.routing;

import dev.cutover.routing.internal.MethodClassifier;
import java.lang.reflect.Method;

/** Whether a repository method reads or writes. Decides what a dual route does with it. */
public enum MethodKind {
    READ,
    WRITE;

    /**
     * The kind of {@code method} of {@code repository}, as the router classifies it: {@link Read @Read} or
     * {@link Write @Write}, else the first word of its name ({@code find...}, {@code save...}, ...).
     *
     * @throws RepositoryDefinitionException naming the method, if it is annotated both ways or its name does not tell
     */
    public static MethodKind of(Class<?> repository, Method method) {
        return MethodClassifier.classify(repository, method);
    }
}
