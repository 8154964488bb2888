package dev.cutover.scaffold;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cutover.legacy.LegacyTable;
import dev.cutover.mapping.EntityMapping;
import dev.cutover.postgres.PostgresStore;
import java.io.File;
import java.io.IOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import javax.tools.Diagnostic;
import javax.tools.DiagnosticCollector;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.StandardJavaFileManager;
import javax.tools.ToolProvider;

/**
 * Generated sources compiled by javac in this JVM, as a user's build would: {@code -Xlint:all -Werror}, against the
 * Cutover jars the tests run with; then loaded for the test to run.
 */
final class GeneratedCode implements AutoCloseable {
    private final Path classes;
    private final List<String> errors;
    private URLClassLoader loader;

    private GeneratedCode(Path classes, List<String> errors) {
        this.classes = classes;
        this.errors = errors;
    }

    /** Compiles {@code sources} in a fresh directory under {@code root}; {@link #errors()} says what failed. */
    static GeneratedCode compile(List<GeneratedSource> sources, Path root) throws IOException {
        Path sourceRoot = Files.createDirectories(root.resolve("src"));
        Path classes = Files.createDirectories(root.resolve("classes"));
        List<Path> files = new ArrayList<>();
        for (GeneratedSource source : sources) {
            files.add(source.writeTo(sourceRoot));
        }
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        DiagnosticCollector<JavaFileObject> diagnostics = new DiagnosticCollector<>();
        List<String> errors = new ArrayList<>();
        try (StandardJavaFileManager fileManager = javac.getStandardFileManager(diagnostics, Locale.ROOT,
                StandardCharsets.UTF_8)) {
            List<String> options = List.of("-d", classes.toString(), "-classpath", classPath(), "-Xlint:all", "-Werror",
                    "-proc:none", "--release", "17", "-encoding", "UTF-8");
            boolean compiled = javac.getTask(null, fileManager, diagnostics, options, null,
                    fileManager.getJavaFileObjectsFromPaths(files)).call();
            for (Diagnostic<? extends JavaFileObject> diagnostic : diagnostics.getDiagnostics()) {
                if (diagnostic.getKind() == Diagnostic.Kind.ERROR || diagnostic.getKind() == Diagnostic.Kind.WARNING
                        || diagnostic.getKind() == Diagnostic.Kind.MANDATORY_WARNING) {
                    errors.add(describe(diagnostic));
                }
            }
            if (!compiled && errors.isEmpty()) {
                errors.add("javac failed without a diagnostic");
            }
        }
        return new GeneratedCode(classes, errors);
    }

    /** Each error and warning: {@code File.java:12: message | the source line}. */
    List<String> errors() {
        return errors;
    }

    private static String describe(Diagnostic<? extends JavaFileObject> diagnostic) {
        String line = "";
        if (diagnostic.getSource() != null && diagnostic.getLineNumber() > 0) {
            try {
                line = Files.readAllLines(Paths.get(diagnostic.getSource().toUri())).get((int) diagnostic.getLineNumber() - 1)
                        .strip();
            } catch (IOException e) {
                line = "(source unreadable: " + e + ")";
            }
        }
        String file = diagnostic.getSource() == null ? "" : Paths.get(diagnostic.getSource().toUri()).getFileName() + ":"
                + diagnostic.getLineNumber() + ": ";
        return file + diagnostic.getMessage(Locale.ROOT).replace('\n', ' ') + " | " + line;
    }

    /** A generated class, loaded (and initialised) after a successful compilation. */
    Class<?> load(String className) throws ClassNotFoundException {
        if (!errors.isEmpty()) {
            throw new IllegalStateException("The generated code did not compile: " + errors);
        }
        if (loader == null) {
            try {
                loader = new URLClassLoader(new URL[] {classes.toUri().toURL()}, GeneratedCode.class.getClassLoader());
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        }
        return Class.forName(className, true, loader);
    }

    /** The Cutover and library jars (or class directories) generated code needs, then the test class path. */
    private static String classPath() {
        Set<String> entries = new LinkedHashSet<>();
        for (Class<?> type : List.of(EntityMapping.class, LegacyTable.class, PostgresStore.class, JsonNode.class,
                org.jooq.Condition.class)) {
            try {
                entries.add(Paths.get(type.getProtectionDomain().getCodeSource().getLocation().toURI()).toString());
            } catch (URISyntaxException e) {
                throw new IllegalStateException(e);
            }
        }
        for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
            if (!entry.isBlank()) {
                entries.add(entry);
            }
        }
        return String.join(File.pathSeparator, entries);
    }

    @Override
    public void close() throws IOException {
        if (loader != null) {
            loader.close();
        }
    }
}
