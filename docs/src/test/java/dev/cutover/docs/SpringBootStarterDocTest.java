package dev.cutover.docs;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * docs/embedding.md's starter section quotes the example application (examples/spring-boot) verbatim; that
 * application's own tests run it on real PostgreSQL and MariaDB, over HTTP.
 */
class SpringBootStarterDocTest {
    private static final Path EXAMPLE = Path.of("../examples/spring-boot/src/main");

    @Test
    void shouldQuoteTheExampleApplicationsRepositoriesAndRoutes() {
        DocSnippets.assertQuoted("embedding.md", EXAMPLE.resolve("java/dev/cutover/examples/notes/NotesApplication.java"),
                "// ", "java", "repositories", 4);
        DocSnippets.assertQuoted("embedding.md", EXAMPLE.resolve("resources/application.properties"), "# ", "properties",
                "routes", 0);
    }
}
