package dev.cutover.testkit.internal;

import java.nio.file.Files;
import java.nio.file.Path;
import org.testcontainers.DockerClientFactory;

/** Whether a Docker engine answers Testcontainers; loaded only when Testcontainers is on the class path. */
final class Docker {
    private Docker() {
    }

    static boolean answers() {
        // Asking Testcontainers with no engine configured logs a page of errors; the usual places first.
        boolean configured = System.getenv("DOCKER_HOST") != null
                || Files.exists(Path.of("/var/run/docker.sock"))
                || Files.exists(Path.of(System.getProperty("user.home"), ".testcontainers.properties"));
        if (!configured) {
            return false;
        }
        try {
            return DockerClientFactory.instance().isDockerAvailable();
        } catch (RuntimeException | LinkageError e) {
            return false;
        }
    }
}
