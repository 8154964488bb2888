package dev.cutover.dual.internal;

import dev.cutover.Backend;
import dev.cutover.CutoverException;
import dev.cutover.status.Backlog;
import dev.cutover.dual.Outbox;
import dev.cutover.dual.OutboxEntry;
import dev.cutover.dual.OutboxKey;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.zip.CRC32;

/**
 * An {@link Outbox} in an append-only local file, for a primary whose database the library may not create its
 * table in. Each entry is a line {@code A<tab>id<tab>epoch-micros<tab>table<tab>key<tab>crc}; a settled one is
 * followed later by {@code R<tab>id<tab>crc}. Appends of entries are forced to the disk before {@link #record}
 * returns; removals are not (a lost removal replays an entry, which is harmless). On open, a torn last line
 * (a crash mid-append) is cut off. When most lines are settled, the file is rewritten with the pending entries
 * only, through a forced temporary file and an atomic rename. Thread-safe; one process at a time (file lock).
 */
public final class JournalOutbox implements Outbox {
    private static final int COMPACT_AFTER_LINES = 100_000;

    private final Backend primary;
    private final Path file;
    private final TreeMap<Long, OutboxEntry> pending = new TreeMap<>();
    private FileChannel channel;
    private FileLock lock;
    private long nextId;
    private long lastIdSeen;
    private long lines;
    private boolean closed;

    private JournalOutbox(Backend primary, Path file) {
        this.primary = primary;
        this.file = file;
    }

    public static JournalOutbox open(Backend primary, Path file) {
        Objects.requireNonNull(primary, "primary");
        Objects.requireNonNull(file, "file");
        JournalOutbox journal = new JournalOutbox(primary, file.toAbsolutePath());
        journal.open();
        return journal;
    }

    private void open() {
        try {
            channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
        } catch (IOException e) {
            throw new CutoverException("Cannot open the dual-write journal " + file + ": " + e.getMessage(), e);
        }
        try {
            lock = channel.tryLock();
        } catch (OverlappingFileLockException | IOException e) {
            lock = null;
        }
        if (lock == null) {
            closeQuietly();
            throw new CutoverException("The dual-write journal " + file + " is in use by another process or outbox; "
                    + "give each process a journal file of its own");
        }
        try {
            replay();
        } catch (IOException | RuntimeException e) {
            closeQuietly();
            throw new CutoverException("Cannot read the dual-write journal " + file + ": " + e.getMessage(), e);
        }
    }

    private void replay() throws IOException {
        byte[] bytes = Files.readAllBytes(file);
        int start = 0;
        long good = 0;
        long maxId = 0;
        for (int i = 0; i < bytes.length; i++) {
            if (bytes[i] != '\n') {
                continue;
            }
            String line = new String(bytes, start, i - start, StandardCharsets.UTF_8);
            if (!apply(line)) {
                break;
            }
            lines++;
            start = i + 1;
            good = start;
        }
        for (Long id : pending.keySet()) {
            maxId = Math.max(maxId, id);
        }
        maxId = Math.max(maxId, lastIdSeen);
        nextId = maxId + 1;
        if (good < bytes.length) {
            channel.truncate(good);
            channel.force(true);
        }
        channel.position(good);
    }

    /** Applies one line; false if it is damaged (the end of what was written whole). */
    private boolean apply(String line) {
        int crcAt = line.lastIndexOf('\t');
        if (crcAt < 0 || !crc(line.substring(0, crcAt)).equals(line.substring(crcAt + 1))) {
            return false;
        }
        String[] fields = line.substring(0, crcAt).split("\t", -1);
        if (fields[0].equals("A") && fields.length == 5) {
            long id = Long.parseLong(fields[1]);
            long micros = Long.parseLong(fields[2]);
            Instant createdAt = Instant.ofEpochSecond(Math.floorDiv(micros, 1_000_000L), Math.floorMod(micros, 1_000_000L) * 1_000L);
            pending.put(id, new OutboxEntry(id, new OutboxKey(fields[3], fields[4]), createdAt));
            lastIdSeen = Math.max(lastIdSeen, id);
            return true;
        }
        if (fields[0].equals("R") && fields.length == 2) {
            long id = Long.parseLong(fields[1]);
            pending.remove(id);
            lastIdSeen = Math.max(lastIdSeen, id);
            return true;
        }
        return false;
    }

    private static String added(OutboxEntry entry) {
        Instant at = entry.createdAt();
        long micros = Math.addExact(Math.multiplyExact(at.getEpochSecond(), 1_000_000L), at.getNano() / 1_000L);
        return line("A\t" + entry.id() + "\t" + micros + "\t" + entry.key().table() + "\t" + entry.key().key());
    }

    private static String line(String body) {
        return body + "\t" + crc(body) + "\n";
    }

    private static String crc(String body) {
        CRC32 crc = new CRC32();
        crc.update(body.getBytes(StandardCharsets.UTF_8));
        return Long.toHexString(crc.getValue());
    }

    @Override
    public Backend primary() {
        return primary;
    }

    @Override
    public String description() {
        return "journal " + file + " (local file, forced to disk per write)";
    }

