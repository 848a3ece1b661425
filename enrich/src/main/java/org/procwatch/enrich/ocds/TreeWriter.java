package org.procwatch.enrich.ocds;

import com.fasterxml.jackson.core.io.JsonStringEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Writes a {@link ProcessTree}'s compiled or versioned release as compact JSON, as the reference merge builds it
 * from its flattened fields taken in the order they first appeared: the objects and items on a leaf's path are made
 * on the way, so a leaf set to {@code null} still makes them (an object whose fields were all emptied stays
 * {@code {}}); a value is put only where nothing is yet, so a value where an earlier field made an object or array is
 * left out; a path that needs an object or array where an earlier field put a value of another kind cannot be
 * built, and fails, naming it. Values are copied as the bytes that spell them; nothing is parsed again.
 */
final class TreeWriter {

    /** Field names come from a few schemas and their extensions; past this many, a name is quoted each time instead. */
    private static final int QUOTED_NAMES_KEPT = 8192;
    /** Each thread's quoted names: a writer looks one up for every field it writes. */
    private static final ThreadLocal<Map<String, byte[]>> QUOTED_NAMES = ThreadLocal.withInitial(HashMap::new);
    private static final byte[] NULL = "null".getBytes(StandardCharsets.US_ASCII);

    private final ProcessTree tree;
    private final int[] rank;
    private final Output out = new Output(QUOTED_NAMES.get());
    private boolean versioned;
    /** The value {@link #value} found last. */
    private byte[] valueBytes;
    private int valueOffset;
    private int valueLength;

    TreeWriter(ProcessTree tree) {
        this.tree = tree;
        List<ProcessTree.Release> inOrder = new ArrayList<>(tree.releases());
        inOrder.sort(ProcessTree.RELEASE_ORDER);
        this.rank = new int[inOrder.size()];
        for (int i = 0; i < inOrder.size(); i++) {
            rank[inOrder.get(i).sequence()] = i;
        }
    }

    byte[] compiledRelease() {
        if (tree.releaseCount() == 0) {
            throw new IllegalStateException("no release merged into " + tree.ocid());
        }
        String date = tree.releases().stream().max(ProcessTree.RELEASE_ORDER).orElseThrow().date();
        out.ascii("{\"tag\":[\"compiled\"],\"id\":").string(tree.ocid() + "-" + date).ascii(",\"date\":").string(date);
        order(tree.root);
        members(tree.root, false);
        return out.ascii("}").bytes();
    }

    byte[] versionedRelease() {
        versioned = true;
        out.ascii("{");
        order(tree.root);
        members(tree.root, true);
        return out.ascii("}").bytes();
    }

    /** Sets each node's {@link PathNode#order}: where its first leaf is in the order fields first appeared. */
    private long order(PathNode node) {
        long first = node.leaf ? leafOrder(node) : Long.MAX_VALUE;
        for (int i = 0; i < node.childCount(); i++) {
            first = Math.min(first, order(node.child(i)));
        }
        node.order = first;
        return first;
    }

    private long leafOrder(PathNode node) {
        return (long) rank[node.firstRelease] << 32 | node.firstPosition;
    }

    /** The children that have a leaf under them, in the order they first appeared. */
    private static PathNode[] present(PathNode node) {
        PathNode[] children = new PathNode[node.childCount()];
        int count = 0;
        for (int i = 0; i < node.childCount(); i++) {
            if (node.child(i).order != Long.MAX_VALUE) {
                children[count++] = node.child(i);
            }
        }
        children = Arrays.copyOf(children, count);
        // Children are made in the order their fields first appear, so they are mostly in order already.
        for (int i = 1; i < count; i++) {
            if (children[i - 1].order > children[i].order) {
                Arrays.sort(children, (a, b) -> Long.compare(a.order, b.order));
                break;
            }
        }
        return children;
    }

    /** An object's members; {@code first} whether none has been written before them. */
    private void members(PathNode object, boolean first) {
        for (PathNode child : present(object)) {
            if (child.item) {
                throw conflict(object, "an object", "an array of objects");
            }
            boolean hasValue = valueFirst(child);
            if (!hasValue && !hasPresentChildren(child)) {
                continue; // a field set to null, with nothing under it
            }
            out.ascii(first ? "" : ",").name(child.name).ascii(":");
            first = false;
            node(child, hasValue);
        }
    }

    /**
     * Whether a node's own value came before anything under it and is written ({@link #value}); false when it is a
     * container, or its value was removed.
     */
    private boolean valueFirst(PathNode node) {
        return node.leaf && leafOrder(node) == node.order && value(node);
    }

    /** @param hasValue whether the node's own value, just found by {@link #valueFirst}, is written */
    private void node(PathNode node, boolean hasValue) {
        byte[] bytes = valueBytes;
        int offset = valueOffset;
        int length = valueLength;
        PathNode[] children = present(node);
        if (hasValue) {
            if (children.length == 0) {
                out.raw(bytes, offset, length);
                return;
            }
            // Items of a later release join the list an earlier one gave whole, as the reference appends them.
            if (bytes[offset] != '[') {
                throw conflict(node, describe(bytes, offset, length),
                        children[0].item ? "an array of objects" : "an object with a '" + children[0].name + "' field");
            }
            for (PathNode child : children) {
                if (!child.item) {
                    throw conflict(node, describe(bytes, offset, length), "an object with a '" + child.name + "' field");
                }
            }
            out.raw(bytes, offset, length - 1);
            items(node, children, length == 2);
            out.ascii("]");
            return;
        }
        if (children[0].item) {
            out.ascii("[");
            items(node, children, true);
            out.ascii("]");
        } else {
            out.ascii("{");
            members(node, true);
            out.ascii("}");
        }
    }

