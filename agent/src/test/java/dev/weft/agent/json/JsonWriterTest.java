package dev.weft.agent.json;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class JsonWriterTest {

    private static String compact(JsonWritable value) {
        return JsonWriter.render(value);
    }

    @Test
    void membersComeOutInTheOrderWrittenWithoutWhitespace() {
        assertEquals("{\"b\":1,\"a\":[true,null,\"x\"],\"c\":{},\"d\":[]}", compact(json -> json.beginObject()
                .name("b").value(1)
                .name("a").beginArray().value(true).nullValue().value("x").endArray()
                .name("c").beginObject().endObject()
                .name("d").beginArray().endArray()
                .endObject()));
    }

    @Test
    void stringsAreQuotedAsJsonAndPromQlReadThem() {
        assertEquals("\"say \\\"hi\\\" \\\\ now\\n\\r\\t\\u0001\\u001f · é\"", JsonWriter.quote("say \"hi\" \\ now\n\r\t\u0001\u001f · é"));
        assertEquals("\"/ and <tags> stay\"", JsonWriter.quote("/ and <tags> stay"));
        assertEquals("null", JsonWriter.quote(null));
        assertEquals("[null,\"\"]", compact(json -> json.beginArray().value((String) null).value("").endArray()));
        assertEquals("{\"we\\\"ird\":0}", compact(json -> json.beginObject().name("we\"ird").value(0).endObject()));
    }

    @Test
    void numbersAreWholeWithoutPointAndNullWhenJsonHasNone() {
        assertEquals("[1,0,0,-3,0.25,5.0E-4,1.0E15,123456789012345,null,null,null,9007199254740993]",
                compact(json -> json.beginArray().value(1.0).value(0.0).value(-0.0).value(-3.0).value(0.25).value(0.0005)
                        .value(1e15).value(123456789012345.0).value(Double.NaN).value(Double.POSITIVE_INFINITY)
                        .value(Double.NEGATIVE_INFINITY).value(9007199254740993L).endArray()));
    }

    @Test
    void fixedDecimalsKeepTheirZeros() {
        assertEquals("[19.631,0.000,2.5,null]", compact(json -> json.beginArray().value(19.6314, 3).value(0, 3)
                .value(2.45, 1).value(Double.NaN, 3).endArray()));
    }

    @Test
    void stringsArraysAndWritablesNest() {
        JsonWritable point = json -> json.beginObject().name("x").value(1).endObject();
        assertEquals("{\"tags\":[\"a\",\"b\"],\"point\":{\"x\":1},\"none\":null,\"points\":[{\"x\":1},{\"x\":1}]}",
                compact(json -> json.beginObject()
                        .name("tags").strings(List.of("a", "b"))
                        .name("point").value(point)
                        .name("none").value((JsonWritable) null)
                        .name("points").beginArray().value(point).value(point).endArray()
                        .endObject()));
    }

    @Test
    void indentedHasOneMemberPerLineAndEmptyContainersOnTheirOwn() {
        Map<String, Object> tree = new LinkedHashMap<>();
        tree.put("title", "Weft: \"shop\"");
        tree.put("panels", List.of(Map.of("id", 1), List.of(), Map.of()));
        tree.put("editable", true);
        tree.put("value", null);
        tree.put("ratio", 0.5);
        tree.put("nested", List.of(List.of(1, 2L)));
        assertEquals("""
                {
                  "title": "Weft: \\"shop\\"",
                  "panels": [
                    {
                      "id": 1
                    },
                    [],
                    {}
                  ],
                  "editable": true,
                  "value": null,
                  "ratio": 0.5,
                  "nested": [
                    [
                      1,
                      2
                    ]
                  ]
                }""", JsonWriter.indented().tree(tree).toString());
    }

    @Test
    void aTreeIsWrittenAsTheSameTokensWouldBe() {
        List<Object> list = new ArrayList<>(Arrays.asList("a", null, 3, 1.5, false));
        assertEquals("[\"a\",null,3,1.5,false]", JsonWriter.compact().tree(list).toString());
        assertThrows(IllegalArgumentException.class, () -> JsonWriter.compact().tree(new Object()));
    }

    @Test
    void misuseFailsInsteadOfWritingBrokenJson() {
        assertThrows(IllegalStateException.class, () -> JsonWriter.compact().beginObject().value(1));
        assertThrows(IllegalStateException.class, () -> JsonWriter.compact().beginArray().name("a"));
        assertThrows(IllegalStateException.class, () -> JsonWriter.compact().beginObject().name("a").endObject());
        assertThrows(IllegalStateException.class, () -> JsonWriter.compact().beginArray().endObject());
        assertThrows(IllegalStateException.class, () -> JsonWriter.compact().value(1).value(2));
        assertThrows(IllegalStateException.class, () -> JsonWriter.compact().beginArray().toString());
        assertThrows(IllegalStateException.class, () -> JsonWriter.compact().toString());
        assertThrows(IllegalStateException.class, () -> compact(json -> json.beginObject()));
    }
}
