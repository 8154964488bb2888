package dev.cutover.docs;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.stream.Collectors;

/** Checks that a page quotes the tagged part of an example's source verbatim, so that docs and tests cannot drift. */
final class DocSnippets {
    private static final String SOURCES = "src/test/java/dev/cutover/docs/";

    private DocSnippets() {
    }

    /**
     * The lines of {@code source} (a file of this package) between {@code // tag::TAG[]} and {@code // end::TAG[]},
     * unindented by {@code indent} spaces: what a page quotes.
     */
    static String tagged(String source, String tag, int indent) {
        return tagged(Path.of(SOURCES + source), "// ", tag, indent);
    }

    /** {@link #tagged(String, String, int)} of any file, whose comments start with {@code comment}. */
    static String tagged(Path file, String comment, String tag, int indent) {
        String source = file.toString();
        String text = read(file);
        String begin = comment + "tag::" + tag + "[]\n";
        String end = comment + "end::" + tag + "[]";
        int from = text.indexOf(begin);
        int to = text.indexOf(end);
        assertThat(from).as("%s has no %s", source, begin.strip()).isNotNegative();
        assertThat(to).as("%s has no %s after its tag", source, end).isGreaterThan(from);
        String body = text.substring(from + begin.length(), text.lastIndexOf('\n', to) + 1);
        String prefix = " ".repeat(indent);
        return Arrays.stream(body.split("\n", -1))
                .map(line -> line.startsWith(prefix) ? line.substring(indent) : line)
                .collect(Collectors.joining("\n"));
    }

    /** Asserts that {@code page} (a path from the docs module) holds the tagged part as a fenced Java block. */
    static void assertQuoted(String page, String source, String tag, int indent) {
        String snippet = tagged(source, tag, indent);
        assertThat(read(Path.of(page))).as("%s must quote %s between its %s tags, unindented by %d spaces", page, source,
                tag, indent).contains("```java\n" + snippet + "```");
    }

    /**
     * Asserts that {@code page} holds the tagged part of {@code file} (a path from the docs module, such as an example
     * application's) as a fenced block of {@code language}.
     */
    static void assertQuoted(String page, Path file, String comment, String language, String tag, int indent) {
        String snippet = tagged(file, comment, tag, indent);
        assertThat(read(Path.of(page))).as("%s must quote %s between its %s tags, unindented by %d spaces", page, file,
                tag, indent).contains("```" + language + "\n" + snippet + "```");
    }

    private static String read(Path path) {
        try {
            return Files.readString(path);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
