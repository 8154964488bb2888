package dev.cutover.flags;

import static dev.cutover.flags.TestRepositories.cutover;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.entry;

import dev.cutover.Cutover;
import dev.cutover.routing.RouteSource;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.togglz.core.Feature;
import org.togglz.core.manager.FeatureManager;
import org.togglz.core.metadata.FeatureGroup;
import org.togglz.core.metadata.FeatureMetaData;
import org.togglz.core.repository.FeatureState;
import org.togglz.core.util.NamedFeature;

/** The Togglz view of the routes: one feature per method, state from the environment, read-only. */
class TogglzFeaturesTest {
    private static final Feature CLIENT_FIND_BY_ID = new NamedFeature("ClientRepository.findById");
    private static final Feature CLIENT_SAVE = new NamedFeature("ClientRepository.save");
    private static final Feature BOOKING_FIND_BY_ID = new NamedFeature("BookingRepository.findById");

    /** The feature manager of routes bound by building a Cutover over the test repositories. */
    private static FeatureManager featureManager(Map<String, String> environment) {
        EnvironmentRoutes routes = EnvironmentRoutes.builder().environment(environment).build();
        try (Cutover cutover = cutover(routes)) {
            assertThat(cutover.routes()).hasSize(5);
        }
        return routes.featureManager();
    }

    @Test
    void shouldMakeOneFeaturePerRoutedMethod() {
        FeatureManager manager = featureManager(Map.of());

        assertThat(manager.getFeatures()).extracting(Feature::name).containsExactlyInAnyOrder(
                "BookingRepository.deleteById",
                "BookingRepository.findById",
                "ClientRepository.findById",
                "ClientRepository.findByYclientsId",
                "ClientRepository.save");
        assertThat(manager.getName()).isEqualTo("cutover-routes");
    }

    @Test
    void shouldDescribeEachFeatureWithItsMethod() {
        FeatureManager manager = featureManager(Map.of());

        FeatureMetaData findById = manager.getMetaData(CLIENT_FIND_BY_ID);
        FeatureMetaData save = manager.getMetaData(CLIENT_SAVE);

        assertThat(findById.getLabel()).isEqualTo("ClientRepository.findById (read)");
        assertThat(findById.getAttributes()).containsExactly(
                entry("kind", "read"),
                entry("repository", "ClientRepository"),
                entry("method", "findById"),
                entry("variable", "CUTOVER_ROUTE__CLIENT_REPOSITORY__FIND_BY_ID"));
        assertThat(save.getLabel()).isEqualTo("ClientRepository.save (write)");
        assertThat(save.getAttributes()).containsEntry("kind", "write");
    }

    @Test
    void shouldGroupFeaturesByRepository() {
        FeatureManager manager = featureManager(Map.of());

        assertThat(manager.getMetaData(CLIENT_FIND_BY_ID).getGroups()).singleElement().satisfies(group -> {
            assertThat(group.getLabel()).isEqualTo("ClientRepository");
            assertThat(group.contains(CLIENT_SAVE)).isTrue();
            assertThat(group.contains(BOOKING_FIND_BY_ID)).isFalse();
        });
        assertThat(manager.getMetaData(BOOKING_FIND_BY_ID).getGroups()).extracting(FeatureGroup::getLabel)
                .containsExactly("BookingRepository");
    }

    @Test
    void shouldEnableTheFeatureOfAMethodRoutedToPostgres() {
        FeatureManager manager = featureManager(Map.of("CUTOVER_ROUTE__CLIENT_REPOSITORY__FIND_BY_ID", "postgres"));

        FeatureState state = manager.getFeatureState(CLIENT_FIND_BY_ID);

        assertThat(state.isEnabled()).isTrue();
        assertThat(manager.isActive(CLIENT_FIND_BY_ID)).isTrue();
        assertThat(state.getParameterMap()).containsOnly(
                entry("route", "postgres"),
                entry("origin", "method"),
                entry("source", "CUTOVER_ROUTE__CLIENT_REPOSITORY__FIND_BY_ID"));
    }

    @Test
    void shouldDisableTheFeatureOfAMethodOnLegacy() {
        FeatureManager manager = featureManager(Map.of("CUTOVER_ROUTE__CLIENT_REPOSITORY__FIND_BY_ID", "postgres"));

        FeatureState state = manager.getFeatureState(CLIENT_SAVE);

        assertThat(state.isEnabled()).isFalse();
        assertThat(manager.isActive(CLIENT_SAVE)).isFalse();
        assertThat(state.getParameterMap()).containsOnly(
                entry("route", "legacy"), entry("origin", "default"), entry("source", "built-in default"));
    }

    @Test
    void shouldCarryTheOverrideInEveryFeatureState() {
        FeatureManager manager = featureManager(Map.of("CUTOVER_ROUTE_OVERRIDE", "legacy",
                "CUTOVER_ROUTE__CLIENT_REPOSITORY", "postgres"));

        assertThat(manager.getFeatures()).allSatisfy(feature -> {
            assertThat(manager.isActive(feature)).isFalse();
            assertThat(manager.getFeatureState(feature).getParameterMap()).containsOnly(
                    entry("route", "legacy"), entry("origin", "override"), entry("source", "CUTOVER_ROUTE_OVERRIDE"));
        });
    }

