package dev.cutover.spring.boot.internal;

import dev.cutover.Cutover;
import dev.cutover.spring.boot.CutoverRepository;
import org.springframework.beans.factory.BeanFactory;
import org.springframework.beans.factory.config.BeanDefinition;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.beans.factory.support.BeanDefinitionRegistry;
import org.springframework.beans.factory.support.BeanDefinitionRegistryPostProcessor;
import org.springframework.beans.factory.support.RootBeanDefinition;
import org.springframework.core.ResolvableType;

/**
 * For every {@link CutoverRepository} bean, registers the routed repository ({@code Cutover.repository(type)}) as the
 * primary bean of its interface, named {@code routed<Interface>}: asking for the interface injects it. The interface
 * comes from the bean's declared type, {@code CutoverRepository<NoteRepository>}, read before any bean exists.
 */
public final class RoutedRepositories implements BeanDefinitionRegistryPostProcessor {

    @Override
    public void postProcessBeanDefinitionRegistry(BeanDefinitionRegistry registry) {
        // Everything happens once every definition is known: postProcessBeanFactory.
    }

    @Override
    public void postProcessBeanFactory(ConfigurableListableBeanFactory factory) {
        BeanDefinitionRegistry registry = (BeanDefinitionRegistry) factory;
        for (String name : factory.getBeanNamesForType(CutoverRepository.class, true, false)) {
            BeanDefinition definition = factory.getMergedBeanDefinition(name);
            Class<?> type = definition.getResolvableType().as(CutoverRepository.class).getGeneric(0).resolve();
            if (type == null || !type.isInterface()) {
                throw new IllegalStateException("Bean '" + name + "' is a CutoverRepository whose repository interface"
                        + " cannot be read from its declared type (" + definition.getResolvableType() + "); declare it as"
                        + " CutoverRepository<YourRepository>, e.g. @Bean CutoverRepository<NoteRepository> notes(...)");
            }
            register(registry, factory, type);
        }
    }

    private static <R> void register(BeanDefinitionRegistry registry, BeanFactory beans, Class<R> type) {
        RootBeanDefinition routed = new RootBeanDefinition(type, () -> beans.getBean(Cutover.class).repository(type));
        routed.setTargetType(ResolvableType.forClass(type));
        routed.setPrimary(true);
        routed.setDescription("Cutover's routed " + type.getSimpleName());
        registry.registerBeanDefinition("routed" + type.getSimpleName(), routed);
    }
}
