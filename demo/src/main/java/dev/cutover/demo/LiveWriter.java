package dev.cutover.demo;

import dev.cutover.reference.Client;
import dev.cutover.reference.ClientRepository;
import dev.cutover.reference.ReferenceData;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The application's live traffic: one thread writing clients through the routed repository, about
 * {@value #WRITES_PER_SECOND} times a second, until stopped. Four writes in five update an existing client
 * (renamed, {@code updatedAt} moved on), the fifth creates a new one. It updates only clients whose id is a
 * multiple of {@value #TOUCHED_EVERY}, so that the demo's shadow reads can read clients no write is racing
 * (a read racing a write of the same row is a known, transient mismatch). It remembers the name of each client as its
 * last acknowledged write left it, so that the demo can check from the databases that no acknowledged write is
 * missing, and it can be paused between two writes for that check. Thread-safe.
 */
final class LiveWriter implements AutoCloseable {
    static final int WRITES_PER_SECOND = 40;
    static final int TOUCHED_EVERY = 10;

    private final ClientRepository clients;
    private final List<Client> seeded;
    private final long firstNewId;
    private final AtomicLong writes = new AtomicLong();
    private final AtomicLong created = new AtomicLong();
    private final AtomicLong failures = new AtomicLong();
    private final AtomicReference<RuntimeException> firstFailure = new AtomicReference<>();
    /** Per client written, the name its last acknowledged write gave it. */
    private final Map<Long, String> acknowledged = new ConcurrentHashMap<>();
    /** Held by the thread while it writes, and by {@link #pause()} until {@link #resume()}. */
    private final ReentrantLock gate = new ReentrantLock(true);
    private final Thread thread;
    private volatile boolean running = true;

    LiveWriter(ClientRepository clients, List<Client> seeded) {
        this.clients = clients;
        this.seeded = seeded;
        this.firstNewId = seeded.stream().mapToLong(Client::id).max().orElse(0) + 1;
        this.thread = new Thread(this::run, "demo-live-writer");
        thread.setDaemon(true);
    }

    LiveWriter start() {
        thread.start();
        return this;
    }

    private void run() {
        SplittableRandom random = new SplittableRandom(7);
        long pause = TimeUnit.SECONDS.toNanos(1) / WRITES_PER_SECOND;
        long next = System.nanoTime();
        for (long i = 0; running; i++) {
            gate.lock();
            try {
                Client client;
                if (i % 5 == 4) {
                    long id = firstNewId + created.get();
                    client = ReferenceData.client(random, id, 1, 900_000 + created.get());
                    clients.save(client);
                    created.incrementAndGet();
                } else {
                    Client old = seeded.get(TOUCHED_EVERY * random.nextInt(seeded.size() / TOUCHED_EVERY) + TOUCHED_EVERY - 1);
                    client = new Client(old.id(), old.yclientsId(), old.companyId(), old.name() + " #" + i, old.phone(),
                            old.email(), old.aiContext(), old.visitHistory(), old.vip(), old.balance(), old.createdAt(),
                            Instant.now().truncatedTo(ChronoUnit.MICROS));
                    clients.save(client);
                }
                acknowledged.put(client.id(), client.name());
                writes.incrementAndGet();
            } catch (RuntimeException e) {
                failures.incrementAndGet();
                firstFailure.compareAndSet(null, e);
            } finally {
                gate.unlock();
            }
            next += pause;
            long wait = next - System.nanoTime();
            if (wait > 0) {
                try {
                    TimeUnit.NANOSECONDS.sleep(wait);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            } else {
                next = System.nanoTime();
            }
        }
    }

    /** Whether this client id is one the writer may update (the shadow reads leave those out). */
    static boolean touches(long id) {
        return id % TOUCHED_EVERY == 0;
    }

    long writes() {
        return writes.get();
    }

    long created() {
        return created.get();
    }

    long failures() {
        return failures.get();
    }

    String firstFailure() {
        RuntimeException failure = firstFailure.get();
        return failure == null ? "none" : failure.toString();
    }

    /** Waits for the write in progress, if any, and holds the next one until {@link #resume()}. */
    void pause() {
        gate.lock();
    }

    /** Lets the writer go on after {@link #pause()}. */
    void resume() {
        gate.unlock();
    }

    /** Per client written, the name its last acknowledged write gave it; stable while paused. */
    Map<Long, String> acknowledged() {
        return Map.copyOf(acknowledged);
    }

    /** Stops the thread after its current write and waits for it. Idempotent. */
    @Override
    public void close() {
        while (gate.isHeldByCurrentThread()) {
            gate.unlock();
        }
        running = false;
        try {
            thread.join(TimeUnit.SECONDS.toMillis(10));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
