package org.procwatch.ingest.foi.answer;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * How a sentence of an FOI answer speaks of a firm's equipment: the rules, each a pattern of the wording
 * public bodies use. Kept apart from {@link AnswerClassifier}, which applies them sentence by sentence.
 */
final class UsageRules {

    /** What a clause says of a firm. */
    enum Polarity { USES, DOES_NOT_USE, NONE }

    private static final Pattern QUESTION = Pattern.compile("(?i)(?:\\?\\s*\\)?$|^(?:(?:q\\s?\\d{1,2}|question\\s?\\d{1,2}|\\(?\\d{1,2}[.)]"
            + "|\\(?[a-h][.)])[.:)]?\\s*)?(?:please\\s+(?:confirm|provide|state|tell|list|advise|indicate|disclose|supply|send|specify|let)"
            + "|could you|can you|would you|i would like|i'd like|i am writing|i request|i ask|do you|does the|does your|are any|is any"
            + "|are there|is there|have you|has the|which|what|how many|whether)\\b)");
    private static final Pattern ANSWER_PREFIX = Pattern.compile("(?i)^(?:a\\d{0,2}[.:)]|answer\\s?\\d{0,2}[.:]|response[.:]|reply[.:])\\s*");
    private static final String BODY = "(?:council|trust|force|school|university|department|authority|academy|college|board|service)";
    private static final Pattern ANSWER_YES = Pattern.compile("(?i)^(?:yes\\b|we do\\b|it does\\b|the " + BODY + " does\\b|correct\\b"
            + "|that is correct|[1-9]\\d{0,4}\\b)");
    private static final Pattern ANSWER_NO = Pattern.compile("(?i)^(?:no\\b|none\\b|nil\\b|not applicable|n/a\\b|0\\b|we do not\\b|we don't\\b"
            + "|the " + BODY + " (?:does not|doesn't)\\b)");
    private static final Pattern REFUSAL = Pattern.compile("(?i)\\b(?:sections?|s\\.?)\\s?(?:23|24|31|38|43)\\b|neither confirm nor deny|\\bncnd\\b"
            + "|\\bexempt(?:ion)?\\b|\\bwithh(?:e|o)ld|national security|we are unable to (?:provide|disclose|confirm)|(?:cannot|can't|will not|won't)"
            + " (?:provide|disclose|confirm|release)|\\bdeclin(?:e|ed|ing) to\\b|\\brefus");
    /** "... exempt under section 31, we can confirm that ...": what follows is an answer after all. */
    private static final Pattern CONFIRMED = Pattern.compile("(?i)\\b(?:can|do|will|are able to|would like to) confirm (?:that )?");
    private static final Pattern NOT_HELD = Pattern.compile("(?i)\\b(?:do|does|did) not (?:hold|have (?:any )?(?:recorded )?information)\\b"
            + "|\\bnot held\\b|\\bhold no\\b|no (?:recorded )?information (?:is )?held|\\bnot recorded\\b|\\bdo not know\\b");
    /** A denial of every firm at once: no CCTV at all, none of the firms the request named, or all cameras of one other make. */
    private static final Pattern DENIES_ALL = Pattern.compile("(?i)\\b(?:(?:do|does|did) not (?:have|operate|use|own) (?:any )?(?:cctv|cameras?|"
            + "surveillance cameras?)|(?:there are|we have|has|have) no (?:cctv|cameras?|surveillance)|no cctv (?:is|cameras are) (?:installed|used|in use)"
            + "|(?:not use|none of|neither of|not from|not made by) (?:either|any|both|the)? ?(?:of )?(?:the )?(?:two )?(?:manufacturers|companies|firms"
            + "|suppliers|brands|vendors) (?:that )?(?:you )?(?:have )?(?:named|mentioned|listed|referred to|specified))");
    private static final Pattern ALL_OF_ONE_MAKE = Pattern.compile("(?i)\\b(?:all|every one) (?:of )?(?:our|the|its) (?:\\w+ ){0,2}?(?:cameras|cctv"
            + "|equipment)\\b(?: \\w+){0,3}? (?:are|is) (?:made|manufactured|supplied|produced) by\\b");
    private static final Pattern CONCERN = Pattern.compile("(?i)\\b(?:concerns?|concerning|sanction\\w*|banned|ban|guidance|reports?|media|ethical"
            + "|human rights|uyghurs?|uighurs?|xinjiang|security risks?|entity list|covered list)\\b");
    private static final Pattern USAGE = Pattern.compile("(?i)\\b(?:uses?|used|using|install\\w*|cameras?|cctv|systems?|supplied|suppl\\w*"
            + "|manufactur\\w*|models?|equipment|brand|make|nvrs?|dvrs?|recorders?|devices?|units?|fitted|operat\\w*|deploy\\w*)\\b|\\d");
    private static final Pattern EXCEPTION = Pattern.compile("(?i)\\b(?:other than|except(?:ing)?(?: for)?|apart from|with the exception of"
            + "|besides|save for|but for|only)\\b");
    private static final Pattern STILL_IN_USE = Pattern.compile("(?i)\\b(?:being|to be|will be|planned to be|scheduled to be|due to be"
            + "|in the process of being|yet to be) (?:replaced|removed|phased out|decommissioned)|\\bphasing (?:them )?out\\b|\\bremain(?:s|ing)?\\b");
    private static final Pattern NO_LONGER = Pattern.compile("(?i)\\b(?:no longer|previously|formerly|used to|in the past|historically)\\b"
            + "|\\b(?:were|was|have been|has been|had been|all) (?:all )?(?:replaced|removed|decommissioned|phased out)\\b");
    private static final Pattern NEGATION = Pattern.compile("(?i)\\b(?:not|no|none|never|neither|nor|without|zero|nil|n/a)\\b|n't\\b"
            + "|\\bfree (?:of|from)\\b|\\|\\s*0\\b|:\\s*0\\b|\\|\\s*-\\s*$");
    /** A negation of a feature, not of the equipment ("do not have facial recognition enabled"). */
    private static final Pattern FEATURE_NEGATION = Pattern.compile("(?i)(?:\\bnot|\\bno|n't)\\s+(?:\\w+\\s+){0,3}?(?:facial|face|recognition"
            + "|capabilit\\w*|audio|anpr|analytics|enabled|connected|internet|access|cloud)\\b");
    /** Negations a vendor's name can be denied by; "replaced with Axis" names Axis as used. */
    private static final Pattern VENDOR_NEGATION = Pattern.compile("(?i)\\b(?:not|no|none|never|neither|nor|without)\\b|n't\\b");
    private static final Pattern PARTNER = Pattern.compile("(?i)^\\s*(?:accredited|certified|approved|authori[sz]ed|trained|gold|silver)?\\s*"
            + "(?:partners?|installers?|dealers?|distributors?|resellers?)\\b");
    private static final Pattern CLAUSE_BREAK = Pattern.compile("(?i);|\\s-\\s|\\bbut\\b|\\bhowever\\b|\\bwhereas\\b|\\bwhile\\b|\\balthough\\b");
    private static final Pattern WORD = Pattern.compile("[\\p{L}\\p{N}']+");
    /** How far after a firm's name a negation still speaks of it ("Dahua cameras are not used"). */
    private static final int WORDS_AFTER = 4;

