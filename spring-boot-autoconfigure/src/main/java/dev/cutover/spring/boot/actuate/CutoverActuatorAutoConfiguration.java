package dev.cutover.spring.boot.actuate;

import dev.cutover.Cutover;
import dev.cutover.postgres.PostgresAdapter;
import dev.cutover.resilience.CutoverResilience;
import dev.cutover.spring.boot.CutoverAutoConfiguration;
import dev.cutover.spring.boot.CutoverAutoConfiguration.DualWritesHolder;
import dev.cutover.spring.boot.CutoverProperties;
import dev.cutover.spring.boot.internal.CutoverMigrations;
import dev.cutover.spring.boot.internal.PropertyRoutes;
import org.springframework.boot.actuate.autoconfigure.endpoint.condition.ConditionalOnAvailableEndpoint;
import org.springframework.boot.actuate.autoconfigure.health.ConditionalOnEnabledHealthIndicator;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;

/** The {@code cutover} Actuator endpoint and health indicator, with Spring Boot Actuator on the class path. */
@AutoConfiguration(after = CutoverAutoConfiguration.class)
@ConditionalOnClass(name = "org.springframework.boot.actuate.health.HealthIndicator")
@ConditionalOnBean(Cutover.class)
public class CutoverActuatorAutoConfiguration {

    @Bean
    @ConditionalOnMissingBean
    @ConditionalOnAvailableEndpoint
    CutoverEndpoint cutoverEndpoint(Cutover cutover, PropertyRoutes routes, PostgresAdapter postgres,
            DualWritesHolder dualWrites) {
        return new CutoverEndpoint(cutover, routes, postgres, dualWrites);
    }

    @Bean
    @ConditionalOnMissingBean(name = "cutoverHealthIndicator")
    @ConditionalOnEnabledHealthIndicator("cutover")
    CutoverHealthIndicator cutoverHealthIndicator(CutoverProperties properties, PropertyRoutes routes,
            CutoverResilience resilience, DualWritesHolder dualWrites, CutoverMigrations migrations) {
        return new CutoverHealthIndicator(routes, resilience, dualWrites, migrations,
                properties.getHealth().getOutboxAgeThreshold());
    }
}
