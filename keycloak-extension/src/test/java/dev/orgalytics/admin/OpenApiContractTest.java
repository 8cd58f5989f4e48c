package dev.orgalytics.admin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Set;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/** The contract checker on small hand-made descriptions: it must catch each kind of disagreement. */
class OpenApiContractTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** GET /things answers {total, items: [Thing]}; GET /other is documented too. */
    private static final String DESCRIPTION = """
            {"openapi": "3.0.3",
             "paths": {
              "/things": {"get": {"responses": {
                "200": {"content": {"application/json": {"schema": {"type": "object", "properties": {
                  "total": {"type": "integer"},
                  "items": {"type": "array", "items": {"$ref": "#/components/schemas/Thing"}}}}}}},
                "400": {"content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}}}}},
              "/other": {"get": {"responses": {"200": {"description": "OK"}}}}},
             "components": {"schemas": {
              "Error": {"type": "object", "required": ["error"], "properties": {"error": {"type": "string"}}},
              "Named": {"type": "object", "properties": {"name": {"type": "string", "nullable": true}}},
              "Thing": {"allOf": [{"$ref": "#/components/schemas/Named"}, {"type": "object", "properties": {
                "kind": {"type": "string", "enum": ["a", "b"]},
                "counts": {"type": "object", "additionalProperties": {"type": "integer"}},
                "extra": {"type": "object"}}}]}}}}
            """;

    private static OpenApiContract contract() throws Exception {
        return new OpenApiContract(JSON.readTree(DESCRIPTION));
    }

    private static JsonNode json(String s) throws Exception {
        return JSON.readTree(s);
    }

    private static final String GOOD = """
            {"total": 2, "items": [
              {"name": "x", "kind": "a", "counts": {"p": 1}, "extra": {"anything": [1, "two"]}},
              {"name": null, "kind": "b", "counts": {}, "extra": {}}]}
            """;

    @Test
    void aMatchingResponsePassesAndCoversEveryProperty() throws Exception {
        OpenApiContract c = contract();
        c.check("GET", "/things", 200, "application/json", json(GOOD));
        assertEquals(List.of(), c.mismatches());
        assertEquals(List.of(), c.neverAnswered(Set.of()));
        assertEquals(Set.of("GET /other"), c.uncalled());
    }

    @Test
    void anUndocumentedFieldFailsAtAnyDepth() throws Exception {
        OpenApiContract c = contract();
        c.check("GET", "/things", 200, "application/json", json("""
                {"total": 1, "realm": "r", "items": [{"name": "x", "kind": "a", "counts": {}, "extra": {}, "colour": "red"}]}"""));
        List<String> m = c.mismatches();
        assertEquals(2, m.size(), m.toString());
        assertTrue(m.get(0).contains("$.realm is not documented"), m.toString());
        assertTrue(m.get(1).contains("$.items[0].colour is not documented"), m.toString());
    }

    @Test
    void aWrongTypeANullAndAValueOutsideTheEnumFail() throws Exception {
        OpenApiContract c = contract();
        c.check("GET", "/things", 200, "application/json", json("""
                {"total": "2", "items": [{"name": 3, "kind": "c", "counts": {"p": 1.5}, "extra": null}]}"""));
        List<String> m = c.mismatches();
        assertEquals(5, m.size(), m.toString());
        assertTrue(m.get(0).contains("$.total is string, documented as integer"), m.toString());
        assertTrue(m.get(1).contains("$.items[0].name is number, documented as string"), m.toString());
        assertTrue(m.get(2).contains("$.items[0].kind is \"c\", not one of"), m.toString());
        assertTrue(m.get(3).contains("$.items[0].counts.p is number, documented as integer"), m.toString());
        assertTrue(m.get(4).contains("$.items[0].extra is null; not documented as nullable"), m.toString());
    }

    @Test
    void aDocumentedPropertyNoResponseHadIsReportedUnlessAllowed() throws Exception {
        OpenApiContract c = contract();
        // Empty items: nothing below the array was ever answered.
        c.check("GET", "/things", 200, "application/json", json("{\"items\": []}"));
        assertEquals(List.of(), c.mismatches());
        assertEquals(List.of("/paths/~1things/get/responses/200/content/application~1json/schema/properties/total",
                "/components/schemas/Named/properties/name", "/components/schemas/Thing/allOf/1/properties/kind",
                "/components/schemas/Thing/allOf/1/properties/counts", "/components/schemas/Thing/allOf/1/properties/extra"),
                c.neverAnswered(Set.of()));
        assertEquals(1, c.neverAnswered(Set.of("/components/schemas/Named/properties/name",
                "/components/schemas/Thing/allOf/1/properties/kind", "/components/schemas/Thing/allOf/1/properties/counts",
                "/components/schemas/Thing/allOf/1/properties/extra")).size());
    }

    @Test
    void aMissingRequiredFieldAnUndocumentedStatusAndMediaTypeFail() throws Exception {
        OpenApiContract c = contract();
        c.check("GET", "/things", 400, "application/json", json("{}"));
        c.check("GET", "/things", 404, "application/json", json("{\"error\": \"x\"}"));
        c.check("GET", "/things", 200, "text/csv", json("\"a,b\""));
        c.check("GET", "/nowhere", 200, "application/json", json("{}"));
        assertEquals(List.of("GET /things 400: $ lacks required error (/components/schemas/Error)",
                "GET /things 404: status not documented", "GET /things 200: no schema for text/csv",
                "GET /nowhere 200: operation not documented"), c.mismatches());
    }

    @Test
    void routesAreReadFromMethodsAndSubResourceLocators() {
        assertEquals(Set.of("GET /a", "GET /a/{id}", "GET /sub", "PUT /sub", "GET /sub/deeper"), JaxRsRoutes.of(Root.class));
    }

    public static class Root {
        @GET
        @Path("a")
        public String a() {
            return "";
        }

        @GET
        @Path("/a/{id}/")
        public String one() {
            return "";
        }

        @Path("sub")
        public Sub sub() {
            return new Sub();
        }

        public String notARoute() {
            return "";
        }
    }

    public static class Sub {
        @GET
        public String get() {
            return "";
        }

        @PUT
        public String put() {
            return "";
        }

        @GET
        @Path("deeper")
        public String deeper() {
            return "";
        }
    }
}