    private final FirmTerms firms;

    UsageRules(FirmTerms firms) {
        this.firms = firms;
    }

    static boolean isQuestion(String sentence) {
        return QUESTION.matcher(sentence).find();
    }

    /** The polarity of the answer right under a question ("Yes", "None", "14"), if it is one. */
    static Polarity answerBelow(String next, int firmsAsked) {
        String answer = ANSWER_PREFIX.matcher(next).replaceFirst("");
        if (ANSWER_NO.matcher(answer).lookingAt()) {
            return Polarity.DOES_NOT_USE;
        }
        // "Hikvision or Dahua? Yes" says neither which.
        return ANSWER_YES.matcher(answer).lookingAt() && firmsAsked == 1 ? Polarity.USES : Polarity.NONE;
    }

    static boolean saysNotHeld(String sentence) {
        return NOT_HELD.matcher(sentence).find();
    }

    /**
     * What of the sentence is an answer: all of it, or, in a sentence that refuses or withholds, only what
     * follows a "we can confirm that" after the refusal; null when nothing is.
     */
    static String answerPart(String sentence) {
        Matcher refusal = REFUSAL.matcher(sentence);
        if (!refusal.find()) {
            return sentence;
        }
        int refusalEnd = refusal.end();
        while (refusal.find()) {
            refusalEnd = refusal.end();
        }
        Matcher confirmed = CONFIRMED.matcher(sentence);
        return confirmed.find(refusalEnd) ? sentence.substring(confirmed.end()) : null;
    }

