package org.procwatch.launcher.compile;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;

/**
 * What {@code compile} made, kept in a temporary file until the input has been read to its end, when it is known to
 * be final: memory holds only where each piece is and what was said of it. The file is deleted when closed.
 */
final class Spill implements AutoCloseable {

    /** A piece in the file: its process, where its JSON is (length -1 for none), and its messages. */
    record Entry(String ocid, long offset, int length, String messages, int problems) {
    }

    private final Path file;
    private final OutputStream out;
    private final List<Entry> entries = new ArrayList<>();
    private long size;
    private FileChannel channel;

    Spill(Path directory) throws IOException {
        this.file = Files.createTempFile(directory, "procwatch-compile-", ".jsonl");
        this.out = new BufferedOutputStream(Files.newOutputStream(file), 1 << 20);
    }

    Entry add(RunCompile.Piece piece) throws IOException {
        byte[] json = piece.json();
        Entry entry = new Entry(piece.ocid(), size, json == null ? -1 : json.length, piece.messages(), piece.problems());
        entries.add(entry);
        if (json != null) {
            out.write(json);
            size += json.length;
        }
        return entry;
    }

    List<Entry> entries() {
        return entries;
    }

    /** Reads the pieces back in the order they were added, once. */
    Reader reader() throws IOException {
        out.close();
        return new Reader(new BufferedInputStream(Files.newInputStream(file), 1 << 20));
    }

    /** The JSON of one piece, wherever it is; once pieces are read this way, no more may be added. */
    byte[] read(Entry entry) throws IOException {
        if (channel == null) {
            out.close();
            channel = FileChannel.open(file, StandardOpenOption.READ);
        }
        ByteBuffer json = ByteBuffer.allocate(entry.length());
        while (json.hasRemaining() && channel.read(json, entry.offset() + json.position()) >= 0) {
            // reads until the piece is whole
        }
        return json.array();
    }

    /** The pieces' JSON in order: each read, or skipped, in its turn. */
    static final class Reader implements AutoCloseable {
        private final InputStream in;

        private Reader(InputStream in) {
            this.in = in;
        }

        byte[] next(Entry entry) throws IOException {
            return entry.length() < 0 ? null : in.readNBytes(entry.length());
        }

        @Override
        public void close() throws IOException {
            in.close();
        }
    }

    @Override
    public void close() throws IOException {
        out.close();
        if (channel != null) {
            channel.close();
        }
        Files.deleteIfExists(file);
    }
}
