package dev.cutover.docs;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The docs' links lead somewhere, and the tests guarantees.md cites exist: a renamed test or heading fails here
 * instead of leaving a page that points at nothing.
 */
class DocLinksTest {
    private static final Pattern LINK = Pattern.compile("\\]\\(([^)\\s]+)\\)");
    private static final Pattern TEST_LINK = Pattern.compile("\\[`(\\w+Test)(?:\\.(should\\w+))?`\\]\\(([^)]+\\.java)\\)");
    private static final Pattern CONTINUED_METHOD = Pattern.compile("`\\.(should\\w+)`");
    private static final Pattern CODE_SPAN = Pattern.compile("`[^`\\n]*`");

    private static List<Path> pages() throws IOException {
        List<Path> pages = new ArrayList<>();
        pages.add(Path.of("..", "README.md"));
        try (Stream<Path> files = Files.list(Path.of("."))) {
            files.filter(path -> path.toString().endsWith(".md")).sorted().forEach(pages::add);
        }
        return pages;
    }

    /** GitHub's anchor of a heading: lower case, punctuation dropped, spaces to hyphens. */
    static String anchor(String heading) {
        return heading.strip().toLowerCase(Locale.ROOT).replaceAll("[^\\p{L}\\p{N} _-]", "").replace(' ', '-');
    }

    private static Set<String> anchors(Path page) throws IOException {
        Set<String> anchors = new HashSet<>();
        boolean fenced = false;
        for (String line : Files.readAllLines(page)) {
            if (line.startsWith("```")) {
                fenced = !fenced;
            } else if (!fenced && line.startsWith("#")) {
                anchors.add(anchor(line.replaceFirst("^#+", "")));
            }
        }
        return anchors;
    }

    @Test
    void shouldLinkOnlyToFilesAndHeadingsThatExist() throws IOException {
        List<String> broken = new ArrayList<>();
        for (Path page : pages()) {
            String text = CODE_SPAN.matcher(Files.readString(page).replaceAll("(?s)```.*?```", "")).replaceAll("");
            Matcher link = LINK.matcher(text);
            while (link.find()) {
                String target = link.group(1);
                if (target.startsWith("http://") || target.startsWith("https://")) {
                    continue;
                }
                int hash = target.indexOf('#');
                String file = hash < 0 ? target : target.substring(0, hash);
                Path resolved = file.isEmpty() ? page : page.resolveSibling(file).normalize();
                if (!Files.exists(resolved)) {
                    broken.add(page + ": " + target + " (no file)");
                } else if (hash >= 0 && resolved.toString().endsWith(".md")
                        && !anchors(resolved).contains(target.substring(hash + 1))) {
                    broken.add(page + ": " + target + " (no such heading)");
                }
            }
        }
        assertThat(broken).as("broken links").isEmpty();
    }

    @Test
    void shouldCiteTestsThatExistInGuarantees() throws IOException {
        String page = Files.readString(Path.of("guarantees.md"));
        List<String> missing = new ArrayList<>();
        int cited = 0;
        for (String paragraph : page.split("\n\n")) {
            Matcher test = TEST_LINK.matcher(paragraph);
            String lastSource = null;
            int lastEnd = 0;
            while (test.find()) {
                lastSource = checkContinuedMethods(paragraph.substring(lastEnd, test.start()), lastSource, missing);
                Path file = Path.of(test.group(3));
                cited++;
                if (!file.getFileName().toString().equals(test.group(1) + ".java") || !Files.exists(file)) {
                    missing.add(test.group(1) + " -> " + file);
                    lastSource = null;
                } else {
                    lastSource = Files.readString(file);
                    if (test.group(2) != null && !lastSource.contains("void " + test.group(2) + "(")) {
                        missing.add(test.group(1) + "." + test.group(2));
                    }
                }
                lastEnd = test.end();
            }
            checkContinuedMethods(paragraph.substring(lastEnd), lastSource, missing);
        }
        assertThat(cited).as("tests cited by guarantees.md").isGreaterThan(40);
        assertThat(missing).as("tests guarantees.md cites that do not exist").isEmpty();
    }

    /** A {@code `.shouldX`} after a linked test names another method of that test. */
    private static String checkContinuedMethods(String text, String source, List<String> missing) {
        Matcher method = CONTINUED_METHOD.matcher(text);
        while (method.find()) {
            if (source == null || !source.contains("void " + method.group(1) + "(")) {
                missing.add("." + method.group(1));
            }
        }
        return source;
    }
}
