package dev.cutover.examples.notes;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.servlet.util.matcher.PathPatternRequestMatcher;

/**
 * The ops console ({@code cutover.console.enabled=true}) for users with role CUTOVER_READ or CUTOVER_CHANGE (HTTP basic
 * here; any login of the application's works). CSRF protection stays on: the console's forms carry the token.
 */
@Configuration(proxyBeanMethods = false)
class ConsoleSecurity {

    @Bean
    @Order(1)
    SecurityFilterChain cutoverConsoleSecurity(HttpSecurity http) throws Exception {
        return http.securityMatcher(PathPatternRequestMatcher.withDefaults().matcher("/cutover/console/**"))
                .authorizeHttpRequests(requests -> requests.anyRequest().hasAnyRole("CUTOVER_READ", "CUTOVER_CHANGE"))
                .httpBasic(Customizer.withDefaults())
                .build();
    }
}
