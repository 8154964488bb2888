package dev.cutover.cli.internal.commands;

import dev.cutover.cli.CutoverApplication;
import dev.cutover.cli.internal.CliException;
import dev.cutover.cli.internal.ExitCode;
import dev.cutover.cli.internal.Setting;
import dev.cutover.cli.internal.Settings;
import dev.cutover.console.Console;
import dev.cutover.console.ConsoleAuthentication;
import dev.cutover.console.ConsoleServer;
import dev.cutover.console.ConsoleUsers;
import dev.cutover.dual.Outbox;
import dev.cutover.legacy.LegacyAdapter;
import dev.cutover.legacy.outbox.LegacyOutbox;
import dev.cutover.postgres.outbox.PostgresOutbox;
import dev.cutover.routing.RouteConfigurationException;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code cutover console}: the ops console over this environment's databases, on 127.0.0.1 unless told otherwise. */
@Command(name = "console", mixinStandardHelpOptions = true,
        description = {"Serve the ops console: routes, flips with their checks, the audit log, health (docs/console.md).",
                "Serves the console over CUTOVER_POSTGRES_URL's migration tables (and CUTOVER_LEGACY_URL's outbox if set),"
                + " behind a login: users from CUTOVER_CONSOLE_USERS_FILE or CUTOVER_CONSOLE_USERS (bcrypt hashes), or an"
                + " authenticating proxy's header (CUTOVER_CONSOLE_PROXY_HEADER with CUTOVER_CONSOLE_TRUSTED_PROXIES).",
                "Runs until stopped (Ctrl-C). Exit status: 0 stopped, 2 could not start."})
public final class ConsoleCommand extends CliCommand {
    private static final Pattern URL_PASSWORD = Pattern.compile("(?i)password=([^&;]+)");

    @Option(names = "--host", paramLabel = "ADDRESS", defaultValue = "127.0.0.1",
            description = "The address to listen on (default ${DEFAULT-VALUE}: this machine only; 0.0.0.0 for every"
                    + " interface, behind TLS).")
    String host;

    @Option(names = "--port", paramLabel = "PORT", defaultValue = "8080",
            description = "The port to listen on (default ${DEFAULT-VALUE}; 0 for any free port).")
    int port;

    @Option(names = "--hash-password", description = "Read a password from standard input, print its bcrypt hash for a"
            + " users file line (name:role:hash) and exit.")
    boolean hashPassword;

    @Override
    public Integer call() throws IOException, InterruptedException {
        if (hashPassword) {
            return hash();
        }
        if (port < 0 || port > 65_535) {
            throw new CliException("--port takes 0 to 65535; got " + port);
        }
        Settings settings = session().settings();
        ConsoleAuthentication authentication = authentication(settings);
        CutoverApplication application = session().application();
        Console.Builder builder = Console.builder(session().postgres().connections().dataSource())
                .repositories(application.repositories()).knownVariables(application.knownVariables())
                .environment(cli().environment()).authentication(authentication).secrets(secrets(settings))
                .postgresOutbox(Outbox.table(session().postgres().connections(), PostgresOutbox.sql(PostgresOutbox.TABLE)))
                .secureCookies(Boolean.parseBoolean(settings.get(Setting.CONSOLE_SECURE_COOKIES).orElse("false")));
        if (settings.get(Setting.LEGACY_URL).isPresent()) {
            LegacyAdapter legacy = session().legacy();
            builder.legacyOutbox(Outbox.table(legacy.connections(), LegacyOutbox.sql(legacy.dialect())));
        }
        Console console;
        try {
            console = builder.build();
        } catch (RouteConfigurationException e) {
            throw new CliException("invalid-route-configuration", e.getMessage(), "fix the variables or entries listed"
                    + " ('cutover flags validate' lists them too)", e);
        }
        try (console; ConsoleServer server = ConsoleServer.start(console, host, port)) {
            out().println("Cutover console at " + server.url() + " (" + authentication.mode().name().toLowerCase(Locale.ROOT)
                    .replace('_', ' ') + " login); Ctrl-C to stop");
            out().flush();
            server.join();
        } catch (IllegalStateException e) {
            throw new CliException(e.getMessage(), e);
        }
        return ExitCode.OK;
    }

