package dev.cutover.demo;

import java.util.List;
import java.util.Set;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;

/**
 * The final check's "no thread left": threads started since the demo began that are still alive at its end.
 *
 * <p>Not counted: the JVM's helpers that end by themselves when idle (the common fork-join pool, the process reaper),
 * PgJDBC's one cleaner per JVM ({@code PostgreSQL-JDBC-Cleaner}, or on Java 11+ a {@code java.lang.ref.Cleaner}'s
 * {@code Cleaner-N}), and the JDK's default pool for asynchronous I/O. Embedded PostgreSQL writes its binaries through
 * that pool the first time it runs on a machine (an {@code AsynchronousFileChannel} without an executor), and the
 * pool's idle threads live for 60 s: unnamed ({@code Thread-1}, ...), they failed the demo's first run. {@link
 * #nameAsynchronousIoThreads()} names them {@value #ASYNC_IO_PREFIX}N before the pool exists.
 *
 * <p>Not thread-safe.
 */
final class DemoThreads {
    static final String ASYNC_IO_PREFIX = "jdk-async-io-";
    /** The JDK's system property naming the thread factory of its default asynchronous I/O pool (read once). */
    static final String ASYNC_IO_THREAD_FACTORY = "java.nio.channels.DefaultThreadPool.threadFactory";

    private final Set<String> before;

    private DemoThreads(Set<String> before) {
        this.before = before;
    }

    /** The threads alive now, by name. */
    static DemoThreads snapshot() {
        return new DemoThreads(Thread.getAllStackTraces().keySet().stream().map(Thread::getName).collect(Collectors.toSet()));
    }

    /**
     * Has the JDK name the threads of its default asynchronous I/O pool, unless something set the property already.
     * Effective only before the pool's first use in this JVM, so {@link Demo#main} calls it first.
     */
    static void nameAsynchronousIoThreads() {
        if (System.getProperty(ASYNC_IO_THREAD_FACTORY) == null) {
            System.setProperty(ASYNC_IO_THREAD_FACTORY, AsyncIoThreadFactory.class.getName());
        }
    }

    /** Threads started since the snapshot that are still alive, after up to 5 s. */
    List<String> awaitNoNewThreads() throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        List<String> left;
        while (!(left = newThreads()).isEmpty() && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        return left;
    }

    private List<String> newThreads() {
        return Thread.getAllStackTraces().keySet().stream().filter(Thread::isAlive).map(Thread::getName)
                .filter(name -> !before.contains(name))
                .filter(name -> !name.startsWith("ForkJoinPool.commonPool") && !name.equals("process reaper")
                        && !name.equals("PostgreSQL-JDBC-Cleaner") && !name.startsWith("Cleaner-")
                        && !name.startsWith(ASYNC_IO_PREFIX))
                .sorted().toList();
    }

    /** Daemon threads named {@value #ASYNC_IO_PREFIX}N, as the JDK's own factory makes them but for the name. */
    public static final class AsyncIoThreadFactory implements ThreadFactory {
        private static final AtomicInteger NUMBER = new AtomicInteger();

        /** Instantiated by the JDK, by name. */
        public AsyncIoThreadFactory() {
        }

        @Override
        public Thread newThread(Runnable task) {
            Thread thread = new Thread(task, ASYNC_IO_PREFIX + NUMBER.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        }
    }
}