    @Test
    void shouldCarryTheRepositoryAndDefaultOrigins() {
        FeatureManager manager = featureManager(Map.of("CUTOVER_ROUTE__CLIENT_REPOSITORY", "postgres",
                "CUTOVER_ROUTE_DEFAULT", "postgres"));

        assertThat(manager.getFeatureState(CLIENT_SAVE).getParameterMap()).containsOnly(entry("route", "postgres"),
                entry("origin", "repository"), entry("source", "CUTOVER_ROUTE__CLIENT_REPOSITORY"));
        assertThat(manager.getFeatureState(BOOKING_FIND_BY_ID).getParameterMap()).containsOnly(entry("route", "postgres"),
                entry("origin", "default"), entry("source", "CUTOVER_ROUTE_DEFAULT"));
        assertThat(manager.isActive(BOOKING_FIND_BY_ID)).isTrue();
    }

    @Test
    void shouldAgreeWithTheRouteTable() {
        EnvironmentRoutes routes = EnvironmentRoutes.builder().environment(Map.of(
                "CUTOVER_ROUTE__CLIENT_REPOSITORY", "postgres",
                "CUTOVER_ROUTE__CLIENT_REPOSITORY__SAVE", "legacy")).build();
        try (Cutover cutover = cutover(routes)) {
            FeatureManager manager = routes.featureManager();

            assertThat(cutover.routes()).allSatisfy(route -> {
                Feature feature = RouteFeatures.feature(route.method());
                assertThat(manager.isActive(feature)).isEqualTo(route.decision().route().id().equals("postgres"));
                assertThat(manager.getFeatureState(feature).getParameter(RouteFeatures.SOURCE_PARAMETER))
                        .isEqualTo(route.decision().source());
            });
        }
    }

    @Test
    void shouldHandOutCopiesOfTheState() {
        FeatureManager manager = featureManager(Map.of());

        manager.getFeatureState(CLIENT_SAVE).setEnabled(true).setParameter("route", "postgres");

        assertThat(manager.isActive(CLIENT_SAVE)).isFalse();
        assertThat(manager.getFeatureState(CLIENT_SAVE).getParameter("route")).isEqualTo("legacy");
    }

    @Test
    void shouldRefuseToChangeAFeatureState() {
        FeatureManager manager = featureManager(Map.of());
        String message = "Cannot set the state of ClientRepository.findById: routes from environment variables are"
                + " read-only. Change CUTOVER_ROUTE__CLIENT_REPOSITORY__FIND_BY_ID (or CUTOVER_ROUTE_OVERRIDE, the"
                + " repository's variable or CUTOVER_ROUTE_DEFAULT) and restart; live flips come with the shared flag store.";

        assertThatThrownBy(() -> manager.setFeatureState(new FeatureState(CLIENT_FIND_BY_ID, true)))
                .isInstanceOf(UnsupportedOperationException.class).hasMessage(message);
        assertThatThrownBy(() -> manager.enable(CLIENT_FIND_BY_ID))
                .isInstanceOf(UnsupportedOperationException.class).hasMessage(message);
        assertThatThrownBy(() -> manager.disable(CLIENT_FIND_BY_ID))
                .isInstanceOf(UnsupportedOperationException.class).hasMessage(message);
        assertThat(manager.isActive(CLIENT_FIND_BY_ID)).isFalse();
    }

    @Test
    void shouldRefuseToChangeAnUnknownFeature() {
        FeatureManager manager = featureManager(Map.of());

        assertThatThrownBy(() -> manager.enable(new NamedFeature("ClientRepository.findAll")))
                .isInstanceOf(UnsupportedOperationException.class)
                .hasMessage("Cannot set the state of ClientRepository.findAll: it is not a routed method, and routes from"
                        + " environment variables are read-only");
    }

    @Test
    void shouldHaveNoFeatureManagerBeforeBind() {
        EnvironmentRoutes routes = EnvironmentRoutes.builder().environment(Map.of()).build();

        assertThatThrownBy(routes::featureManager)
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("No FeatureManager yet: its features are made from the routed methods when"
                        + " Cutover.builder().routes(...).build() binds this EnvironmentRoutes");
    }

    @Test
    void shouldHaveNoFeatureManagerAfterAFailedBind() {
        EnvironmentRoutes routes = EnvironmentRoutes.builder().environment(Map.of("CUTOVER_ROUTE_DEFAULT", "on")).build();
        RouteSource source = routes;
        assertThatThrownBy(() -> cutover(source)).hasMessageContaining("'on' is not a route");

        assertThatThrownBy(routes::featureManager).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void shouldNameTheFeatureOfAMethod() {
        EnvironmentRoutes routes = EnvironmentRoutes.builder().environment(Map.of()).build();
        try (Cutover cutover = cutover(routes)) {
            assertThat(cutover.routes()).allSatisfy(route -> assertThat(RouteFeatures.feature(route.method()).name())
                    .isEqualTo(route.method().repository() + "." + route.method().method()));
        }
    }
}
