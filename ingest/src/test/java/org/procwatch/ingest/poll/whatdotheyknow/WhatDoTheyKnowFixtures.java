package org.procwatch.ingest.poll.whatdotheyknow;

import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.procwatch.ingest.poll.whatdotheyknow.AlaveteliTestServer.Attachment;
import org.procwatch.ingest.poll.whatdotheyknow.AlaveteliTestServer.Body;
import org.procwatch.ingest.poll.whatdotheyknow.AlaveteliTestServer.Message;
import org.procwatch.ingest.poll.whatdotheyknow.AlaveteliTestServer.Request;
import org.procwatch.ingest.text.TestDocuments;

/**
 * Requests as WhatDoTheyKnow holds them for a CCTV campaign: every Alaveteli state, the body tags CONTRACTS
 * section 5 maps, answers in the message text and in HTML, plain text, PDF, DOCX and XLSX attachments, a
 * damaged and an oversized attachment, a hidden request, a hidden message, and hostile text and links.
 * Invented bodies and answers; the shapes are Alaveteli's.
 */
final class WhatDoTheyKnowFixtures {

    static final Body RIVERSIDE = new Body("riverside_primary_school", "Riverside Primary School", List.of("school"));
    static final Body KINGSBRIDGE = new Body("kingsbridge_high_school", "Kingsbridge High School", List.of("academies", "school"));
    static final Body ST_MARYS = new Body("st_marys_school", "St Mary's School", List.of("school"));
    static final Body NORTH_SHIRE = new Body("north_shire_council", "North Shire Council", List.of("local_council", "county_council"));
    static final Body WEST_POLICE = new Body("west_shire_police", "West Shire Police", List.of("police_force"));
    static final Body METRO_POLICE = new Body("metro_police", "Metro Police Service", List.of("police"));
    static final Body CITY_HOSPITAL = new Body("city_hospital_nhs_trust", "City Hospital NHS Trust", List.of("nhstrust", "health"));
    static final Body UNIVERSITY = new Body("university_of_exampleton", "University of Exampleton", List.of("university"));
    static final Body DEPARTMENT = new Body("department_for_examples", "Department for Examples", List.of("department"));
    static final Body AGENCY = new Body("examples_agency", "Examples Agency", List.of("non_ministerial_department"));
    static final Body UNTAGGED = new Body("harbour_board", "Harbour Board", List.of());
    static final Body HOSTILE = new Body("evil_council", "Evil <script>alert('x')</script> Council", List.of("local_council"));

    /** Bigger than the poller's cap on one attachment (5 MB). */
    static final int OVERSIZED = 6 * 1024 * 1024;

    private WhatDoTheyKnowFixtures() {
    }

