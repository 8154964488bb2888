package dev.cutover.flags.internal;

import dev.cutover.flags.RouteFeatures;
import dev.cutover.flags.RouteVariables;
import dev.cutover.routing.RepositoryMethod;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.togglz.core.Feature;
import org.togglz.core.metadata.FeatureGroup;
import org.togglz.core.metadata.FeatureMetaData;
import org.togglz.core.repository.FeatureState;
import org.togglz.core.spi.FeatureProvider;

/** One dynamic feature per routed method, with its metadata. Immutable. */
final class RouteFeatureProvider implements FeatureProvider {
    private final Set<Feature> features;
    private final Map<String, FeatureMetaData> metaData;

    RouteFeatureProvider(List<RepositoryMethod> methods) {
        Map<String, Set<String>> featuresByRepository = new HashMap<>();
        for (RepositoryMethod method : methods) {
            featuresByRepository.computeIfAbsent(method.repository(), r -> new LinkedHashSet<>()).add(method.qualifiedName());
        }
        Map<String, FeatureGroup> groups = new HashMap<>();
        featuresByRepository.forEach((repository, names) ->
                groups.put(repository, new RepositoryGroup(repository, Set.copyOf(names))));
        Set<Feature> allFeatures = new LinkedHashSet<>();
        Map<String, FeatureMetaData> allMetaData = new HashMap<>();
        for (RepositoryMethod method : methods) {
            Feature feature = RouteFeatures.feature(method);
            if (allFeatures.add(feature)) {
                allMetaData.put(feature.name(), new MethodMetaData(feature, method, groups.get(method.repository())));
            }
        }
        this.features = Collections.unmodifiableSet(allFeatures);
        this.metaData = Map.copyOf(allMetaData);
    }

    @Override
    public Set<Feature> getFeatures() {
        return features;
    }

    @Override
    public FeatureMetaData getMetaData(Feature feature) {
        return feature == null ? null : metaData.get(feature.name());
    }

    private static final class MethodMetaData implements FeatureMetaData {
        private final Feature feature;
        private final String label;
        private final Set<FeatureGroup> groups;
        private final Map<String, String> attributes;

        MethodMetaData(Feature feature, RepositoryMethod method, FeatureGroup group) {
            this.feature = feature;
            String kind = method.kind().name().toLowerCase(Locale.ROOT);
            this.label = method.qualifiedName() + " (" + kind + ")";
            this.groups = Set.of(group);
            Map<String, String> values = new LinkedHashMap<>();
            values.put(RouteFeatures.KIND_ATTRIBUTE, kind);
            values.put(RouteFeatures.REPOSITORY_ATTRIBUTE, method.repository());
            values.put(RouteFeatures.METHOD_ATTRIBUTE, method.method());
            values.put(RouteFeatures.VARIABLE_ATTRIBUTE, RouteVariables.forMethod(method));
            this.attributes = Collections.unmodifiableMap(values);
        }

        @Override
        public String getLabel() {
            return label;
        }

        /** Legacy, the built-in default; used by Togglz only for a feature without stored state. */
        @Override
        public FeatureState getDefaultFeatureState() {
            return new FeatureState(feature, false);
        }

        @Override
        public Set<FeatureGroup> getGroups() {
            return groups;
        }

        @Override
        public Map<String, String> getAttributes() {
            return attributes;
        }
    }

    /** The features of one repository. Togglz's {@code SimpleFeatureGroup} throws from {@code contains}. */
    private static final class RepositoryGroup implements FeatureGroup {
        private final String label;
        private final Set<String> featureNames;

        RepositoryGroup(String label, Set<String> featureNames) {
            this.label = label;
            this.featureNames = featureNames;
        }

        @Override
        public String getLabel() {
            return label;
        }

        @Override
        public boolean contains(Feature feature) {
            return feature != null && featureNames.contains(feature.name());
        }

        @Override
        public String toString() {
            return label;
        }
    }
}
