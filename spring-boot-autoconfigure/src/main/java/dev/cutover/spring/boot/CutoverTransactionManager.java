package dev.cutover.spring.boot;

import dev.cutover.Cutover;
import dev.cutover.tx.TransactionalConnections;
import dev.cutover.tx.UnitOfWorkRolledBackException;
import dev.cutover.tx.spi.UnitOfWork;
import java.util.Objects;
import org.springframework.transaction.IllegalTransactionStateException;
import org.springframework.transaction.InvalidIsolationLevelException;
import org.springframework.transaction.InvalidTimeoutException;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.TransactionException;
import org.springframework.transaction.TransactionStatus;
import org.springframework.transaction.UnexpectedRollbackException;
import org.springframework.transaction.interceptor.TransactionAttribute;
import org.springframework.transaction.support.CallbackPreferringPlatformTransactionManager;
import org.springframework.transaction.support.SimpleTransactionStatus;
import org.springframework.transaction.support.TransactionCallback;

/**
 * Spring's {@code @Transactional} (and {@code TransactionTemplate}) as Cutover units of work: a transactional method
 * runs inside {@link Cutover#transactionResult}, so every repository call in it joins one transaction per backend it
 * touches, with the routes pinned when it began; it commits when the method returns and rolls back when it throws (or
 * when the rollback rules, or {@code setRollbackOnly()}, say so), and the exception surfaces unchanged. Atomicity holds
 * per backend, as for every unit of work ({@code PartialCommitException} names the backend that kept its changes). A
 * method that returns normally although a repository call in it failed (the failure was caught), or a joined method
 * failed, is rolled back and throws Spring's {@link UnexpectedRollbackException}, whose cause is Cutover's
 * {@link UnitOfWorkRolledBackException}: as with Spring's own managers, a failure inside a unit cannot be committed.
 *
 * <p>Propagation: {@code REQUIRED} (the default) and {@code SUPPORTS} join a running unit, {@code MANDATORY} requires
 * one, {@code NEVER} refuses one, {@code NOT_SUPPORTED} runs without one when none runs. A unit cannot be suspended, so
 * {@code REQUIRES_NEW}, {@code NESTED} and {@code NOT_SUPPORTED} inside a unit are refused; so are isolation levels and
 * timeouts, which a unit does not apply. Units of work run as callbacks: {@link #getTransaction}, {@link #commit} and
 * {@link #rollback} are refused, as Spring allows for a callback-preferring manager.
 *
 * <p>Thread-safe.
 */
public final class CutoverTransactionManager implements CallbackPreferringPlatformTransactionManager {
    private final Cutover cutover;

    public CutoverTransactionManager(Cutover cutover) {
        this.cutover = Objects.requireNonNull(cutover, "cutover");
    }

    @Override
    public <T> T execute(TransactionDefinition definition, TransactionCallback<T> callback) throws TransactionException {
        TransactionDefinition checked = definition == null ? TransactionDefinition.withDefaults() : definition;
        check(checked);
        boolean running = TransactionalConnections.inUnitOfWork();
        int propagation = checked.getPropagationBehavior();
        if (running || propagation == TransactionDefinition.PROPAGATION_SUPPORTS
                || propagation == TransactionDefinition.PROPAGATION_NEVER
                || propagation == TransactionDefinition.PROPAGATION_NOT_SUPPORTED) {
            // Joining the running unit, or running without one: its outcome is the unit's, or each call's own.
            SimpleTransactionStatus status = new SimpleTransactionStatus(false);
            T result;
            try {
                result = callback.doInTransaction(status);
            } catch (RuntimeException | Error failure) {
                if (running && rollsBackOn(checked, failure)) {
                    // Spring's rule for a participating transaction: its failure marks the whole unit rollback-only.
                    UnitOfWork.current().setRollbackOnly("a transactional method joining it failed (" + failure + ")",
                            null, failure);
                }
                throw failure;
            }
            if (running && status.isRollbackOnly()) {
                throw new IllegalTransactionStateException("A method joining a Cutover unit of work asked for a rollback"
                        + " (setRollbackOnly); the unit is rolled back when its outermost method throws, so throw instead");
            }
            return result;
        }
        SimpleTransactionStatus status = new SimpleTransactionStatus(true);
        try {
            return cutover.transactionResult(() -> {
                T result = callback.doInTransaction(status);
                if (status.isRollbackOnly()) {
                    throw new RollbackOnly(result);
                }
                return result;
            });
        } catch (RollbackOnly rolledBack) {
            @SuppressWarnings("unchecked")
            T result = (T) rolledBack.result;
            return result;
        } catch (UnitOfWorkRolledBackException rolledBack) {
            // What Spring's own managers throw when a commit turns into a rollback; the Cutover exception is the cause.
            throw new UnexpectedRollbackException(rolledBack.getMessage(), rolledBack);
        }
    }

