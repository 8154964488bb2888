package dev.cutover.routing.internal;

import dev.cutover.routing.MethodKind;
import dev.cutover.routing.Read;
import dev.cutover.routing.RepositoryDefinitionException;
import dev.cutover.routing.Write;
import java.lang.reflect.Method;
import java.util.List;

/** Decides whether a repository method reads or writes: annotation first, then its name. */
public final class MethodClassifier {
    static final List<String> READ_PREFIXES = List.of("find", "get", "count", "exists", "list", "search", "load",
            "read", "fetch", "query", "scan", "stream", "select", "lookup", "is", "has");
    static final List<String> WRITE_PREFIXES = List.of("save", "insert", "update", "upsert", "delete", "remove",
            "create", "add", "put", "store", "persist", "merge", "set", "mark", "write", "clear", "purge");

    private MethodClassifier() {
    }

    public static MethodKind classify(Class<?> repository, Method method) {
        boolean read = method.isAnnotationPresent(Read.class);
        boolean write = method.isAnnotationPresent(Write.class);
        if (read && write) {
            throw new RepositoryDefinitionException(describe(repository, method)
                    + " is annotated both @Read and @Write; keep the one that is true");
        }
        if (read) {
            return MethodKind.READ;
        }
        if (write) {
            return MethodKind.WRITE;
        }
        String name = method.getName();
        if (READ_PREFIXES.stream().anyMatch(p -> startsWithWord(name, p))) {
            return MethodKind.READ;
        }
        if (WRITE_PREFIXES.stream().anyMatch(p -> startsWithWord(name, p))) {
            return MethodKind.WRITE;
        }
        throw new RepositoryDefinitionException("Cannot tell whether " + describe(repository, method)
                + " reads or writes: annotate it with @Read or @Write (dev.cutover.routing), or name it with a read prefix "
                + READ_PREFIXES + " or a write prefix " + WRITE_PREFIXES);
    }

    /** {@code findById} starts with the word {@code find}; {@code settle} does not start with {@code set}. */
    private static boolean startsWithWord(String name, String prefix) {
        return name.startsWith(prefix)
                && (name.length() == prefix.length() || !Character.isLowerCase(name.charAt(prefix.length())));
    }

    static String describe(Class<?> repository, Method method) {
        StringBuilder text = new StringBuilder(repository.getSimpleName()).append('.').append(method.getName()).append('(');
        Class<?>[] parameters = method.getParameterTypes();
        for (int i = 0; i < parameters.length; i++) {
            text.append(i == 0 ? "" : ", ").append(parameters[i].getSimpleName());
        }
        return text.append(')').toString();
    }
}
