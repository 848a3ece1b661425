package org.procwatch.enrich.match;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class EditDistanceTest {

    @Test
    void shouldCountEditsAndSwapsOfNeighbours() {
        assertThat(EditDistance.atMost("hikvision", "hikvison", 1)).isTrue();
        assertThat(EditDistance.atMost("hikvision", "hikvsiion", 1)).isTrue();
        assertThat(EditDistance.atMost("hikvision", "hikvisoin", 1)).isTrue();
        assertThat(EditDistance.atMost("rilchenzbj", "rilchenuzb", 2)).isTrue();
        assertThat(EditDistance.atMost("rilchenzbj", "rilchenuzb", 1)).isFalse();
        assertThat(EditDistance.atMost("technology", "tecnhologyy", 2)).isTrue();
        assertThat(EditDistance.atMost("technology", "tecnhologyy", 1)).isFalse();
        // Optimal string alignment edits no letter twice: "ca" to "abc" is three edits, not two.
        assertThat(EditDistance.atMost("ca", "abc", 2)).isFalse();
        assertThat(EditDistance.atMost("xcax", "xabcx", 2)).isFalse();
    }

    /**
     * What the words begin and end with is left out of the table; the answer must be the whole table's, swaps included,
     * also where a repeated letter could be aligned either way.
     */
    @Test
    void shouldAnswerAsTheWholeTableDoes() {
        SplittableRandom random = new SplittableRandom(5);
        for (int round = 0; round < 200_000; round++) {
            String a = word(random);
            String b = random.nextBoolean() ? word(random) : typo(a, random);
            int limit = random.nextInt(4);
            assertThat(EditDistance.atMost(a, b, limit)).as("%s ~ %s within %d", a, b, limit).isEqualTo(wholeTable(a, b) <= limit);
        }
    }

    private static String word(SplittableRandom random) {
        StringBuilder word = new StringBuilder();
        int length = random.nextInt(8);
        for (int i = 0; i < length; i++) {
            word.append((char) ('a' + random.nextInt(3))); // three letters: repeats and swaps meet often
        }
        return word.toString();
    }

    private static String typo(String word, SplittableRandom random) {
        StringBuilder typo = new StringBuilder(word);
        for (int edits = random.nextInt(4); edits > 0; edits--) {
            int at = typo.isEmpty() ? 0 : random.nextInt(typo.length());
            switch (random.nextInt(4)) {
                case 0 -> typo.insert(at, (char) ('a' + random.nextInt(3)));
                case 1 -> { if (!typo.isEmpty()) typo.deleteCharAt(at); }
                case 2 -> { if (!typo.isEmpty()) typo.setCharAt(at, (char) ('a' + random.nextInt(3))); }
                default -> {
                    if (at + 1 < typo.length()) {
                        char first = typo.charAt(at);
                        typo.setCharAt(at, typo.charAt(at + 1));
                        typo.setCharAt(at + 1, first);
                    }
                }
            }
        }
        return typo.toString();
    }

    /** The optimal string alignment distance by its definition: the whole table. */
    private static int wholeTable(String a, String b) {
        int[][] d = new int[a.length() + 1][b.length() + 1];
        for (int i = 0; i <= a.length(); i++) {
            d[i][0] = i;
        }
        for (int j = 0; j <= b.length(); j++) {
            d[0][j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                d[i][j] = Math.min(Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1), d[i - 1][j - 1] + cost);
                if (i > 1 && j > 1 && a.charAt(i - 1) == b.charAt(j - 2) && a.charAt(i - 2) == b.charAt(j - 1)) {
                    d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
                }
            }
        }
        return d[a.length()][b.length()];
    }
}
