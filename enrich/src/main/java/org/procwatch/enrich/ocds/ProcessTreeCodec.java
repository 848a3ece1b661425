package org.procwatch.enrich.ocds;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Stores a {@link ProcessTree} as bytes for a Kafka Streams state store, and reads it back, as enrich does for every
 * release it merges. Stored: the releases (id, date, tag, key where it has no id, content digest) and the tree of
 * paths, depth first, each node with its name (a number for a name stored before), and each leaf with its value as the
 * bytes that spell it, the release that set it, where it first appeared and, with history, every value given it.
 * Read back, a process's values stay slices of the stored bytes: nothing is parsed or copied.
 */
public final class ProcessTreeCodec {

    /** Format 1 was the tree engine's, in Smile, before this one; {@link LegacyProcessState} reads it. */
    static final int FORMAT = 2;
    private static final int ITEM = 1;
    private static final int LEAF = 2;
    private static final int IDENTIFIER = 4;
    private static final int HISTORY = 8;
    private static final int KEEPS_HISTORY = 1;

    private ProcessTreeCodec() {
    }

    public static byte[] encode(ProcessTree process) {
        StateOutput out = new StateOutput(4096);
        write(process, out);
        return out.toByteArray();
    }

    public static void write(ProcessTree process, StateOutput out) {
        out.writeByte(FORMAT).writeString(process.ocid()).writeByte(process.keepsHistory() ? KEEPS_HISTORY : 0);
        out.writeCount(process.releaseCount());
        for (ProcessTree.Release release : process.releases()) {
            out.writeString(release.id()).writeString(release.date()).writeBytes(release.tag())
                    .writeString(release.id() == null ? release.key() : null).writeString(release.digest().value());
        }
        new TreeOutput(out).children(process.root);
    }

    /**
     * @param bytes what {@link #encode} wrote, which the process read back refers to and so must not be changed
     * @param rules the merge rules to go on merging with
     */
    public static ProcessTree decode(byte[] bytes, MergeRules rules) {
        return decode(bytes, 0, bytes.length, rules);
    }

    /** As {@link #decode(byte[], MergeRules)}, from {@code bytes[offset, offset + length)}; reads format 1 too. */
    public static ProcessTree decode(byte[] bytes, int offset, int length, MergeRules rules) {
        ProcessTree process;
        if (LegacyProcessState.isSmile(bytes, offset, length)) {
            process = LegacyProcessState.read(bytes, offset, length, rules);
        } else {
            StateInput in = new StateInput(bytes, offset, length);
            process = read(in, rules);
            if (!in.atEnd()) {
                throw new IllegalArgumentException("a stored process of " + process.ocid() + " has bytes after its end");
            }
        }
        process.holds(bytes.length);
        return process;
    }

    private static ProcessTree read(StateInput in, MergeRules rules) {
        int format = in.readByte();
        if (format != FORMAT) {
            throw new IllegalArgumentException("a stored process is in format " + format + ", which this version does not know (it reads "
                    + FORMAT + ")");
        }
        String ocid = in.readString();
        ProcessTree process = new ProcessTree(ocid, rules, (in.readByte() & KEEPS_HISTORY) != 0);
        int releases = in.readCount();
        for (int sequence = 0; sequence < releases; sequence++) {
            String id = in.readString();
            String date = in.readString();
            byte[] tag = in.readByteArray();
            String key = in.readString();
            String digest = in.readString();
            process.restore(new ProcessTree.Release(id, date, tag, sequence, id == null ? key : ProcessTree.idKey(id, date),
                    ContentDigest.of(digest)));
        }
        new TreeInput(in, releases).children(process.root);
        return process;
    }

    /** Writes nodes depth first, each name once; a subtree without a value (left by a release that failed) is not kept. */
    private static final class TreeOutput {
        private final StateOutput out;
        private final Map<String, Integer> names = new HashMap<>();

        TreeOutput(StateOutput out) {
            this.out = out;
        }

        void children(PathNode node) {
            boolean[] holding = new boolean[node.childCount()];
            int kept = 0;
            for (int i = 0; i < holding.length; i++) {
                holding[i] = holdsValue(node.child(i));
                kept += holding[i] ? 1 : 0;
            }
            out.writeCount(kept);
            for (int i = 0; i < holding.length; i++) {
                if (holding[i]) {
                    node(node.child(i));
                }
            }
        }

        private void node(PathNode node) {
            int flags = (node.item ? ITEM : 0) | (node.leaf ? LEAF : 0) | (node.identifier ? IDENTIFIER : 0)
                    | (node.history != null ? HISTORY : 0);
            out.writeByte(flags);
            Integer known = names.putIfAbsent(node.name, names.size());
            if (known != null) {
                out.writeCount(known + 1);
            } else {
                out.writeCount(0).writeString(node.name);
            }
            if (node.leaf) {
                out.writeBytes(node.bytes, node.offset, node.length)
                        .writeCount(node.setBy).writeCount(node.firstRelease).writeCount(node.firstPosition);
            }
            if (node.history != null) {
                out.writeCount(node.history.size());
                for (PathNode.Version version : node.history) {
                    out.writeCount(version.release()).writeBytes(version.bytes(), version.offset(), version.length());
                }
            }
            children(node);
        }

        private static boolean holdsValue(PathNode node) {
            if (node.leaf) {
                return true;
            }
            for (int i = 0; i < node.childCount(); i++) {
                if (holdsValue(node.child(i))) {
                    return true;
                }
            }
            return false;
        }
    }

    /** Reads nodes as {@link TreeOutput} wrote them, checking that each release a leaf names is one stored. */
    private static final class TreeInput {
        private final StateInput in;
        private final int releases;
        private final List<String> names = new ArrayList<>();

        TreeInput(StateInput in, int releases) {
            this.in = in;
            this.releases = releases;
        }

        void children(PathNode parent) {
            int count = in.readCount();
            for (int i = 0; i < count; i++) {
                int flags = in.readByte();
                String name = name();
                PathNode node = (flags & ITEM) != 0 ? parent.item(name) : parent.field(name);
                node.identifier = (flags & IDENTIFIER) != 0;
                if ((flags & LEAF) != 0) {
                    node.leaf = true;
                    node.length = value();
                    node.bytes = in.bytes();
                    node.offset = in.runOffset();
                    node.setBy = release();
                    node.firstRelease = release();
                    node.firstPosition = in.readCount();
                }
                if ((flags & HISTORY) != 0) {
                    int versions = in.readCount();
                    node.history = new ArrayList<>(versions);
                    for (int v = 0; v < versions; v++) {
                        int release = release();
                        int length = value();
                        node.history.add(new PathNode.Version(release, in.bytes(), in.runOffset(), length));
                    }
                }
                children(node);
            }
        }

        private String name() {
            int known = in.readCount();
            if (known == 0) {
                String name = in.readString();
                if (name == null) {
                    throw new IllegalArgumentException("a stored process has a path without a name");
                }
                names.add(name);
                return name;
            }
            if (known > names.size()) {
                throw new IllegalArgumentException("a stored process names path " + known + " of " + names.size());
            }
            return names.get(known - 1);
        }

        private int value() {
            int length = in.readRun();
            if (length <= 0) {
                throw new IllegalArgumentException("a stored process has a value without bytes");
            }
            return length;
        }

        private int release() {
            int release = in.readCount();
            if (release >= releases) {
                throw new IllegalArgumentException("a stored value was set by release " + release + " of " + releases);
            }
            return release;
        }
    }
}
