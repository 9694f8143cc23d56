package io.quocrmbridge.crm;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;

import org.junit.jupiter.api.Test;

/** The documented linking policies, decided from the matches (most recent first). */
class LinkPolicyTest {

    private static final String NUMBER = "+15125550147";

    @Test
    void oneMatchIsLinkedUnderEveryPolicy() {
        for (String noMatch : List.of("unlinked", "skip", "create-contact", "create-lead")) {
            for (String multiple : List.of("most-recent", "all", "dead-letter")) {
                LinkPolicy.Decision d = LinkPolicy.parse(noMatch, multiple).decide(List.of("003A"), NUMBER);
                assertThat(d.whoId(), equalTo("003A"));
                assertThat(d.others(), empty());
            }
        }
    }

    @Test
    void noMatchIsUnlinkedHeldOrCreatedAsConfigured() {
        assertThat(LinkPolicy.parse("unlinked", "most-recent").decide(List.of(), NUMBER).whoId(), nullValue());
        assertThat(LinkPolicy.parse("skip", "most-recent").decide(List.of(), NUMBER).hold(), is(true));
        assertThat(LinkPolicy.parse("create-contact", "most-recent").decide(List.of(), NUMBER).create(), is(true));
        assertThat(LinkPolicy.parse("create-lead", "most-recent").decide(List.of(), NUMBER).create(), is(true));
        // nothing is created for a number nobody knows (participants unavailable): written unlinked
        LinkPolicy.Decision unknownNumber = LinkPolicy.parse("create-contact", "most-recent").decide(List.of(), null);
        assertThat(unknownNumber.create(), is(false));
        assertThat(unknownNumber.hold(), is(false));
    }

    @Test
    void severalMatchesLinkTheMostRecentAllOrGoToDeadLetters() {
        List<String> matches = List.of("003new", "003mid", "003old");
        assertThat(LinkPolicy.parse("unlinked", "most-recent").decide(matches, NUMBER).whoId(), equalTo("003new"));
        LinkPolicy.Decision all = LinkPolicy.parse("unlinked", "all").decide(matches, NUMBER);
        assertThat(all.whoId(), equalTo("003new"));
        assertThat(all.others(), contains("003mid", "003old"));
        LinkPolicy.Decision dead = LinkPolicy.parse("unlinked", "dead-letter").decide(matches, NUMBER);
        assertThat(dead.whoId(), nullValue());
        assertThat(dead.deadLetter(), containsString("3 CRM records match " + NUMBER));
    }

    @Test
    void anUnknownPolicyNameIsRefusedNamingTheSetting() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> LinkPolicy.parse("ignore", "most-recent"));
        assertThat(e.getMessage(), containsString("ACTIVITY_LINK_NO_MATCH"));
        assertThat(e.getMessage(), containsString("create-lead"));
    }
}
