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
     * @param value      the value, possibly null (which removes the field when merged)
     * @param identifier whether this is the {@code id} of an array item, which is never versioned
     */
    record Leaf(String path, JsonNode value, boolean identifier) {
    }

    /**
     * The leaves of a release, in document order.
     *
     * @param release  the release
     * @param sequence the release's arrival number, which makes items without an id unique
     * @param warnings collects problems that do not stop the merge (duplicate ids)
     */
    List<Leaf> flatten(JsonNode release, int sequence, List<String> warnings) {
        List<Leaf> leaves = new ArrayList<>();
        walkObject(release, "", "", true, sequence, leaves, warnings);
        return leaves;
    }

    private void walkObject(JsonNode object, String path, String rulePath, boolean releaseRoot, int sequence,
                            List<Leaf> leaves, List<String> warnings) {
        Iterator<Map.Entry<String, JsonNode>> fields = object.fields();
        while (fields.hasNext()) {
            Map.Entry<String, JsonNode> field = fields.next();
            String name = field.getKey();
            if (releaseRoot && RELEASE_METADATA.contains(name)) {
                continue;
            }
            String fieldRulePath = rulePath.isEmpty() ? name : rulePath + "/" + name;
            MergeRule rule = rules.ruleFor(fieldRulePath);
            // The ocid identifies the merged process, so it stays even where a schema (1.0) marks it to omit.
            if (rule == MergeRule.OMIT && !(releaseRoot && name.equals("ocid"))) {
                continue;
            }
            walkValue(field.getValue(), Paths.join(path, Paths.field(name)), fieldRulePath, rule, sequence, leaves, warnings);
        }
    }

    private void walkValue(JsonNode value, String path, String rulePath, MergeRule rule, int sequence,
                           List<Leaf> leaves, List<String> warnings) {
        if (value.isObject()) {
            walkObject(value, path, rulePath, false, sequence, leaves, warnings);
        } else if (value.isArray() && rule != MergeRule.WHOLE_LIST && allObjects(value)) {
            walkIdentifiedItems(value, path, rulePath, sequence, leaves, warnings);
        } else {
            leaves.add(new Leaf(path, value, false));
        }
    }

    private void walkIdentifiedItems(JsonNode array, String path, String rulePath, int sequence,
                                     List<Leaf> leaves, List<String> warnings) {
        Set<String> seen = new HashSet<>();
        for (int position = 0; position < array.size(); position++) {
            JsonNode item = array.get(position);
            JsonNode id = item.get("id");
            if (id == null || id.isNull()) {
                walkObject(item, Paths.join(path, Paths.itemWithoutId(sequence, position)), rulePath, false, sequence, leaves, warnings);
                continue;
            }
            String itemPath = Paths.join(path, Paths.itemWithId(id));
            if (!seen.add(itemPath)) {
                warnings.add("duplicate id " + id + " in " + Paths.describe(path) + ": the later object's fields win");
            }
            leaves.add(new Leaf(Paths.join(itemPath, Paths.field("id")), id, true));
            Iterator<Map.Entry<String, JsonNode>> fields = item.fields();
            while (fields.hasNext()) {
                Map.Entry<String, JsonNode> field = fields.next();
                if (field.getKey().equals("id")) {
                    continue;
                }
                String fieldRulePath = rulePath + "/" + field.getKey();
                MergeRule rule = rules.ruleFor(fieldRulePath);
                if (rule != MergeRule.OMIT) {
                    walkValue(field.getValue(), Paths.join(itemPath, Paths.field(field.getKey())), fieldRulePath, rule,
                            sequence, leaves, warnings);
                }
            }
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
