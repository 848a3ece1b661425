package org.procwatch.enrich.match;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.carrotsearch.hppc.LongArrayList;
import org.junit.jupiter.api.Test;

class WordTableTest {

    @Test
    void findsEachWordWithItsFactsAndNames() {
        WordTable.Builder read = new WordTable.Builder();
        assertThat(read.add("hikvision", 0)).isZero();
        assertThat(read.add("dahua", 1)).isEqualTo(1);
        assertThat(read.add("hikvision", 2)).isZero();
        assertThat(read.add("hikvision", 2)).as("a name twice in a word's names").isZero();

        WordTable table = read.build(new float[] {2.5f, 7.25f}, new boolean[] {true, false}, new int[] {42, 0},
                name -> 1000L + name);

        int hikvision = table.numberOf("hikvision");
        int dahua = table.numberOf("dahua");
        assertThat(hikvision).isEqualTo(read.numberInTable(0));
        assertThat(dahua).isEqualTo(read.numberInTable(1)).isNotEqualTo(hikvision);
        assertThat(table.word(hikvision)).isEqualTo("hikvision");
        assertThat(table.word(dahua)).isEqualTo("dahua");
        assertThat(table.weight(hikvision)).isEqualTo(2.5f);
        assertThat(table.weight(dahua)).isEqualTo(7.25f);
        assertThat(table.isDistinctive(hikvision)).isTrue();
        assertThat(table.isDistinctive(dahua)).isFalse();
        assertThat(table.typoKey(hikvision)).isEqualTo(42);
        assertThat(table.frequency(hikvision)).isEqualTo(2);
        LongArrayList names = new LongArrayList();
        table.addNames(hikvision, names);
        table.addNames(dahua, names);
        assertThat(names.toArray()).containsExactly(1000L, 1002L, 1001L);
    }

    @Test
    void tellsWordsNoNameHasIncludingPrefixesAndPairs() {
        WordTable.Builder read = new WordTable.Builder();
        read.add("hikvision", 0);
        read.add("vision", 0);
        WordTable table = read.build(new float[2], new boolean[2], new int[2], name -> name);

        assertThat(table.numberOf("hytera")).isEqualTo(WordTable.UNKNOWN);
        assertThat(table.numberOf("hikvisio")).isEqualTo(WordTable.UNKNOWN);
        assertThat(table.numberOf("hikvisionx")).isEqualTo(WordTable.UNKNOWN);
        assertThat(table.numberOf("hik", "vision")).isEqualTo(table.numberOf("hikvision"));
        assertThat(table.numberOf("hik", "visio")).isEqualTo(WordTable.UNKNOWN);
        assertThat(table.frequency(WordTable.UNKNOWN)).isZero();
        LongArrayList names = new LongArrayList();
        table.addNames(WordTable.UNKNOWN, names);
        assertThat(names.isEmpty()).isTrue();
    }

    @Test
    void keepsLettersBeyondLatinAndOfEveryLength() {
        WordTable.Builder read = new WordTable.Builder();
        String[] words = {"a", "ab", "abc", "abcd", "abcde", "海康威视", "hikvisión", "x".repeat(301)};
        for (int i = 0; i < words.length; i++) {
            read.add(words[i], i);
        }
        WordTable table = read.build(new float[words.length], new boolean[words.length], new int[words.length], name -> name);

        for (int i = 0; i < words.length; i++) {
            int number = table.numberOf(words[i]);
            assertThat(number).as(words[i]).isEqualTo(read.numberInTable(i));
            assertThat(table.word(number)).isEqualTo(words[i]);
            LongArrayList names = new LongArrayList();
            table.addNames(number, names);
            assertThat(names.toArray()).as("the names after the letters of " + words[i]).containsExactly(i);
        }
    }

    @Test
    void twoWordsSharingAHashStayTwoWords() {
        // The Thue-Morse string and its complement have one polynomial hash modulo 2^64 for every odd base, at 2^11
        // letters: a name a source could send on purpose.
        String word = thueMorse(11, 'a', 'b');
        String complement = thueMorse(11, 'b', 'a');
        assertThat(WordTable.hash(word)).as("the premise: a shared hash").isEqualTo(WordTable.hash(complement));
        WordTable.Builder read = new WordTable.Builder();
        read.add(word, 0);
        read.add(complement, 1);
        WordTable table = read.build(new float[2], new boolean[2], new int[2], name -> name);

        assertThat(table.numberOf(word)).isEqualTo(read.numberInTable(0));
        assertThat(table.numberOf(complement)).isEqualTo(read.numberInTable(1)).isNotEqualTo(table.numberOf(word));
        assertThat(table.numberOf(thueMorse(10, 'a', 'b'))).isEqualTo(WordTable.UNKNOWN);
    }

    @Test
    void refusesWordsOnceBuilt() {
        WordTable.Builder read = new WordTable.Builder();
        read.add("dahua", 0);
        read.build(new float[1], new boolean[1], new int[1], name -> name);

        assertThatThrownBy(() -> read.add("hytera", 1)).isInstanceOf(IllegalStateException.class);
    }

    private static String thueMorse(int order, char zero, char one) {
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < 1 << order; i++) {
            text.append(Integer.bitCount(i) % 2 == 0 ? zero : one);
        }
        return text.toString();
    }
}
