package org.procwatch.enrich.query;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import org.apache.kafka.streams.KeyValue;
import org.junit.jupiter.api.Test;

class StateStoresTest {

    @Test
    void shouldKeepTheFirstInOrderOfWhatPassesTheFilter() {
        List<KeyValue<String, Integer>> entries = new ArrayList<>();
        Random random = new Random(7);
        List<Integer> values = new ArrayList<>();
        for (int i = 0; i < 10_000; i++) {
            int value = random.nextInt(1_000_000);
            values.add(value);
            entries.add(KeyValue.pair("k" + i, value));
        }
        entries.add(KeyValue.pair("tombstone", null));
        Comparator<Integer> largestFirst = Comparator.reverseOrder();

        List<Integer> first = StateStores.first(entries.iterator(), value -> value % 2 == 0, largestFirst, 25);

        List<Integer> expected = values.stream().filter(value -> value % 2 == 0).sorted(largestFirst).limit(25).toList();
        assertThat(first).containsExactlyElementsOf(expected);
        assertThat(StateStores.first(entries.iterator(), value -> false, largestFirst, 25)).isEmpty();
        assertThat(StateStores.first(List.of(KeyValue.pair("a", 3), KeyValue.pair("b", 9)).iterator(), value -> true, largestFirst, 25))
                .containsExactly(9, 3);
    }
}
