package org.procwatch.enrich.ocds;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * One path of a contracting process's releases, in the tree of every path they have used: an object's field, or an
 * array's item (by its {@code id}, or one item without an id of one release). A path where a release had a value
 * the merge treats as a unit (a scalar, {@code null}, a list merged whole) is a leaf, and keeps the latest such value,
 * which release set it and where the path first appeared, which orders the compiled release's fields.
 */
final class PathNode {

    /** Past this many children, a node finds one by a hash map instead of looking through them. */
    private static final int LINEAR_LOOKUP_LIMIT = 8;
    private static final PathNode[] NO_CHILDREN = {};

    final PathNode parent;
    /** Whether this is an array item rather than an object field. */
    final boolean item;
    /** A field's name; an item's key: {@code s}, {@code n}, {@code b} or {@code j} and its id, or {@code ~release.position}. */
    final String name;
    /** The merge rules of this field (an item shares its array's). */
    final MergeRules.RuleNode rules;

    private PathNode[] children = NO_CHILDREN;
    private int childCount;
    private int lastFound = -1;
    private Map<String, PathNode> fieldIndex;
    private Map<String, PathNode> itemIndex;

    /** Whether a release had a value here; the rest describes it. */
    boolean leaf;
    /** An array item's {@code id}, which versioned releases keep plain. */
    boolean identifier;
    /** The latest value, as compact JSON: {@code bytes[offset, offset + length)}. */
    byte[] bytes;
    int offset;
    int length;
    int setBy;
    int firstRelease;
    int firstPosition;
    /** Every value every release gave this path, when history is kept. */
    List<Version> history;

    /** Set while a compiled or versioned release is written: the first place under this node, or {@link Long#MAX_VALUE}. */
    long order;

    /** A value a release gave a path: {@code bytes[offset, offset + length)}. */
    record Version(int release, byte[] bytes, int offset, int length) {

        boolean sameValue(Version other) {
            return Arrays.equals(bytes, offset, offset + length, other.bytes, other.offset, other.offset + other.length);
        }
    }

    private PathNode(PathNode parent, boolean item, String name, MergeRules.RuleNode rules) {
        this.parent = parent;
        this.item = item;
        this.name = name;
        this.rules = rules;
    }

    static PathNode root(MergeRules rules) {
        return new PathNode(null, false, "", rules.root());
    }

    /** The child for an object's field, made (with the field's rules) when first asked for. */
    PathNode field(String fieldName) {
        PathNode found = find(false, fieldName);
        return found != null ? found : add(false, fieldName, rules.child(fieldName));
    }

    /** The child for an array's item, made when first asked for. */
    PathNode item(String key) {
        PathNode found = find(true, key);
        return found != null ? found : add(true, key, rules);
    }

    int childCount() {
        return childCount;
    }

    PathNode child(int index) {
        return children[index];
    }

    /** Whether the latest value is JSON {@code null}, which removes the field from the compiled release. */
    boolean isNull() {
        return bytes[offset] == 'n';
    }

    /**
     * The child with this key, or null. Releases of a process mostly repeat their fields in the same order, so the
     * look starts after the child found last time.
     */
    private PathNode find(boolean isItem, String key) {
        Map<String, PathNode> index = isItem ? itemIndex : fieldIndex;
        if (index != null) {
            return index.get(key);
        }
        for (int looked = 0, i = lastFound + 1; looked < childCount; looked++, i++) {
            if (i >= childCount) {
                i = 0;
            }
            PathNode child = children[i];
            if (child.item == isItem && child.name.equals(key)) {
                lastFound = i;
                return child;
            }
        }
        return null;
    }

    private PathNode add(boolean isItem, String key, MergeRules.RuleNode childRules) {
        PathNode child = new PathNode(this, isItem, key, childRules);
        if (childCount == children.length) {
            children = Arrays.copyOf(children, Math.max(4, childCount * 2));
        }
        lastFound = childCount;
        children[childCount++] = child;
        if (childCount > LINEAR_LOOKUP_LIMIT) {
            index();
        }
        return child;
    }

    private void index() {
        if (fieldIndex == null) {
            fieldIndex = new HashMap<>();
            itemIndex = new HashMap<>();
            for (int i = 0; i < childCount - 1; i++) {
                (children[i].item ? itemIndex : fieldIndex).put(children[i].name, children[i]);
            }
        }
        PathNode added = children[childCount - 1];
        (added.item ? itemIndex : fieldIndex).put(added.name, added);
    }

    /** A readable form for messages, e.g. {@code tender.items[id=1].unit}. */
    String describe() {
        List<PathNode> path = new ArrayList<>();
        for (PathNode node = this; node.parent != null; node = node.parent) {
            path.add(node);
        }
        StringBuilder text = new StringBuilder();
        for (PathNode node : path.reversed()) {
            if (!node.item) {
                text.append(text.isEmpty() ? "" : ".").append(node.name);
            } else if (node.name.charAt(0) == '~') {
                text.append("[item without id]");
            } else {
                text.append("[id=").append(node.name, 1, node.name.length()).append(']');
            }
        }
        return text.toString();
    }
}