    @Override
    public synchronized List<OutboxEntry> record(List<OutboxKey> keys, Instant now) {
        checkOpen();
        if (keys.isEmpty()) {
            return List.of();
        }
        List<OutboxEntry> entries = new ArrayList<>(keys.size());
        StringBuilder text = new StringBuilder();
        for (OutboxKey key : keys) {
            if (key.table().indexOf('\t') >= 0 || key.key().indexOf('\t') >= 0 || key.key().indexOf('\n') >= 0) {
                throw new IllegalArgumentException("Outbox key " + key + " holds a tab or a line break");
            }
            OutboxEntry entry = new OutboxEntry(nextId++, key, now);
            entries.add(entry);
            text.append(added(entry));
        }
        try {
            write(text.toString());
            channel.force(false);
        } catch (IOException e) {
            throw new CutoverException("Cannot append to the dual-write journal " + file + ": " + e.getMessage(), e);
        }
        for (OutboxEntry entry : entries) {
            pending.put(entry.id(), entry);
        }
        lines += entries.size();
        return entries;
    }

    /** Not transactional: a rolled-back write's entries are removed by dual-write itself. */
    @Override
    public boolean transactional() {
        return false;
    }

    @Override
    public synchronized List<OutboxEntry> pending(Instant createdBefore, int limit) {
        checkOpen();
        List<OutboxEntry> found = new ArrayList<>(Math.min(limit, pending.size()));
        for (OutboxEntry entry : pending.values()) {
            if (found.size() >= limit) {
                break;
            }
            if (entry.createdAt().isBefore(createdBefore)) {
                found.add(entry);
            }
        }
        return found;
    }

    @Override
    public synchronized List<OutboxEntry> entriesOf(Collection<OutboxKey> keys) {
        checkOpen();
        java.util.Set<OutboxKey> wanted = new java.util.HashSet<>(keys);
        List<OutboxEntry> found = new ArrayList<>();
        for (OutboxEntry entry : pending.values()) {
            if (wanted.contains(entry.key())) {
                found.add(entry);
            }
        }
        return found;
    }

    @Override
    public synchronized void remove(Collection<OutboxEntry> entries) {
        checkOpen();
        StringBuilder text = new StringBuilder();
        int removed = 0;
        for (OutboxEntry entry : entries) {
            if (pending.remove(entry.id()) != null) {
                text.append(line("R\t" + entry.id()));
                removed++;
            }
        }
        if (removed == 0) {
            return;
        }
        try {
            write(text.toString());
            lines += removed;
            if (lines > COMPACT_AFTER_LINES && pending.size() * 10L < lines) {
                compact();
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot append to the dual-write journal " + file + ": " + e.getMessage(), e);
        }
    }

    private void write(String text) throws IOException {
        ByteBuffer buffer = ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8));
        while (buffer.hasRemaining()) {
            channel.write(buffer);
        }
    }

    private void compact() throws IOException {
        Path temporary = file.resolveSibling(file.getFileName() + ".compacting");
        StringBuilder text = new StringBuilder();
        for (Map.Entry<Long, OutboxEntry> entry : pending.entrySet()) {
            text.append(added(entry.getValue()));
        }
        // Keeps the highest id issued, so that ids stay increasing after a restart.
        text.append(line("R\t" + (nextId - 1)));
        try (FileChannel out = FileChannel.open(temporary, StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING,
                StandardOpenOption.WRITE)) {
            ByteBuffer buffer = ByteBuffer.wrap(text.toString().getBytes(StandardCharsets.UTF_8));
            while (buffer.hasRemaining()) {
                out.write(buffer);
            }
            out.force(true);
        }
        lock.release();
        channel.close();
        Files.move(temporary, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        forceDirectory(file.getParent());
        channel = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE);
        lock = channel.lock();
        channel.position(channel.size());
        lines = pending.size() + 1L;
    }

    private static void forceDirectory(Path directory) {
        try (FileChannel dir = FileChannel.open(directory, StandardOpenOption.READ)) {
            dir.force(true);
        } catch (IOException e) {
            // Some platforms cannot open a directory; the rename is still atomic there.
        }
    }

    @Override
    public synchronized Backlog backlog(Instant now) {
        checkOpen();
        Instant oldest = null;
        for (OutboxEntry entry : pending.values()) {
            if (oldest == null || entry.createdAt().isBefore(oldest)) {
                oldest = entry.createdAt();
            }
        }
        return new Backlog(primary, description(), pending.size(), oldest, now);
    }

    private void checkOpen() {
        if (closed) {
            throw new IllegalStateException("The dual-write journal " + file + " is closed");
        }
    }

    @Override
    public synchronized void close() {
        if (!closed) {
            closed = true;
            closeQuietly();
        }
    }

    private void closeQuietly() {
        try {
            if (lock != null && lock.isValid()) {
                lock.release();
            }
            channel.close();
        } catch (IOException e) {
            // Closing: nothing left to protect.
        }
    }

    @Override
    public String toString() {
        return "JournalOutbox[" + file + "]";
    }
}
