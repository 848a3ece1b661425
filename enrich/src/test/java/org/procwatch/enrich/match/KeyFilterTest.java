package org.procwatch.enrich.match;

import static org.assertj.core.api.Assertions.assertThat;

import com.carrotsearch.hppc.LongHashSet;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class KeyFilterTest {

    @Test
    void shouldKeepEveryKeyGivenAndRuleOutMostOthers() {
        SplittableRandom random = new SplittableRandom(3);
        LongHashSet keys = new LongHashSet();
        for (int i = 0; i < 200_000; i++) {
            keys.add(WordTable.hash("word" + random.nextLong()));
        }
        KeyFilter filter = KeyFilter.of(keys);

        for (var key : keys) {
            assertThat(filter.mayContain(key.value)).isTrue();
        }
        int perhaps = 0;
        int others = 200_000;
        for (int i = 0; i < others; i++) {
            long other = WordTable.hash("other" + random.nextLong());
            if (!keys.contains(other) && filter.mayContain(other)) {
                perhaps++;
            }
        }
        assertThat((double) perhaps / others).as("share of absent keys not ruled out").isLessThan(0.1);
    }

    @Test
    void shouldHoldAnEmptyMapsKeys() {
        KeyFilter filter = KeyFilter.of(new LongHashSet());
        assertThat(filter.mayContain(WordTable.hash("anything"))).isFalse();
    }
}