    /** Whether the sentence, naming neither firm, still denies both (no CCTV; neither firm named; all cameras one other make). */
    static boolean deniesAll(String sentence, boolean namesAnotherVendor) {
        return DENIES_ALL.matcher(sentence).find() || namesAnotherVendor && ALL_OF_ONE_MAKE.matcher(sentence).find();
    }

    /** What each clause of the sentence that names the firm says of it; a "yes" in any clause makes it used. */
    List<Polarity> polarities(String sentence, String firm) {
        List<Polarity> polarities = new ArrayList<>();
        for (String clause : clausesNaming(sentence, firm)) {
            polarities.add(polarity(clause, firm));
        }
        return polarities;
    }

    private Polarity polarity(String clause, String firm) {
        if (firms.namedAs(clause, firm, PARTNER) || CONCERN.matcher(clause).find() && !USAGE.matcher(clause).find()) {
            return Polarity.NONE;
        }
        if (STILL_IN_USE.matcher(clause).find()) {
            return Polarity.USES;
        }
        Matcher exception = EXCEPTION.matcher(clause);
        if (exception.find() && firms.named(clause.substring(exception.end())).contains(firm)) {
            return Polarity.USES;
        }
        if (NO_LONGER.matcher(clause).find()) {
            return Polarity.DOES_NOT_USE;
        }
        String withoutFeatures = FEATURE_NEGATION.matcher(clause).replaceAll(" ");
        int name = firms.firstMention(withoutFeatures, firm);
        if (name < 0) {
            return Polarity.USES;
        }
        Matcher before = NEGATION.matcher(withoutFeatures.substring(0, name));
        Matcher after = NEGATION.matcher(firstWords(withoutFeatures.substring(name), WORDS_AFTER + 1));
        return before.find() || after.find() ? Polarity.DOES_NOT_USE : Polarity.USES;
    }

    /**
     * The parts of the sentence that speak of the firm: "none are Dahua; 12 are Hikvision" holds two
     * answers. A bare name ("Hikvision - none", "... nor Dahua") goes with the part after it, else before it.
     */
    private List<String> clausesNaming(String sentence, String firm) {
        String[] clauses = CLAUSE_BREAK.split(sentence);
        List<String> naming = new ArrayList<>();
        for (int i = 0; i < clauses.length; i++) {
            if (!firms.named(clauses[i]).contains(firm)) {
                continue;
            }
            boolean bare = words(firms.withoutFirms(clauses[i])) <= 1;
            if (bare && i + 1 < clauses.length) {
                naming.add(clauses[i] + " " + clauses[i + 1]);
            } else if (bare && i > 0) {
                naming.add(clauses[i - 1] + " " + clauses[i]);
            } else {
                naming.add(clauses[i]);
            }
        }
        return naming.isEmpty() ? List.of(sentence) : naming;
    }

    /** The clauses of a sentence in which another vendor or a capability is named as used, not denied. */
    static List<String> affirmedClauses(String sentence) {
        List<String> affirmed = new ArrayList<>();
        for (String clause : CLAUSE_BREAK.split(sentence)) {
            if (!VENDOR_NEGATION.matcher(clause).find()) {
                affirmed.add(clause);
            }
        }
        return affirmed;
    }

    private static int words(String text) {
        int count = 0;
        for (Matcher word = WORD.matcher(text); word.find(); ) {
            count++;
        }
        return count;
    }

    private static String firstWords(String text, int count) {
        Matcher word = WORD.matcher(text);
        for (int i = 0; i < count; i++) {
            if (!word.find()) {
                return text;
            }
        }
        return text.substring(0, word.end());
    }
}
