package org.procwatch.ingest.poll.whatdotheyknow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class AlaveteliSiteTest {

    private final AlaveteliSite site = new AlaveteliSite("https://www.whatdotheyknow.com/");

    @Test
    void shouldPutTheQueryInThePathEscapedWholeAndThePageInTheQuery() {
        URI feed = site.feed("cctv (hikvision OR dahua) 01/01/2024..31/12/2024", 3);

        assertThat(feed.toString()).isEqualTo("https://www.whatdotheyknow.com/feed/search/"
                + "cctv%20%28hikvision%20OR%20dahua%29%2001%2F01%2F2024..31%2F12%2F2024.json?page=3");
        assertThat(feed.getPath()).isEqualTo("/feed/search/cctv (hikvision OR dahua) 01/01/2024..31/12/2024.json");
    }

    @Test
    void shouldFollowAnAttachmentLinkOfTheRequestOnTheSameSite() {
        assertThat(site.attachment("cctv_cameras", "/request/cctv_cameras/response/123/attach/2/FOI response.pdf"))
                .contains(URI.create("https://www.whatdotheyknow.com/request/cctv_cameras/response/123/attach/2/FOI%20response.pdf"));
        assertThat(site.attachment("cctv_cameras", "https://www.whatdotheyknow.com/request/cctv_cameras/response/1/attach/3/a.docx?cookie=1"))
                .contains(URI.create("https://www.whatdotheyknow.com/request/cctv_cameras/response/1/attach/3/a.docx"));
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {
            "javascript:alert(1)", "data:text/plain;base64,SGk=", "http://169.254.169.254/latest/meta-data/",
            "https://evil.example/request/cctv_cameras/response/1/attach/2/a.pdf",
            "http://www.whatdotheyknow.com/request/cctv_cameras/response/1/attach/2/a.pdf",
            "/request/another_request/response/1/attach/2/a.pdf", "/request/cctv_cameras/response/1/attach/html/2/a.pdf.html",
            "/request/cctv_cameras/response/1/attach/2/../../../../admin", "//evil.example/x", "#incoming_1", "/body/some_body.json"})
    void shouldNotFollowALinkThatIsNotOneOfTheRequestsAttachments(String href) {
        assertThat(site.attachment("cctv_cameras", href)).isEmpty();
    }

    @Test
    void shouldPutOnlyAlaveteliNamesInAPath() {
        assertThatThrownBy(() -> site.requestJson("../admin")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> site.bodyJson("x?y=1")).isInstanceOf(IllegalArgumentException.class);
        assertThat(site.requestJson("cctv_cameras_2").toString()).isEqualTo("https://www.whatdotheyknow.com/request/cctv_cameras_2.json");
    }

    @Test
    void shouldRefuseABaseUrlThatIsNotHttp() {
        assertThatThrownBy(() -> new AlaveteliSite("file:///etc/passwd")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new AlaveteliSite("ftp://example.org")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void shouldReadAnAnswerFromTheIncomingMessagesOnlyAndSkipHiddenOnes() {
        String page = """
                <div class="outgoing correspondence"><div class="correspondence_text"><p>Do you use Hikvision?</p></div></div>
                <div class="incoming correspondence normal js-collapsible" id="incoming_1"><div class="correspondence_text">
                  <div class="attachments"><ul class="list-of-attachments"><li class="attachment">
                    <a href="/request/cctv_cameras/response/1/attach/2/answer.pdf"><img></a>
                    <p class="attachment__name">answer &lt;b&gt;.pdf</p>
                    <p class="attachment__meta"><a href="/request/cctv_cameras/response/1/attach/html/2/answer.pdf.html">View</a>
                    <a href="/request/cctv_cameras/response/1/attach/2/answer.pdf">Download</a></p></li></ul></div>
                  <div id="foi_attachment_10"><p>We use Dahua.</p><script>We use Hikvision</script></div></div></div>
                <div class="incoming correspondence hidden js-collapsible" id="incoming_2"><div class="correspondence_text">
                  <p>We use Hikvision.</p></div></div>
                """;

        RequestPage.Answer answer = RequestPage.read(page.getBytes(StandardCharsets.UTF_8), "cctv_cameras", site,
                "https://www.whatdotheyknow.com/request/cctv_cameras");

        assertThat(answer.text()).contains("We use Dahua.").doesNotContain("Hikvision", "answer");
        assertThat(answer.attachments()).containsExactly(new RequestPage.Attachment(
                URI.create("https://www.whatdotheyknow.com/request/cctv_cameras/response/1/attach/2/answer.pdf"), "answer <b>.pdf"));
    }
}
