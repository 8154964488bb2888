package dev.cutover.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.ThrowableProxyUtil;
import ch.qos.logback.core.read.ListAppender;
import dev.cutover.backend.ConnectionSettings;
import dev.cutover.flags.LiveRoutes;
import dev.cutover.jdbc.Redaction;
import dev.cutover.legacy.LegacyAdapter;
import dev.cutover.legacy.LegacyConfig;
import dev.cutover.legacy.LegacyDialect;
import dev.cutover.postgres.PostgresAdapter;
import dev.cutover.postgres.PostgresConfig;
import dev.cutover.testkit.TestPostgres;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.postgresql.ds.PGSimpleDataSource;
import org.slf4j.LoggerFactory;

/**
 * Every form a secret takes in a JDBC URL, for both drivers and every adapter: what Cutover throws (every cause, every
 * stack trace), what is logged while it happens (every logger, captured from logback) and every settings object's
 * {@code toString}, against servers that are not there (connection refused) and real ones. The CLI's commands have
 * their own test (CliSecretsTest).
 */
class CredentialsEverywhereTest {
    private static final String SECRET = "Hunter2-Secret-4b1d";
    private static final String POSTGRES = "jdbc:postgresql://127.0.0.1:1/app";
    private static final String MARIADB = "jdbc:mariadb://127.0.0.1:1/app";
    private static final List<String> POSTGRES_FORMS = List.of(POSTGRES + "?user=alice&password=" + SECRET,
            POSTGRES + "?sslpassword=" + SECRET + "&sslkey=/keys/" + SECRET + ".pk8",
            POSTGRES + "?user=alice&apiToken=" + SECRET + "&ssl=false", POSTGRES + "?password=" + SECRET + "&secretKey=" + SECRET);
    private static final List<String> MARIADB_FORMS = List.of(MARIADB + "?user=root&password=" + SECRET,
            MARIADB + "?user=root&trustStorePassword=" + SECRET + "&keyStorePassword=" + SECRET,
            "jdbc:mysql://127.0.0.1:1/app?user=root&password=" + SECRET + "&permitMysqlScheme");
    private final Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    private final ListAppender<ILoggingEvent> log = new ListAppender<>();

    @BeforeEach
    void captureEveryLogger() {
        log.start();
        root.addAppender(log);
    }

    @AfterEach
    void release() {
        root.detachAppender(log);
    }

    private static String everything(Throwable failure) {
        StringWriter text = new StringWriter();
        failure.printStackTrace(new PrintWriter(text));
        return text + String.join("\n", Redaction.messages(failure));
    }

    private String logged() {
        List<String> lines = new ArrayList<>();
        for (ILoggingEvent event : List.copyOf(log.list)) {
            lines.add(event.getFormattedMessage());
            if (event.getThrowableProxy() != null) {
                lines.add(ThrowableProxyUtil.asString(event.getThrowableProxy()));
            }
        }
        return String.join("\n", lines);
    }

    @Test
    void shouldShowNoSecretOfAnyFormWhenEitherAdapterCannotConnect() {
        List<ConnectionSettings> settings = new ArrayList<>();
        for (String url : POSTGRES_FORMS) {
            PostgresConfig postgres = PostgresConfig.custom().jdbcUrl(url).password(SECRET).connectionTimeout(Duration.ofSeconds(1))
                    .maximumPoolSize(1).build();
            assertThatThrownBy(() -> PostgresAdapter.create(postgres).close()).as(url)
                    .satisfies(e -> assertThat(everything(e)).doesNotContain(SECRET).contains("127.0.0.1:1"));
            LegacyConfig legacy = LegacyConfig.custom().jdbcUrl(url).password(SECRET).dialect(LegacyDialect.postgresql())
                    .connectionTimeout(Duration.ofSeconds(1)).maximumPoolSize(1).build();
            assertThatThrownBy(() -> LegacyAdapter.create(legacy).close()).as(url)
                    .satisfies(e -> assertThat(everything(e)).doesNotContain(SECRET));
            assertThat(postgres.toString() + legacy).doesNotContain(SECRET);
            settings.add(postgres.connectionSettings());
        }
        for (String url : MARIADB_FORMS) {
            LegacyConfig legacy = LegacyConfig.custom().jdbcUrl(url).password(SECRET).dialect(LegacyDialect.mariadb())
                    .connectionTimeout(Duration.ofSeconds(1)).maximumPoolSize(1).build();
            assertThatThrownBy(() -> LegacyAdapter.create(legacy).close()).as(url)
                    .satisfies(e -> assertThat(everything(e)).doesNotContain(SECRET));
            settings.add(legacy.connectionSettings());
        }
        assertThat(settings).hasSize(POSTGRES_FORMS.size() + MARIADB_FORMS.size())
                .allSatisfy(each -> assertThat(each.toString()).doesNotContain(SECRET));
        assertThat(logged()).as("every logger, Cutover's and the pool's").doesNotContain(SECRET);
    }

    @Test
    void shouldRefuseUserAndPasswordBeforeTheHostSayingWhichFormEachDriverAccepts() {
        assertThatThrownBy(() -> PostgresConfig.custom().jdbcUrl("jdbc:postgresql://alice:" + SECRET + "@127.0.0.1:5432/app"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("jdbcUrl 'jdbc:postgresql://alice:***@127.0.0.1:5432/app' puts the user (and password)"
                        + " before the host and an @, libpq's form, which PgJDBC does not accept")
                .hasMessageContaining("Write jdbc:postgresql://host:port/database?user=NAME&password=...");
        assertThatThrownBy(() -> LegacyConfig.custom().jdbcUrl("jdbc:postgresql://alice:" + SECRET + "@127.0.0.1/legacy"))
                .hasMessageContaining("which PgJDBC does not accept").message().doesNotContain(SECRET);
        assertThatThrownBy(() -> LegacyConfig.custom().jdbcUrl("jdbc:mariadb://root:" + SECRET + "@127.0.0.1:3306/legacy"))
                .hasMessageContaining("which MariaDB Connector/J does not accept")
                .hasMessageContaining("Write jdbc:mariadb://host:port/database?user=NAME&password=...")
                .message().doesNotContain(SECRET);
    }

    @Test
    void shouldShowNoSecretFromAFlagStoreOrAStatusThatCannotBeRead() {
        PGSimpleDataSource unreachable = new PGSimpleDataSource();
        unreachable.setURL(POSTGRES + "?password=" + SECRET);
        unreachable.setConnectTimeout(1);
        try (LiveRoutes routes = LiveRoutes.builder(unreachable).build()) {
            assertThat(routes.toString()).doesNotContain(SECRET);
            assertThatThrownBy(routes::entries).satisfies(e -> assertThat(everything(e)).doesNotContain(SECRET));
        }
        assertThat(TestPostgres.server().description()).doesNotContain("password=");
        assertThat(logged()).doesNotContain(SECRET);
    }
}
