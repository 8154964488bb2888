package dev.cutover.spring.boot.console;

import dev.cutover.console.Console;
import dev.cutover.console.ConsoleAuthentication;
import dev.cutover.postgres.PostgresAdapter;
import dev.cutover.spring.boot.CutoverAutoConfiguration;
import dev.cutover.spring.boot.CutoverProperties;
import dev.cutover.spring.boot.CutoverRepository;
import dev.cutover.spring.boot.internal.CutoverMigrations;
import dev.cutover.spring.boot.internal.StarterVariables;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.web.servlet.ServletRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.util.ClassUtils;

/**
 * The ops console in the application ({@code cutover.console.enabled=true}): the same console as {@code cutover
 * console}, mapped at {@code cutover.console.path}, with the user and roles the application's Spring Security gives
 * ({@code HttpServletRequest.isUserInRole}: authorities {@code ROLE_CUTOVER_READ}, {@code ROLE_CUTOVER_CHANGE} by
 * default). Secure the path in the application's security configuration; a request without a user with either role is
 * refused by the console too. Its forms carry Spring Security's CSRF token as well as the console's.
 */
@AutoConfiguration(after = CutoverAutoConfiguration.class)
@ConditionalOnClass(name = {"dev.cutover.console.Console", "jakarta.servlet.http.HttpServlet"})
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
@ConditionalOnProperty(prefix = "cutover.console", name = "enabled", havingValue = "true")
@EnableConfigurationProperties(CutoverConsoleProperties.class)
public class CutoverConsoleAutoConfiguration {
    private static final Pattern URL_PASSWORD = Pattern.compile("(?i)password=([^&;]+)");
    private static final boolean SPRING_CSRF = ClassUtils.isPresent("org.springframework.security.web.csrf.CsrfToken",
            CutoverConsoleAutoConfiguration.class.getClassLoader());

    @Bean(destroyMethod = "close")
    @ConditionalOnMissingBean
    Console cutoverConsole(CutoverConsoleProperties console, CutoverProperties properties, PostgresAdapter postgres,
            CutoverMigrations migrations, ObjectProvider<CutoverRepository<?>> repositories) {
        // After the migrations (a parameter for that): the console reads the flag store as it starts.
        List<Class<?>> types = new ArrayList<>();
        repositories.orderedStream().forEach(r -> types.add(r.type()));
        List<String> secrets = new ArrayList<>();
        for (String secret : new String[] {properties.getLegacy().getPassword(), properties.getPostgres().getPassword()}) {
            if (secret != null) {
                secrets.add(secret);
            }
        }
        for (String url : new String[] {properties.getLegacy().getUrl(), properties.getPostgres().getUrl()}) {
            if (url != null) {
                Matcher matcher = URL_PASSWORD.matcher(url);
                while (matcher.find()) {
                    secrets.add(matcher.group(1));
                }
            }
        }
        Map<String, String> environment = System.getenv();
        return Console.builder(postgres.connections().dataSource()).repositories(types).environment(environment)
                .knownVariables(StarterVariables.in(environment)).secrets(secrets)
                .authentication(ConsoleAuthentication.container(console.getReadRole(), console.getChangeRole(),
                        SPRING_CSRF ? SpringCsrf::fields : request -> Map.of(), console.getLogoutPath()))
                .build();
    }

    @Bean
    ServletRegistrationBean<HttpServlet> cutoverConsoleServlet(Console console, CutoverConsoleProperties properties) {
        String path = properties.getPath().endsWith("/") ? properties.getPath().substring(0, properties.getPath().length() - 1)
                : properties.getPath();
        if (!path.startsWith("/") || path.length() < 2) {
            throw new IllegalArgumentException("cutover.console.path must start with / and name a path, e.g. /cutover/console;"
                    + " got '" + properties.getPath() + "'");
        }
        ServletRegistrationBean<HttpServlet> registration = new ServletRegistrationBean<>(console.servlet(), path + "/*");
        registration.setName("cutoverConsole");
        return registration;
    }

    /** Spring Security's CSRF token as a hidden field; loaded only when Spring Security is on the class path. */
    private static final class SpringCsrf {
        static Map<String, String> fields(HttpServletRequest request) {
            if (request.getAttribute(org.springframework.security.web.csrf.CsrfToken.class.getName())
                    instanceof org.springframework.security.web.csrf.CsrfToken token) {
                return Map.of(token.getParameterName(), token.getToken());
            }
            return Map.of();
        }
    }
}
