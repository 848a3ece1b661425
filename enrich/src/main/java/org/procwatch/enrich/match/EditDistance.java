package org.procwatch.enrich.match;

/**
 * Bounded optimal-string-alignment distance (Levenshtein plus swapped neighbours, the commonest typo):
 * whether two words are within a few edits, stopping as soon as they cannot be.
 */
final class EditDistance {

    private EditDistance() {
    }

    static boolean atMost(String a, String b, int limit) {
        if (Math.abs(a.length() - b.length()) > limit) {
            return false;
        }
        // What both begin and end with takes no edit, and the typo rules compare words that begin alike and mostly
        // differ in a letter or two: the table is then of the few letters between, not of the words.
        int start = 0;
        int endA = a.length();
        int endB = b.length();
        while (start < endA && start < endB && a.charAt(start) == b.charAt(start)) {
            start++;
        }
        while (endA > start && endB > start && a.charAt(endA - 1) == b.charAt(endB - 1)) {
            endA--;
            endB--;
        }
        int n = endA - start;
        int m = endB - start;
        if (n == 0 || m == 0) {
            return Math.max(n, m) <= limit;
        }
        // Three rows of the table, not the table: the swap rule looks two rows back.
        int[] twoBack = new int[m + 1];
        int[] previous = new int[m + 1];
        int[] current = new int[m + 1];
        for (int j = 0; j <= m; j++) {
            previous[j] = j;
        }
        for (int i = 1; i <= n; i++) {
            current[0] = i;
            int rowMin = i;
            char ai = a.charAt(start + i - 1);
            for (int j = 1; j <= m; j++) {
                char bj = b.charAt(start + j - 1);
                int value = Math.min(Math.min(current[j - 1] + 1, previous[j] + 1), previous[j - 1] + (ai == bj ? 0 : 1));
                if (i > 1 && j > 1 && ai == b.charAt(start + j - 2) && a.charAt(start + i - 2) == bj) {
                    value = Math.min(value, twoBack[j - 2] + 1);
                }
                current[j] = value;
                rowMin = Math.min(rowMin, value);
            }
            if (rowMin > limit) {
                return false;
            }
            int[] oldest = twoBack;
            twoBack = previous;
            previous = current;
            current = oldest;
        }
        return previous[m] <= limit;
    }

    /** Whether the two words differ by exactly one swap of neighbouring letters. */
    static boolean isOneSwap(String a, String b) {
        if (a.length() != b.length()) {
            return false;
        }
        int first = -1;
        for (int i = 0; i < a.length(); i++) {
            if (a.charAt(i) != b.charAt(i)) {
                first = i;
                break;
            }
        }
        return first >= 0 && first + 1 < a.length()
                && a.charAt(first) == b.charAt(first + 1) && a.charAt(first + 1) == b.charAt(first)
                && a.regionMatches(first + 2, b, first + 2, a.length() - first - 2);
    }
}
