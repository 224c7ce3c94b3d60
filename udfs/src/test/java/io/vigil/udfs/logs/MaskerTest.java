package io.vigil.udfs.logs;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class MaskerTest {

    private static String mask(String line) {
        return String.join(" ", Masker.defaults().tokens(line));
    }

    @Test
    void numbersAddressesAndIdsBecomeVariables() {
        assertThat(mask("Received block blk_-1608999687919862906 of size 91178 from /10.250.10.6"))
                .isEqualTo("Received block blk_<*> of size <*> from <*>");
        assertThat(mask("took 0.2477829 s at 12:30:01 port 50010"))
                .isEqualTo("took <*> at <*> port <*>");
        assertThat(mask("instance b9000564-fe1a-409b-b8cc-1e88b294cd1d id 0x3fa2 hash deadbeef01"))
                .isEqualTo("instance <*> id <*> hash <*>");
    }

    @Test
    void longRunsOfHexLettersAreValuesShortOnesWords() {
        assertThat(mask("vis=0x8 mask=ffffffff flag=FFFFFFFF"))
                .isEqualTo("vis=<*> mask=<*> flag=<*>");
        assertThat(mask("added face to cafe bead feed")).isEqualTo("added face to cafe bead feed");
        assertThat(mask("deadbeefs defaced")).isEqualTo("deadbeefs defaced");
    }

    @Test
    void keyValuePairsKeepTheKey() {
        assertThat(mask("logname= uid=0 euid=0 tty=NODEVssh rhost=10.0.0.1"))
                .isEqualTo("logname= uid=<*> euid=<*> tty=NODEVssh rhost=<*>");
    }

    @Test
    void wordsWithAFewDigitsStayConstants() {
        assertThat(mask("via interface eth0 using SOCKS5 ssh2"))
                .isEqualTo("via interface eth0 using SOCKS5 ssh2");
    }

    @Test
    void pathsUrlsAndTimestampWordsAreVariables() {
        assertThat(mask("creating device node '/udev/vcs2'")).isEqualTo("creating device node <*>");
        assertThat(mask("GET http://example.com/a HTTP/1.1")).isEqualTo("GET <*> HTTP/<*>");
        assertThat(mask("connection at Fri Jun 17 07:07:00 2005")).isEqualTo("connection at <*>");
        assertThat(mask("May I help")).isEqualTo("May I help");
    }

    @Test
    void repeatedVariableTokensFoldIntoOne() {
        assertThat(mask("delete blk_1 blk_-2 blk_3 done")).isEqualTo("delete blk_<*> done");
    }

    @Test
    void extraPatternsApplyFirst() {
        Masker m = Masker.withPatterns(List.of(Pattern.compile("user \\w+")));
        assertThat(String.join(" ", m.tokens("login by user alice ok")))
                .isEqualTo("login by <*> ok");
    }

    @Test
    void emptyMessageIsOneEmptyToken() {
        assertThat(Masker.defaults().tokens("   ")).containsExactly("");
    }

    private static String shown(String line) {
        return String.join(" ", Masker.defaults().display(line));
    }

    @Test
    void templatesShowValuesWithThePunctuationAroundThem() {
        assertThat(shown("Running task 0.0 in stage 1.0 (TID 305), now"))
                .isEqualTo("Running task <*> in stage <*> (TID <*>), now");
        assertThat(shown("creating device node '/udev/vcs2'."))
                .isEqualTo("creating device node '<*>'.");
        assertThat(shown("Input split: hdfs://10.0.0.1:9000/a/b:0+7"))
                .isEqualTo("Input split: hdfs://<*>");
        assertThat(shown("connection from 1.2.3.4 () at x"))
                .isEqualTo("connection from <*> (<*>) at x");
        assertThat(shown("Fan speeds ( 3 4 )")).isEqualTo("Fan speeds ( <*> <*> )");
    }

    @Test
    void templatesShowHostAndPortAndUnderscoreIdsAsTheLabelsDo() {
        assertThat(shown("Receiving block blk_-42 src: /10.0.0.1:50010 dest: /10.0.0.2:50010"))
                .isEqualTo("Receiving block <*> src: <*>:<*> dest: <*>:<*>");
        assertThat(shown("Found block rdd_2_3 locally")).isEqualTo("Found block <*> locally");
        assertThat(shown("at 12:30:01 now")).isEqualTo("at <*>:<*>:<*> now");
    }

    @Test
    void foldedTokensAreShownAsTheFirstLineHasThem() {
        // The key folds a value, its unit and a bracketed value into one variable; the template
        // shows them.
        assertThat(mask("sent 403 bytes (1.16 KB) ok")).isEqualTo("sent <*> ok");
        assertThat(shown("sent 403 bytes (1.16 KB) ok")).isEqualTo("sent <*> bytes (<*> KB) ok");
    }

    @Test
    void displayHasOneTokenPerKeyToken() {
        for (String line :
                List.of(
                        "sent 403 bytes (1.16 KB) ok",
                        "delete blk_1 blk_-2 blk_3 done",
                        "connection at Fri Jun 17 07:07:00 2005, from x",
                        "Receiving block blk_-42 src: /10.0.0.1:50010 dest: /10.0.0.2:50010",
                        "")) {
            assertThat(Masker.defaults().display(line))
                    .as(line)
                    .hasSameSizeAs(Masker.defaults().tokens(line));
        }
    }

    @Test
    void theKeyIgnoresTheTextRules() {
        String line = "Running task 0.0 in stage 1.0 (TID 305) blk_7 at 10.0.0.1:80";
        Masker noText =
                Masker.withRules(
                        java.util.EnumSet.complementOf(
                                java.util.EnumSet.of(
                                        MinerRule.KEEP_PUNCTUATION,
                                        MinerRule.COLON_SEPARATES,
                                        MinerRule.WHOLE_IDS)));
        assertThat(Masker.defaults().tokens(line)).containsExactly(noText.tokens(line));
        assertThat(noText.display(line)).containsExactly(noText.tokens(line));
        assertThat(mask(line)).isEqualTo("Running task <*> in stage <*> (TID <*> blk_<*> at <*>");
    }
}
