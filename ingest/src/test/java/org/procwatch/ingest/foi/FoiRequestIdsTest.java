package org.procwatch.ingest.foi;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class FoiRequestIdsTest {

    @ParameterizedTest(name = "{0} + {1} -> {2}")
    @CsvSource(nullValues = "null", value = {
            "row-7, https://www.whatdotheyknow.com/request/cctv_cameras_2, whatdotheyknow:cctv_cameras_2",
            "row-7, http://whatdotheyknow.com/request/CCTV_Cameras#incoming-123, whatdotheyknow:cctv_cameras",
            "row-7, https://www.whatdotheyknow.com/request/cctv_cameras/response/123/attach/2/a.pdf, whatdotheyknow:cctv_cameras",
            "row-7, https://www.whatdotheyknow.com/request/cctv_cameras.json, whatdotheyknow:cctv_cameras",
            "row-7, https://www.whatdotheyknow.com/request/123456, row-7",
            "row-7, https://www.whatdotheyknow.com.evil.example/request/cctv, row-7",
            "row-7, https://example.org/foi/001, row-7",
            "row-7, null, row-7"})
    void shouldGiveARequestOnWhatDoTheyKnowOneIdWhateverItsSource(String requestId, String sourceUrl, String expected) {
        assertThat(FoiRequestIds.canonical(requestId, sourceUrl)).isEqualTo(expected);
    }
}
