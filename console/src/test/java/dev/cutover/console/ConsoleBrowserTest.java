package dev.cutover.console;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The console in a real browser (Debian's headless Chromium through chromedriver) over real PostgreSQL: log in, see the
 * routes, flip a route and see the application's next call served by the other backend, see a refused flip explain
 * itself, see the audit entry, log out. It also keeps the screenshots in docs/images current: run with
 * {@code -Dcutover.console.screenshots=write} to rewrite them; otherwise it checks that they exist.
 */
@Tag("slow")
class ConsoleBrowserTest {
    static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");

    static ConsoleFixture fixture;
    static WebDriver browser;
    static Path profile;

    @BeforeAll
    static void start() throws IOException {
        if (!Files.isExecutable(CHROMIUM) || !Files.isExecutable(CHROMEDRIVER)) {
            fail("The console's browser tests need Debian's Chromium and its driver at " + CHROMIUM + " and "
                    + CHROMEDRIVER + ": install them with 'apt-get install -y chromium chromium-driver' (.ci/run does)");
        }
        fixture = new ConsoleFixture("console_browser", Clock.systemUTC());
        profile = Files.createTempDirectory("cutover-console-chromium");
        ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(CHROMEDRIVER.toFile())
                .usingAnyFreePort().build();
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        options.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--disable-dev-shm-usage", "--window-size=1360,900", "--user-data-dir=" + profile);
        browser = new ChromeDriver(service, options);
    }

    @AfterAll
    static void stop() throws IOException {
        if (browser != null) {
            browser.quit();
        }
        if (fixture != null) {
            fixture.close();
        }
        if (profile != null) {
            try (var files = Files.walk(profile)) {
                files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    private static WebDriverWait waiting() {
        return new WebDriverWait(browser, Duration.ofSeconds(10));
    }

    private static WebElement find(String css) {
        return waiting().until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector(css)));
    }

    @Test
    void shouldFlipARouteRefuseAnUnsafeOneAuditAndLogOut() throws IOException {
        browser.get(fixture.url("/routes"));
        waiting().until(ExpectedConditions.urlContains("/login"));
        screenshot("login");
        find("#username").sendKeys("alice");
        find("#password").sendKeys(ConsoleFixture.ALICE_PASSWORD);
        find("#login").click();

        // The route table: every method, legacy by the built-in default, and the instance's own report beside it.
        WebElement row = find("tr[data-method='GreetingRepository.findGreeting']");
        assertThat(row.findElement(By.cssSelector("td.route")).getText()).isEqualTo("legacy");
        assertThat(find("#routes-table").getText()).contains("NoteRepository.findNote", "NoteRepository.saveNote", "app-1");
        assertThat(find("#current-user").getText()).isEqualTo("alice");
        assertThat(fixture.greetings().findGreeting("ada")).isEqualTo("legacy");
        screenshot("routes");

        // Flip: choose, preview (the checks pass), give a reason, apply.
        row.findElement(By.linkText("Change…")).click();
        new Select(find("#route")).selectByValue("postgres");
        find("#preview").click();
        assertThat(find("#checks").getText()).contains("Write loss: none found");
        assertThat(find("#steps").getText()).contains("GreetingRepository.findGreeting", "postgres (changes)");
        find("#reason").sendKeys("canary after verify run 42");
        screenshot("change-preview");
        find("#apply").click();
        WebElement audit = find("#change-audit");
        assertThat(audit.getText()).contains("alice", "GreetingRepository.findGreeting", "postgres",
                "canary after verify run 42", "via console");

        // The application's next call goes to the other backend (notified through the flag store).
        await().atMost(Duration.ofSeconds(10)).until(() -> fixture.greetings().findGreeting("ada").equals("postgres"));
        fixture.reports.report();

        // An unsafe flip: reads of NoteRepository on PostgreSQL while its writes stay on legacy. Refused, with why.
        browser.get(fixture.url("/change?target=NoteRepository.findNote&route=postgres"));
        String checks = find("#checks").getText();
        assertThat(checks).contains("Refused", "stale read", "NoteRepository.findNote", "What to do first:");
        screenshot("refused");
        find("#reason").sendKeys("try reads first");
        find("#force"); // forcing needs the box ticked: submitting without it is stopped by the browser
        find("#apply").click();
        assertThat(browser.getCurrentUrl()).contains("/change?target=NoteRepository.findNote");
        assertThat(fixture.app.routes()).filteredOn(r -> r.method().qualifiedName().equals("NoteRepository.findNote"))
                .allMatch(r -> r.decision().route().id().equals("legacy"));

        // The audit log: the flip with the declared actor and the identity the database and the console recorded.
        browser.get(fixture.url("/audit"));
        WebElement log = find("#audit");
        assertThat(log.getText()).contains("alice", "GreetingRepository.findGreeting", "unset", "postgres",
                "canary after verify run 42");
        assertThat(log.findElement(By.cssSelector("td.recorded")).getText()).contains("via console");
        screenshot("audit");

        // The health page, with a change data capture process reporting (a table paused by a schema change).
        fixture.reportCapture("default", ConsoleCaptureTest.running(12, List.of(ConsoleCaptureTest.clientsPaused())),
                Instant.now());
        browser.get(fixture.url("/health"));
        find("#instances");
        assertThat(find("#captures").getText()).contains("default", "RUNNING", "mariadb-bin.000003:81234", "0.6 s",
                "clients (legacy shop.clients) since 2026-12-07T18:05:40Z: ALTER TABLE clients ADD COLUMN email");
        screenshot("health");

        find("#logout").click();
        waiting().until(ExpectedConditions.urlContains("/login"));
        browser.get(fixture.url("/routes"));
        waiting().until(ExpectedConditions.urlContains("/login"));
        assertThat(browser.findElements(By.id("routes-table"))).isEmpty();
    }

    /** Writes the page into docs/images with -Dcutover.console.screenshots=write; otherwise checks that it is there. */
    private static void screenshot(String name) throws IOException {
        Path docs = Path.of(System.getProperty("cutover.console.docs", "../docs"));
        Path image = docs.resolve("images").resolve("console-" + name + ".png");
        if ("write".equals(System.getProperty("cutover.console.screenshots"))) {
            Path shot = ((org.openqa.selenium.TakesScreenshot) browser).getScreenshotAs(OutputType.FILE).toPath();
            Files.createDirectories(image.getParent());
            Files.copy(shot, image, StandardCopyOption.REPLACE_EXISTING);
        } else {
            assertThat(image).as("screenshot %s of docs/console.md: run this test with -Dcutover.console.screenshots=write"
                    + " to make it", name).isRegularFile();
        }
    }

    static List<String> pages() {
        return List.of("login", "routes", "change-preview", "refused", "audit", "health");
    }
}
