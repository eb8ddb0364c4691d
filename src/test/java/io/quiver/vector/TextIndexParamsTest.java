package io.quiver.vector;

import io.quiver.vector.filter.TextTokenizer;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A text index's schema parameters as its tokenizer: stopwords by language and custom lists. */
class TextIndexParamsTest {

    @Test
    void englishStopwordsAreDroppedFromDocumentsAndQueries() {
        TextTokenizer t = TextIndexParams.tokenizer("{\"type\":\"text\",\"tokenizer\":\"word\",\"stopwords\":\"english\"}");
        assertEquals(List.of("robot", "stars"), t.tokens("The Robot of the Stars"));
        assertEquals(List.of("robot", "star"), t.queryTokens("robot of the star"));
        assertTrue(t.matches("a robot", t.queryTokens("the robot"), true), "a phrase skips the stopwords on both sides");
    }

    @Test
    void languagesAndCustomWordsCombine() {
        TextTokenizer t = TextIndexParams.tokenizer(
                "{\"type\":\"text\",\"stopwords\":{\"languages\":[\"en\"],\"custom\":[\"Robot\"]}}");
        assertEquals(List.of("stars"), t.tokens("The robot of the stars"));
        assertFalse(TextIndexParams.tokenizer("{\"type\":\"text\"}").stopwords().contains("the"), "no stopwords unless asked");
        assertEquals(null, TextIndexParams.language("klingon"));
        assertEquals("english", TextIndexParams.language("English"));
    }
}