    private static ConsoleAuthentication authentication(Settings settings) {
        List<String> ways = new ArrayList<>();
        settings.get(Setting.CONSOLE_USERS_FILE).ifPresent(v -> ways.add(Setting.CONSOLE_USERS_FILE.variable()));
        settings.get(Setting.CONSOLE_USERS).ifPresent(v -> ways.add(Setting.CONSOLE_USERS.variable()));
        settings.get(Setting.CONSOLE_PROXY_HEADER).ifPresent(v -> ways.add(Setting.CONSOLE_PROXY_HEADER.variable()));
        if (ways.size() != 1) {
            throw new CliException("console-login", (ways.isEmpty() ? "The console serves nothing anonymously: set"
                    : "Choose one way to log in, not " + String.join(" and ", ways) + ": set") + " one of "
                    + Setting.CONSOLE_USERS_FILE.variable() + " (a users file), " + Setting.CONSOLE_USERS.variable()
                    + " (users in the variable) or " + Setting.CONSOLE_PROXY_HEADER.variable() + " (with "
                    + Setting.CONSOLE_TRUSTED_PROXIES.variable() + "); make a users line with 'cutover console"
                    + " --hash-password' (docs/console.md)", null, null);
        }
        try {
            if (settings.get(Setting.CONSOLE_USERS_FILE).isPresent()) {
                return ConsoleAuthentication.passwords(ConsoleUsers.read(Path.of(settings.get(Setting.CONSOLE_USERS_FILE)
                        .get())));
            }
            if (settings.get(Setting.CONSOLE_USERS).isPresent()) {
                return ConsoleAuthentication.passwords(ConsoleUsers.parse(settings.get(Setting.CONSOLE_USERS).get(),
                        Setting.CONSOLE_USERS.variable()));
            }
            return ConsoleAuthentication.proxyHeader(settings.get(Setting.CONSOLE_PROXY_HEADER).get(),
                    list(settings.get(Setting.CONSOLE_TRUSTED_PROXIES).orElse("")),
                    list(settings.get(Setting.CONSOLE_PROXY_CHANGERS).orElse("")));
        } catch (IllegalArgumentException e) {
            throw new CliException("console-login", e.getMessage(), null, e);
        }
    }

    private static List<String> list(String value) {
        return Arrays.stream(value.split(",")).map(String::strip).filter(s -> !s.isEmpty()).toList();
    }

    /** The passwords of the settings and of the URLs: never shown on a page. */
    private static List<String> secrets(Settings settings) {
        List<String> secrets = new ArrayList<>();
        for (Setting setting : Setting.values()) {
            if (setting.secret() && setting != Setting.CONSOLE_USERS) {
                settings.get(setting).ifPresent(secrets::add);
            }
        }
        for (Setting url : List.of(Setting.LEGACY_URL, Setting.POSTGRES_URL)) {
            settings.get(url).ifPresent(value -> {
                Matcher matcher = URL_PASSWORD.matcher(value);
                while (matcher.find()) {
                    secrets.add(matcher.group(1));
                }
            });
        }
        return secrets;
    }

    private int hash() throws IOException {
        char[] password;
        if (System.console() != null) {
            password = System.console().readPassword("Password: ");
        } else {
            String line = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)).readLine();
            password = line == null ? new char[0] : line.toCharArray();
        }
        try {
            out().println(ConsoleUsers.hash(password == null ? new char[0] : password));
        } catch (IllegalArgumentException e) {
            throw new CliException(e.getMessage(), e);
        } finally {
            if (password != null) {
                Arrays.fill(password, ' ');
            }
        }
        return ExitCode.OK;
    }
}
