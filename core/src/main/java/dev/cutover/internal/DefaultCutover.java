package dev.cutover.internal;

import dev.cutover.Backend;
import dev.cutover.Cutover;
import dev.cutover.backend.BackendAdapter;
import dev.cutover.routing.MethodRoute;
import dev.cutover.routing.MethodKind;
import dev.cutover.routing.RepositoryDefinitionException;
import dev.cutover.routing.RepositoryMethod;
import dev.cutover.routing.Route;
import dev.cutover.routing.RouteConfigurationException;
import dev.cutover.routing.RouteDecision;
import dev.cutover.routing.RouteNotSupportedException;
import dev.cutover.routing.RouteSource;
import dev.cutover.routing.RouteSwitch;
import dev.cutover.routing.internal.RouterFactory;
import dev.cutover.routing.internal.RoutingPolicy;
import dev.cutover.routing.spi.BackendCallDecorator;
import dev.cutover.routing.spi.RouteHandler;
import dev.cutover.tx.TransactionCallback;
import dev.cutover.tx.TransactionRunnable;
import dev.cutover.tx.spi.UnitOfWork;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The {@link Cutover} built by {@link Cutover#builder()}. */
public final class DefaultCutover implements Cutover {
    private static final Logger LOG = LoggerFactory.getLogger(Cutover.class);

    private final Map<Class<?>, Object> repositories;
    private final List<RepositoryMethod> methods;
    private final List<RouteSwitch> switches;
    private final List<AutoCloseable> closeables;
    private final RoutingPolicy policy;
    private final AtomicBoolean closed = new AtomicBoolean();

    private DefaultCutover(DefaultBuilder builder) {
        this.methods = new ArrayList<>();
        Map<String, Class<?>> names = new HashMap<>();
        for (RouterFactory.Registration<?> registration : builder.registrations.values()) {
            Class<?> clash = names.putIfAbsent(registration.type().getSimpleName(), registration.type());
            if (clash != null) {
                throw new RepositoryDefinitionException("Two repositories are named " + clash.getSimpleName() + ": "
                        + clash.getName() + " and " + registration.type().getName()
                        + "; route names must be unique, so rename one interface");
            }
            methods.addAll(registration.methods());
        }
        this.switches = List.copyOf(builder.routeSource.bind(List.copyOf(methods)));
        try {
            this.policy = new RoutingPolicy(builder.handlers, builder.decorators);
            checkBound(builder);
            checkSupported();
            Map<RepositoryMethod, Integer> indexOf = new HashMap<>();
            for (int i = 0; i < methods.size(); i++) {
                indexOf.put(methods.get(i), i);
            }
            Map<Class<?>, Object> proxies = new LinkedHashMap<>();
            builder.registrations.forEach((type, registration) ->
                    proxies.put(type, registration.createProxy(this, indexOf, switches, policy)));
            this.repositories = Map.copyOf(proxies);
        } catch (RuntimeException e) {
            // A bound live route source polls on a thread of its own: whatever fails after binding must not leak it.
            if (builder.routeSource instanceof AutoCloseable closeable) {
                try {
                    closeable.close();
                } catch (Exception closeFailure) {
                    e.addSuppressed(closeFailure);
                }
            }
            throw e;
        }
        List<AutoCloseable> owned = new ArrayList<>(builder.closeables);
        java.util.Collections.reverse(owned);
        if (builder.routeSource instanceof AutoCloseable closeableSource) {
            owned.add(closeableSource);
        }
        if (builder.postgres != null) {
            owned.add(builder.postgres);
        }
        if (builder.legacy != null) {
            owned.add(builder.legacy);
        }
        this.closeables = List.copyOf(owned);
        if (LOG.isInfoEnabled()) {
            StringBuilder table = new StringBuilder("Cutover routes:");
            routes().forEach(route -> table.append("\n  ").append(route));
            LOG.info(table.toString());
        }
    }

    private void checkBound(DefaultBuilder builder) {
        if (switches.size() != methods.size()) {
            throw new IllegalStateException(builder.routeSource.getClass().getName() + " bound " + switches.size()
                    + " route switches for " + methods.size() + " methods");
        }
    }

    /** A dual route serves only the kinds whose handler is installed; say which is missing, for every method. */
    private void checkSupported() {
        List<String> problems = new ArrayList<>();
        for (int i = 0; i < methods.size(); i++) {
            RouteDecision decision = switches.get(i).current();
            RepositoryMethod method = methods.get(i);
            if (decision.route().isDual() && policy.handler(decision.route(), method.kind()) == null) {
                problems.add(decision.source() + " routes " + method.qualifiedName() + " to '" + decision.route().id()
                        + "', but nothing handles " + (method.kind() == MethodKind.READ ? "reads" : "writes")
                        + " on it: " + RouteNotSupportedException.remedy(method));
            }
        }
        if (!problems.isEmpty()) {
            throw new RouteConfigurationException(problems);
        }
    }

    @Override
    public <R> R repository(Class<R> type) {
        Object repository = repositories.get(type);
        if (repository == null) {
            throw new IllegalArgumentException("No repository " + (type == null ? "null" : type.getName())
                    + " was registered; registered: " + repositories.keySet().stream().map(Class::getSimpleName).sorted().toList());
        }
        return type.cast(repository);
    }

    @Override
    public List<MethodRoute> routes() {
        List<MethodRoute> routes = new ArrayList<>(methods.size());
        for (int i = 0; i < methods.size(); i++) {
            routes.add(new MethodRoute(methods.get(i), switches.get(i).current()));
        }
        return List.copyOf(routes);
    }

    @Override
    public <T, X extends Throwable> T transactionResult(TransactionCallback<T, X> work) throws X {
        Objects.requireNonNull(work, "work");
        UnitOfWork running = UnitOfWork.current();
        if (running != null) {
            try {
                return work.run();
            } catch (Throwable failure) {
                // A nested unit joins the outer one: its failure, caught outside or not, leaves the outer unit rollback-only.
                running.setRollbackOnly("a nested Cutover.transaction in it failed (" + failure + ")", null, failure);
                throw failure;
            }
        }
        RouteDecision[] pinned = new RouteDecision[switches.size()];
        for (int i = 0; i < pinned.length; i++) {
            pinned[i] = switches.get(i).current();
        }
        UnitOfWork unit = UnitOfWork.begin();
        unit.bindResource(this, pinned); // the router's key: its calls in the unit take these routes
        T result;
        try {
            result = work.run();
        } catch (Throwable failure) {
            try {
                unit.finish(false);
            } catch (RuntimeException rollbackFailure) {
                failure.addSuppressed(rollbackFailure);
            }
            throw failure;
        }
        unit.finish(true);
        return result;
    }

    @Override
    public <X extends Throwable> void transaction(TransactionRunnable<X> work) throws X {
        Objects.requireNonNull(work, "work");
        transactionResult(() -> {
            work.run();
            return null;
        });
    }

    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        RuntimeException failure = null;
        for (AutoCloseable closeable : closeables) {
            try {
                closeable.close();
            } catch (Exception e) {
                RuntimeException wrapped = e instanceof RuntimeException r ? r
                        : new IllegalStateException("Closing " + closeable + " failed: " + e.getMessage(), e);
                if (failure == null) {
                    failure = wrapped;
                } else {
                    failure.addSuppressed(wrapped);
                }
            }
        }
        if (failure != null) {
            throw failure;
        }
    }

    /** Collects the configuration; {@link #build()} validates all of it. */
    public static final class DefaultBuilder implements Cutover.Builder {
        private BackendAdapter legacy;
        private BackendAdapter postgres;
        private RouteSource routeSource;
        private final Map<Class<?>, RouterFactory.Registration<?>> registrations = new LinkedHashMap<>();
        private final RouteHandler[][] handlers = new RouteHandler[Route.values().length][MethodKind.values().length];
        private final List<BackendCallDecorator> decorators = new ArrayList<>();
        private final List<AutoCloseable> closeables = new ArrayList<>();

        @Override
        public Builder legacy(BackendAdapter adapter) {
            this.legacy = checkSide(adapter, Backend.LEGACY);
            return this;
        }

        @Override
        public Builder postgres(BackendAdapter adapter) {
            this.postgres = checkSide(adapter, Backend.POSTGRES);
            return this;
        }

        @Override
        public Builder routes(RouteSource source) {
            this.routeSource = Objects.requireNonNull(source, "source");
            return this;
        }

        @Override
        public <R> Builder repository(Class<R> type, R legacyImplementation, R postgresImplementation) {
            if (type != null && registrations.containsKey(type)) {
                throw new RepositoryDefinitionException("Repository " + type.getName() + " is registered twice");
            }
            RouterFactory.Registration<R> registration =
                    new RouterFactory.Registration<>(type, legacyImplementation, postgresImplementation);
            registrations.put(type, registration);
            return this;
        }

        @Override
        public Builder handle(Route route, MethodKind kind, RouteHandler handler) {
            Objects.requireNonNull(route, "route");
            Objects.requireNonNull(kind, "kind");
            Objects.requireNonNull(handler, "handler");
            if (handlers[route.ordinal()][kind.ordinal()] != null) {
                throw new IllegalStateException("A handler for " + kind.name().toLowerCase(java.util.Locale.ROOT)
                        + "s on route '" + route.id() + "' is already registered");
            }
            handlers[route.ordinal()][kind.ordinal()] = handler;
            return this;
        }

        @Override
        public Builder decorateBackendCalls(BackendCallDecorator decorator) {
            decorators.add(Objects.requireNonNull(decorator, "decorator"));
            return this;
        }

        @Override
        public Builder closeOnClose(AutoCloseable resource) {
            closeables.add(Objects.requireNonNull(resource, "resource"));
            return this;
        }

        @Override
        public Cutover build() {
            if (routeSource == null) {
                throw new IllegalStateException("Cutover needs a route source: call routes(...), for example with "
                        + "EnvironmentRoutes.fromEnvironment() from cutover-flags, or RouteSource.fixed(Route.LEGACY)");
            }
            if (registrations.isEmpty()) {
                throw new IllegalStateException("Cutover has no repositories: call repository(type, legacy, postgres)");
            }
            try {
                return new DefaultCutover(this);
            } catch (RuntimeException | Error e) {
                // What was installed (a reconciler, shadow-read threads) would serve only the Cutover that was refused.
                List<AutoCloseable> installed = new ArrayList<>(closeables);
                java.util.Collections.reverse(installed);
                for (AutoCloseable resource : installed) {
                    try {
                        resource.close();
                    } catch (Exception closeFailure) {
                        e.addSuppressed(closeFailure);
                    }
                }
                throw e;
            }
        }

        private static BackendAdapter checkSide(BackendAdapter adapter, Backend expected) {
            Objects.requireNonNull(adapter, expected.id() + " adapter");
            if (adapter.backend() != expected) {
                throw new IllegalArgumentException("The " + expected.id() + " adapter slot got a " + adapter.backend().id()
                        + " adapter (" + adapter.getClass().getName() + ")");
            }
            return adapter;
        }
    }
}
