package dev.cutover.scaffold;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;

/**
 * One generated Java source file.
 *
 * @param path the file's path relative to a source root, by its package ({@code com/example/Users.java})
 * @param content the file's text, UTF-8 when written
 */
public record GeneratedSource(String path, String content) {
    public GeneratedSource {
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(content, "content");
    }

    /** The type's simple name: {@code Users}. */
    public String typeName() {
        String file = path.substring(path.lastIndexOf('/') + 1);
        return file.substring(0, file.length() - ".java".length());
    }

    /** The type's binary name: {@code com.example.Users}. */
    public String className() {
        return path.substring(0, path.length() - ".java".length()).replace('/', '.');
    }

    /** Whether the file leaves a decision to the user, and so does not compile as it is. */
    public boolean hasChoices() {
        return content.contains("/* CHOOSE: ");
    }

    /**
     * Writes the file under {@code sourceRoot}, creating its package's directories; an existing file is replaced.
     *
     * @return the file written
     */
    public Path writeTo(Path sourceRoot) throws IOException {
        Path file = sourceRoot.resolve(path);
        Files.createDirectories(file.getParent());
        return Files.writeString(file, content, StandardCharsets.UTF_8);
    }
}
