package org.procwatch.enrich.ocds;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Turns a release into its leaves: every value the merge treats as a unit, with its path. Objects are
 * walked into; arrays merged by identifier are walked into item by item; everything else, including
 * whole-list arrays and nulls, is a leaf.
 */
final class ReleaseFlattener {

    /** Release metadata that the merge replaces with its own. */
    private static final Set<String> RELEASE_METADATA = Set.of("id", "date", "tag");

    private final MergeRules rules;

    ReleaseFlattener(MergeRules rules) {
        this.rules = rules;
    }

    /**
     * One leaf of a release.
     *
     * @param path       the encoded path (see {@link Paths})
     * @param parts      the parts of the path
     * @param ancestors  the encoded paths of the enclosing objects and arrays, outermost first
     * @param value      the value, possibly null (which removes the field when merged)
     * @param identifier whether this is the {@code id} of an array item, which is never versioned
     */
    record Leaf(String path, String[] parts, String[] ancestors, JsonNode value, boolean identifier) {
    }

    /** The path being walked: its parts and, for each depth, the encoded path so far. */
    private static final class Walk {
        final List<String> parts = new ArrayList<>();
        final List<String> paths = new ArrayList<>();
        final int sequence;
        final List<Leaf> leaves = new ArrayList<>();
        final List<String> warnings;

        Walk(int sequence, List<String> warnings) {
            this.sequence = sequence;
            this.warnings = warnings;
        }

        String path() {
            return paths.isEmpty() ? "" : paths.getLast();
        }

        void enter(String part) {
            String path = Paths.join(path(), part);
            parts.add(part);
            paths.add(path);
        }

        void leave() {
            parts.removeLast();
            paths.removeLast();
        }

        void leaf(JsonNode value, boolean identifier) {
            int depth = parts.size();
            leaves.add(new Leaf(path(), parts.toArray(new String[depth]),
                    paths.subList(0, depth - 1).toArray(new String[depth - 1]), value, identifier));
        }
    }

    /**
     * The leaves of a release, in document order.
     *
     * @param release  the release
     * @param sequence the release's arrival number, which makes items without an id unique
     * @param warnings collects problems that do not stop the merge (duplicate ids)
     */
    List<Leaf> flatten(JsonNode release, int sequence, List<String> warnings) {
        Walk walk = new Walk(sequence, warnings);
        walkObject(release, "", true, walk);
        return walk.leaves;
    }

    private void walkObject(JsonNode object, String rulePath, boolean releaseRoot, Walk walk) {
        Iterator<Map.Entry<String, JsonNode>> fields = object.fields();
        while (fields.hasNext()) {
            Map.Entry<String, JsonNode> field = fields.next();
            String name = field.getKey();
            if (releaseRoot && RELEASE_METADATA.contains(name)) {
                continue;
            }
            walkField(name, field.getValue(), rulePath, releaseRoot, walk);
        }
    }

    private void walkField(String name, JsonNode value, String rulePath, boolean releaseRoot, Walk walk) {
        String fieldRulePath = rulePath.isEmpty() ? name : rulePath + "/" + name;
        MergeRule rule = rules.ruleFor(fieldRulePath);
        // The ocid identifies the merged process, so it stays even where a schema (1.0) marks it to omit.
        if (rule == MergeRule.OMIT && !(releaseRoot && name.equals("ocid"))) {
            return;
        }
        walk.enter(Paths.field(name));
        if (value.isObject()) {
            walkObject(value, fieldRulePath, false, walk);
        } else if (value.isArray() && rule != MergeRule.WHOLE_LIST && allObjects(value)) {
            walkIdentifiedItems(value, fieldRulePath, walk);
        } else {
            walk.leaf(value, false);
        }
        walk.leave();
    }

    private void walkIdentifiedItems(JsonNode array, String rulePath, Walk walk) {
        Set<String> seen = new HashSet<>();
        for (int position = 0; position < array.size(); position++) {
            JsonNode item = array.get(position);
            JsonNode id = item.get("id");
            if (id == null || id.isNull()) {
                walk.enter(Paths.itemWithoutId(walk.sequence, position));
                walkObject(item, rulePath, false, walk);
                walk.leave();
                continue;
            }
            String itemPart = Paths.itemWithId(id);
            if (!seen.add(itemPart)) {
                walk.warnings.add("duplicate id " + id + " in " + Paths.describe(walk.path()) + ": the later object's fields win");
            }
            walk.enter(itemPart);
            walk.enter(Paths.field("id"));
            walk.leaf(id, true);
            walk.leave();
            Iterator<Map.Entry<String, JsonNode>> fields = item.fields();
            while (fields.hasNext()) {
                Map.Entry<String, JsonNode> field = fields.next();
                if (!field.getKey().equals("id")) {
                    walkField(field.getKey(), field.getValue(), rulePath, false, walk);
                }
            }
            walk.leave();
        }
    }

    private static boolean allObjects(JsonNode array) {
        for (JsonNode item : array) {
            if (!item.isObject()) {
                return false;
            }
        }
        return true;
    }
}
