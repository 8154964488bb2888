package dev.cutover.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** What the demo refuses before it starts anything, and how it says so. */
class DemoSettingsTest {
    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    private final PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);

    private String output() {
        return bytes.toString(StandardCharsets.UTF_8);
    }

    @Test
    void shouldRefuseASeedTooSmallForItsChecks() {
        assertThatThrownBy(() -> new Demo(out, 10, Map.of())).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("cutover.demo.clients must be at least 1000; got 10");
    }

    @Test
    void shouldRefuseRouteVariablesThatWouldPinTheRoutesItFlips() {
        int status = new Demo(out, 5_000, Map.of("CUTOVER_ROUTE_OVERRIDE", "legacy", "CUTOVER_ROUTE_DEFALT", "postgres",
                "CUTOVER_TEST_POSTGRES_URL", "jdbc:postgresql://localhost/test", "PATH", "/bin")).run();

        assertThat(status).isEqualTo(2);
        assertThat(output()).isEqualTo("Unset CUTOVER_ROUTE_DEFALT, CUTOVER_ROUTE_OVERRIDE and run the demo again: it flips"
                + " routes through the live flag store, which route variables would beat, and of the other CUTOVER_ variables"
                + " it reads only CUTOVER_DEMO_LEGACY_URL and CUTOVER_DEMO_POSTGRES_URL." + System.lineSeparator());
    }

    @Test
    void shouldRefuseOneDatabaseUrlWithoutTheOther() {
        int status = new Demo(out, 5_000, Map.of("CUTOVER_DEMO_POSTGRES_URL", "jdbc:postgresql://db/app?password=secret")).run();

        assertThat(status).isEqualTo(2);
        assertThat(output()).endsWith("Set both CUTOVER_DEMO_LEGACY_URL and CUTOVER_DEMO_POSTGRES_URL (JDBC URLs of PostgreSQL"
                + " servers whose user may create databases), or neither for embedded servers; only CUTOVER_DEMO_POSTGRES_URL"
                + " is set" + System.lineSeparator()).doesNotContain("secret");
    }

    @Test
    void shouldSayWhichServerItCouldNotReachWithoutShowingThePassword() {
        String url = "jdbc:postgresql://127.0.0.1:" + ProxyOutage.freePort() + "/app?user=demo&password=secret";

        int status = new Demo(out, 5_000, Map.of("CUTOVER_DEMO_POSTGRES_URL", url, "CUTOVER_DEMO_LEGACY_URL", url)).run();

        assertThat(status).isEqualTo(2);
        assertThat(output()).contains("Could not start the servers: Could not create database cutover_demo_legacy through"
                + " jdbc:postgresql://127.0.0.1:", "/app?user=demo&password=***: Connection to 127.0.0.1:", " refused",
                "[SQLState 08001]").doesNotContain("secret");
    }

    @Test
    void shouldRefuseAUrlThatIsNotPostgresqlWithoutShowingItsPassword() {
        int status = new Demo(out, 5_000, Map.of("CUTOVER_DEMO_POSTGRES_URL", "jdbc:mysql://db/app?password=secret",
                "CUTOVER_DEMO_LEGACY_URL", "jdbc:mysql://db/app?password=secret")).run();

        assertThat(status).isEqualTo(2);
        assertThat(output()).contains("CUTOVER_DEMO_POSTGRES_URL='jdbc:mysql://db/app?password=",
                "' is not a PostgreSQL JDBC URL; expected jdbc:postgresql://host[:port]/database[?user=...&password=...]")
                .doesNotContain("secret");
    }

    @Test
    void shouldKeepTheDatabasesOnlyWhenAsked() {
        assertThat(Demo.keepDatabases()).isFalse();
        assertThat(Demo.keepDatabases("--keep-databases")).isTrue();
    }

    @Test
    void shouldRefuseAnyOtherArgumentNamingTheOneItTakes() {
        assertThatThrownBy(() -> Demo.keepDatabases("--keep")).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Unknown arguments '--keep'; the demo takes none, or --keep-databases to keep its two databases"
                        + " on the servers of CUTOVER_DEMO_LEGACY_URL and CUTOVER_DEMO_POSTGRES_URL for the cutover command line");
        assertThatThrownBy(() -> Demo.keepDatabases("--keep-databases", "now")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("Unknown arguments '--keep-databases now'; ");
    }

    @Test
    void shouldRefuseToKeepDatabasesOfEmbeddedServers() {
        int status = new Demo(out, 5_000, Map.of(), true, DemoDatabases.DEFAULT).run();

        assertThat(status).isEqualTo(2);
        assertThat(output()).endsWith("--keep-databases needs CUTOVER_DEMO_LEGACY_URL and CUTOVER_DEMO_POSTGRES_URL (JDBC"
                + " URLs of PostgreSQL servers whose user may create databases): the embedded servers and their files are gone"
                + " when the demo ends" + System.lineSeparator());
    }

    @Test
    void shouldPrintTheCommandLineForTheKeptDatabasesWithoutTheirPassword() {
        String text = DemoServers.commandLine("jdbc:postgresql://127.0.0.1:5432/cutover_demo_legacy?user=postgres",
                "jdbc:postgresql://pg:5433/cutover_demo_target?user=demo&password=secret", DemoDatabases.DEFAULT);

        assertThat(text).contains("  export CUTOVER_CLASSPATH=demo/target/cutover-demo.jar" + System.lineSeparator()
                + "  export CUTOVER_LEGACY_URL='jdbc:postgresql://127.0.0.1:5432/cutover_demo_legacy?user=postgres'"
                + System.lineSeparator()
                + "  export CUTOVER_POSTGRES_URL='jdbc:postgresql://pg:5433/cutover_demo_target?user=demo&password=***'"
                + System.lineSeparator() + "  (the demo prints no password: put yours in place of ***)",
                "  bin/cutover status", "  bin/cutover flags show", "DROP DATABASE cutover_demo_legacy, cutover_demo_target")
                .doesNotContain("secret");
    }

    @Test
    void shouldTakeTheDatabaseNamesFromTheirPropertiesAndRefuseNamesItCannotUse() {
        assertThat(DemoDatabases.from(name -> null)).isEqualTo(new DemoDatabases("cutover_demo_legacy", "cutover_demo_target"));
        assertThat(DemoDatabases.from(Map.of("cutover.demo.legacy-database", "alice_legacy",
                "cutover.demo.target-database", "alice_target")::get)).isEqualTo(new DemoDatabases("alice_legacy", "alice_target"));

        assertThatThrownBy(() -> DemoDatabases.from(Map.of("cutover.demo.target-database", "Alice; DROP")::get))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("cutover.demo.target-database='Alice; DROP' is not a database name the demo can use; expected"
                        + " lower-case letters, digits and _, not starting with a digit, at most 63 characters, e.g."
                        + " -Dcutover.demo.target-database=alice_cutover_demo_target");
        assertThatThrownBy(() -> DemoDatabases.from(Map.of("cutover.demo.target-database", "cutover_demo_legacy")::get))
                .hasMessage("cutover.demo.legacy-database and cutover.demo.target-database both name database"
                        + " 'cutover_demo_legacy'; the legacy and the target database must differ");
    }
}
