package org.procwatch.enrich.match;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class WordNumbersTest {

    @Test
    void numbersEachWordOnceInTheOrderFirstAdded() {
        WordNumbers words = new WordNumbers();

        assertThat(words.add("hikvision")).isZero();
        assertThat(words.add("dahua")).isEqualTo(1);
        assertThat(words.add("hikvision")).isZero();

        assertThat(words.numberOf("dahua")).isEqualTo(1);
        assertThat(words.numberOf("hytera")).isEqualTo(WordNumbers.UNKNOWN);
        assertThat(words.word(1)).isEqualTo("dahua");
        assertThat(words.size()).isEqualTo(2);
    }

    @Test
    void twoWordsSharingAHashStayTwoWords() {
        // The Thue-Morse string and its complement have one polynomial hash modulo 2^64 for every odd base, at 2^11
        // letters: a name a source could send on purpose.
        String word = thueMorse(11, 'a', 'b');
        String complement = thueMorse(11, 'b', 'a');
        assertThat(WordNumbers.hash(word)).as("the premise: a shared hash").isEqualTo(WordNumbers.hash(complement));
        WordNumbers words = new WordNumbers();

        int first = words.add(word);
        int second = words.add(complement);

        assertThat(second).isNotEqualTo(first);
        assertThat(words.numberOf(word)).isEqualTo(first);
        assertThat(words.numberOf(complement)).isEqualTo(second);
        assertThat(words.numberOf(thueMorse(10, 'a', 'b'))).isEqualTo(WordNumbers.UNKNOWN);
    }

    private static String thueMorse(int order, char zero, char one) {
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < 1 << order; i++) {
            text.append(Integer.bitCount(i) % 2 == 0 ? zero : one);
        }
        return text.toString();
    }
}