    private void items(PathNode array, PathNode[] children, boolean first) {
        for (PathNode item : children) {
            if (!item.item) {
                throw conflict(array, "an array", "an object with a '" + item.name + "' field");
            }
            out.ascii(first ? "{" : ",{");
            first = false;
            members(item, true);
            out.ascii("}");
        }
    }

    private static boolean hasPresentChildren(PathNode node) {
        for (int i = 0; i < node.childCount(); i++) {
            if (node.child(i).order != Long.MAX_VALUE) {
                return true;
            }
        }
        return false;
    }

    /**
     * Finds a leaf's value as written, {@code valueBytes[valueOffset, valueOffset + valueLength)}: its latest value or,
     * versioned, every value it had; false when its latest value was removed ({@code null}, in a compiled release).
     */
    private boolean value(PathNode node) {
        boolean plain = node.identifier || (node.parent == tree.root && node.name.equals("ocid"));
        if (!versioned || plain) {
            if (!versioned && node.isNull()) {
                return false;
            }
            valueBytes = node.bytes;
            valueOffset = node.offset;
            valueLength = node.length;
            return true;
        }
        valueBytes = versions(node);
        valueOffset = 0;
        valueLength = valueBytes.length;
        return true;
    }

    /** A field's values in date order, each with the release that gave it, a value repeated by the next release once. */
    private byte[] versions(PathNode node) {
        List<PathNode.Version> history = new ArrayList<>(node.history);
        List<ProcessTree.Release> releases = tree.releases();
        history.sort((a, b) -> Integer.compare(rank[a.release()], rank[b.release()]));
        Output versions = new Output(out.quotedNames).ascii("[");
        PathNode.Version previous = null;
        for (PathNode.Version version : history) {
            if (previous != null && previous.sameValue(version)) {
                continue;
            }
            ProcessTree.Release release = releases.get(version.release());
            versions.ascii(previous == null ? "{\"releaseID\":" : ",{\"releaseID\":");
            if (release.id() == null) {
                versions.ascii("null");
            } else {
                versions.string(release.id());
            }
            versions.ascii(",\"releaseDate\":").string(release.date()).ascii(",\"releaseTag\":")
                    .raw(release.tag() == null ? NULL : release.tag()).ascii(",\"value\":")
                    .raw(version.bytes(), version.offset(), version.length()).ascii("}");
            previous = version;
        }
        return versions.ascii("]").bytes();
    }

    private OcdsMergeException conflict(PathNode node, String earlier, String later) {
        return new OcdsMergeException(tree.ocid(), "an earlier release had " + earlier + " for " + node.describe() + ", but this one has " + later);
    }

    private static String describe(byte[] bytes, int offset, int length) {
        String kind = switch (bytes[offset]) {
            case '"' -> "string";
            case '[' -> "array";
            case '{' -> "object";
            case 't', 'f' -> "boolean";
            default -> "number";
        };
        String text = new String(bytes, offset, length, StandardCharsets.UTF_8);
        return "the " + kind + " " + (text.length() > 80 ? text.substring(0, 77) + "..." : text);
    }

    /** The JSON being written. */
    private static final class Output {
        private final Map<String, byte[]> quotedNames;
        private byte[] buffer = new byte[4096];
        private int size;

        Output(Map<String, byte[]> quotedNames) {
            this.quotedNames = quotedNames;
        }

        Output ascii(String text) {
            int length = text.length();
            ensure(length);
            for (int i = 0; i < length; i++) {
                buffer[size++] = (byte) text.charAt(i);
            }
            return this;
        }

        Output raw(byte[] bytes) {
            return raw(bytes, 0, bytes.length);
        }

        Output raw(byte[] bytes, int offset, int length) {
            ensure(length);
            System.arraycopy(bytes, offset, buffer, size, length);
            size += length;
            return this;
        }

        Output string(String text) {
            ensure(1);
            buffer[size++] = '"';
            raw(JsonStringEncoder.getInstance().quoteAsUTF8(text));
            ensure(1);
            buffer[size++] = '"';
            return this;
        }

        Output name(String name) {
            byte[] quoted = quotedNames.get(name);
            if (quoted == null) {
                quoted = ("\"" + new String(JsonStringEncoder.getInstance().quoteAsString(name)) + "\"").getBytes(StandardCharsets.UTF_8);
                if (quotedNames.size() < QUOTED_NAMES_KEPT) {
                    quotedNames.put(name, quoted);
                }
            }
            return raw(quoted);
        }

        byte[] bytes() {
            return Arrays.copyOf(buffer, size);
        }

        private void ensure(int more) {
            if (size + more > buffer.length) {
                buffer = Arrays.copyOf(buffer, Math.max(buffer.length * 2, size + more));
            }
        }
    }
}