    private static boolean rollsBackOn(TransactionDefinition definition, Throwable failure) {
        return definition instanceof TransactionAttribute attribute ? attribute.rollbackOn(failure)
                : failure instanceof RuntimeException || failure instanceof Error;
    }

    private static void check(TransactionDefinition definition) {
        boolean running = TransactionalConnections.inUnitOfWork();
        String name = definition.getName() == null ? "a transactional method" : definition.getName();
        switch (definition.getPropagationBehavior()) {
            case TransactionDefinition.PROPAGATION_MANDATORY -> {
                if (!running) {
                    throw new IllegalTransactionStateException(name + " requires a running Cutover unit of work"
                            + " (propagation MANDATORY), and none runs on this thread");
                }
            }
            case TransactionDefinition.PROPAGATION_NEVER -> {
                if (running) {
                    throw new IllegalTransactionStateException(name + " must run outside a Cutover unit of work"
                            + " (propagation NEVER), and one runs on this thread");
                }
            }
            case TransactionDefinition.PROPAGATION_REQUIRES_NEW, TransactionDefinition.PROPAGATION_NESTED,
                    TransactionDefinition.PROPAGATION_NOT_SUPPORTED -> {
                if (running) {
                    throw new IllegalTransactionStateException(name + " asks for propagation "
                            + propagation(definition.getPropagationBehavior()) + " inside a running Cutover unit of work,"
                            + " which cannot be suspended; call it outside the unit, or use REQUIRED to join it");
                }
            }
            default -> {
                // REQUIRED, SUPPORTS: nothing to check
            }
        }
        if (definition.getIsolationLevel() != TransactionDefinition.ISOLATION_DEFAULT) {
            throw new InvalidIsolationLevelException(name + " asks for isolation level " + definition.getIsolationLevel()
                    + "; a Cutover unit of work uses each database's default: set it on the roles, or leave it out");
        }
        if (definition.getTimeout() != TransactionDefinition.TIMEOUT_DEFAULT) {
            throw new InvalidTimeoutException(name + " asks for a timeout; a Cutover unit of work has none: set"
                    + " statement_timeout on the databases' roles", definition.getTimeout());
        }
    }

    private static String propagation(int behavior) {
        return switch (behavior) {
            case TransactionDefinition.PROPAGATION_REQUIRES_NEW -> "REQUIRES_NEW";
            case TransactionDefinition.PROPAGATION_NESTED -> "NESTED";
            default -> "NOT_SUPPORTED";
        };
    }

    /** Units of work run as callbacks. */
    @Override
    public TransactionStatus getTransaction(TransactionDefinition definition) {
        throw new UnsupportedOperationException(CALLBACKS_ONLY);
    }

    /** Units of work run as callbacks. */
    @Override
    public void commit(TransactionStatus status) {
        throw new UnsupportedOperationException(CALLBACKS_ONLY);
    }

    /** Units of work run as callbacks. */
    @Override
    public void rollback(TransactionStatus status) {
        throw new UnsupportedOperationException(CALLBACKS_ONLY);
    }

    private static final String CALLBACKS_ONLY = "A Cutover unit of work runs as a callback: use @Transactional,"
            + " TransactionTemplate or Cutover.transaction(...), not getTransaction/commit/rollback";

    /** Unwinds a unit whose method returned normally but asked for a rollback, carrying what it returned. */
    private static final class RollbackOnly extends RuntimeException {
        private static final long serialVersionUID = 1L;
        private final transient Object result;

        RollbackOnly(Object result) {
            super("rollback-only", null, false, false);
            this.result = result;
        }
    }
}
