package dev.cutover.examples.notes;

import org.springframework.boot.actuate.autoconfigure.security.servlet.EndpointRequest;
import org.springframework.boot.actuate.health.HealthEndpoint;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.web.SecurityFilterChain;

/**
 * Health for everyone; {@code /actuator/cutover} for the operators (HTTP basic, the user of spring.security.user.*),
 * whose name becomes the actor of the route changes they make there.
 */
@Configuration(proxyBeanMethods = false)
class ActuatorSecurity {

    @Bean
    SecurityFilterChain actuator(HttpSecurity http) throws Exception {
        return http.securityMatcher(EndpointRequest.toAnyEndpoint())
                .authorizeHttpRequests(requests -> requests.requestMatchers(EndpointRequest.to(HealthEndpoint.class))
                        .permitAll().anyRequest().hasRole("OPS"))
                .httpBasic(Customizer.withDefaults())
                .csrf(csrf -> csrf.disable())   // an API for tools, with basic authentication: no browser session
                .build();
    }
}