    static List<Request> requests() {
        List<Request> requests = new ArrayList<>();
        requests.add(request("cctv_riverside", "successful", RIVERSIDE, 1,
                message(101, "<p>Dear Requester,</p><p>The school uses 12 Hikvision cameras.</p><p>Yours sincerely,<br>School Business Manager</p>",
                        new Attachment(2, "cctv_response.pdf", "application/pdf",
                                TestDocuments.pdf("Manufacturer    Cameras", "Hikvision    12", "Dahua    0")))));
        requests.add(request("cctv_kingsbridge", "partially_successful", KINGSBRIDGE, 2,
                message(102, "<p>Please find our response attached.</p>",
                        new Attachment(2, "FOI 2025-17 response.docx",
                                "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
                                TestDocuments.docx("Response to your request", "The Academy does not use Dahua cameras.",
                                        "Our cameras are HiLook models supplied in 2019.")))));
        requests.add(request("cctv_north_shire", "successful", NORTH_SHIRE, 3,
                message(103, "<p>The table attached lists the council's cameras by manufacturer.</p>",
                        new Attachment(2, "cameras.xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                                TestDocuments.xlsx(new String[] {"Manufacturer", "Quantity"}, new String[] {"Dahua", "40"},
                                        new String[] {"Axis", "10"}, new String[] {"Hikvision", "0"})))));
        requests.add(request("cctv_west_police", "rejected", WEST_POLICE, 4,
                message(104, "<p>West Shire Police can neither confirm nor deny that it holds the information, by virtue of sections "
                        + "24(2) and 31(3).</p>")));
        requests.add(request("cctv_metro_police", "not_held", METRO_POLICE, 5,
                message(105, "<p>The Metro Police Service does not hold the information you have requested.</p>")));
        requests.add(request("cctv_city_hospital", "waiting_response", CITY_HOSPITAL, 6));
        requests.add(request("cctv_university", "waiting_response_overdue", UNIVERSITY, 7));
        requests.add(request("cctv_department", "waiting_response_very_overdue", DEPARTMENT, 8));
        requests.add(request("cctv_agency", "waiting_clarification", AGENCY, 9,
                message(109, "<p>Could you please clarify which sites you mean?</p>")));
        requests.add(request("cctv_north_shire_review", "internal_review", NORTH_SHIRE, 10));
        requests.add(request("cctv_st_marys", "gone_postal", ST_MARYS, 11));
        requests.add(request("cctv_harbour_admin", "requires_admin", UNTAGGED, 12));
        requests.add(request("cctv_harbour_attention", "attention_requested", UNTAGGED, 13));
        requests.add(request("cctv_withdrawn", "user_withdrawn", RIVERSIDE, 14));
        requests.add(request("cctv_vexatious", "vexatious", NORTH_SHIRE, 15));
        requests.add(request("cctv_not_foi", "not_foi", NORTH_SHIRE, 16));
        requests.add(request("cctv_error", "error_message", UNIVERSITY, 17,
                message(117, "<p>Delivery has failed to these recipients.</p>")));
        requests.add(new Request("cctv_backpage", "successful", "backpage", false, UNIVERSITY, day(18),
                List.of(message(118, "<p>We use Hikvision.</p>")), 0));
        requests.add(new Request("cctv_hidden", "successful", "normal", true, UNIVERSITY, day(19),
                List.of(message(119, "<p>We use Dahua.</p>")), 0));
        requests.add(request("cctv_evil", "successful", HOSTILE, 20,
                message(120, "<p onclick=\"steal()\">We do not use Hikvision or Dahua.<script>document.write('We use Hikvision')</script> "
                                + "See <a href=\"javascript:alert(1)\">our policy</a>.</p>",
                        new Attachment(2, "javascript:alert(1)", "text/plain", "We use Dahua.".getBytes(StandardCharsets.UTF_8)),
                        new Attachment(3, "http://169.254.169.254/latest/meta-data/answer.txt", "text/plain",
                                "We use Dahua.".getBytes(StandardCharsets.UTF_8)),
                        new Attachment(4, "letter.html", "text/html",
                                "<html><body><table><tr><td>Axis</td><td>6</td></tr></table><script>alert(1)</script></body></html>"
                                        .getBytes(StandardCharsets.UTF_8)),
                        new Attachment(5, "notes.txt", "text/plain",
                                "The council uses Bosch recorders.".getBytes(StandardCharsets.UTF_8)),
                        new Attachment(6, "scan.pdf", "application/pdf", "%PDF-1.7 not really a PDF".getBytes(StandardCharsets.US_ASCII)),
                        new Attachment(7, "everything.txt", "text/plain", oversized()))));
        requests.add(request("cctv_harbour_answer", "successful", UNTAGGED, 21,
                new Message(121, "requester_only", "<p>We use Dahua cameras.</p>", List.of()),
                message(122, "<p>No Dahua cameras are used by the Board.</p>")));
        return requests;
    }

    static Message message(int id, String html, Attachment... attachments) {
        return new Message(id, "normal", html, Arrays.asList(attachments));
    }

    private static Request request(String urlTitle, String state, Body body, int day, Message... messages) {
        return new Request(urlTitle, state, "normal", false, body, day(day), Arrays.asList(messages), 0);
    }

    private static LocalDate day(int day) {
        return LocalDate.of(2025, 2, 1).plusDays(day);
    }

    private static byte[] oversized() {
        byte[] bytes = new byte[OVERSIZED];
        Arrays.fill(bytes, (byte) 'a');
        return bytes;
    }
}
