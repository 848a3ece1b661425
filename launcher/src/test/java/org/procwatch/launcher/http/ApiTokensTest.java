package org.procwatch.launcher.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ApiTokensTest {

    @Test
    void shouldNameTheHolderOfEachTokenAndNoOneElse() {
        ApiTokens tokens = ApiTokens.parse("desk:0123456789abcdef0123, night-shift : fedcba9876543210fedc");

        assertThat(tokens.count()).isEqualTo(2);
        assertThat(tokens.nameOf("Bearer 0123456789abcdef0123")).hasValue("desk");
        assertThat(tokens.nameOf("bearer fedcba9876543210fedc")).hasValue("night-shift");
        assertThat(tokens.nameOf("Bearer 0123456789abcdef012")).isEmpty();
        assertThat(tokens.nameOf("0123456789abcdef0123")).as("no scheme").isEmpty();
        assertThat(tokens.nameOf(null)).isEmpty();
        assertThat(ApiTokens.parse("0123456789abcdef0123").nameOf("Bearer 0123456789abcdef0123")).as("a bare secret").hasValue("api-token");
        assertThat(ApiTokens.parse(null).configured()).isFalse();
        assertThat(ApiTokens.parse("  ").configured()).isFalse();
    }

    @Test
    void shouldRefuseAShortSecretOrABadNameWithoutRepeatingTheSecret() {
        assertThatThrownBy(() -> ApiTokens.parse("desk:short-secret")).hasMessageContaining("desk").hasMessageContaining("16")
                .hasMessageNotContaining("short-secret");
        assertThatThrownBy(() -> ApiTokens.parse("<b>:0123456789abcdef0123")).hasMessageContaining("name")
                .hasMessageNotContaining("0123456789abcdef0123");
        assertThat(ApiTokens.parse("desk:0123456789abcdef0123").toString()).contains("desk").doesNotContain("0123456789abcdef0123");
    }
}
