package org.procwatch.schemas.web;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class WebAddressTest {

    @Test
    void shouldTakeOnlyAbsoluteHttpAddressesWithAHost() {
        assertThat(WebAddress.isHttp("https://www.whatdotheyknow.com/request/cctv_cameras_42")).isTrue();
        assertThat(WebAddress.isHttp("HTTP://example.org/a?b=c#d")).isTrue();
        assertThat(WebAddress.isHttp("https://[2001:db8::1]/x")).isTrue();

        assertThat(WebAddress.isHttp("javascript:alert(1)")).isFalse();
        assertThat(WebAddress.isHttp("JavaScript:alert(document.cookie)")).isFalse();
        assertThat(WebAddress.isHttp("data:text/html,<script>alert(1)</script>")).isFalse();
        assertThat(WebAddress.isHttp("file:///etc/passwd")).isFalse();
        assertThat(WebAddress.isHttp("//example.org/no-scheme")).isFalse();
        assertThat(WebAddress.isHttp("/request/relative")).isFalse();
        assertThat(WebAddress.isHttp("https:///no-host")).isFalse();
        assertThat(WebAddress.isHttp("https://example.org/a b")).isFalse();
        assertThat(WebAddress.isHttp("https://example.org/\nSet-Cookie: x")).isFalse();
        assertThat(WebAddress.isHttp(" https://example.org/")).isFalse();
        assertThat(WebAddress.isHttp("")).isFalse();
        assertThat(WebAddress.isHttp(null)).isFalse();
    }
}
