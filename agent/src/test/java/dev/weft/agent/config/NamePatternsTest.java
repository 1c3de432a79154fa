package dev.weft.agent.config;

import org.junit.jupiter.api.Test;

import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class NamePatternsTest {

    private static boolean typeMatches(String pattern, String className) {
        return NamePatterns.typePattern(pattern).matcher(className).matches();
    }

    private static boolean methodMatches(String pattern, String methodName) {
        return NamePatterns.methodPattern(pattern).matcher(methodName).matches();
    }

    private static String typeError(String pattern) {
        return assertThrows(IllegalArgumentException.class, () -> NamePatterns.typePattern(pattern)).getMessage();
    }

    private static String methodError(String pattern) {
        return assertThrows(IllegalArgumentException.class, () -> NamePatterns.methodPattern(pattern)).getMessage();
    }

    // ---- type names ----

    @Test
    void exactNameMatchesOnlyItself() {
        assertTrue(typeMatches("acme.shop.Cart", "acme.shop.Cart"));
        assertFalse(typeMatches("acme.shop.Cart", "acme.shop.CartItem"));
        assertFalse(typeMatches("acme.shop.Cart", "xacme.shop.Cart"));
    }

    @Test
    void dotIsLiteral() {
        assertFalse(typeMatches("acme.shop.Cart", "acmeXshop.Cart"));
        assertFalse(typeMatches("a.*", "aXB"));
    }

    @Test
    void singleStarStaysWithinOnePackageSegment() {
        assertTrue(typeMatches("acme.shop.*", "acme.shop.Cart"));
        assertFalse(typeMatches("acme.shop.*", "acme.shop.db.Repo"));
        assertFalse(typeMatches("acme.shop.*", "acme.shopping.Cart"));
        assertTrue(typeMatches("acme.*.Repo", "acme.db.Repo"));
        assertFalse(typeMatches("acme.*.Repo", "acme.db.jdbc.Repo"));
    }

    @Test
    void starInsideASegment() {
        assertTrue(typeMatches("acme.shop.*Service", "acme.shop.OrderService"));
        assertTrue(typeMatches("acme.shop.*Service", "acme.shop.Service"));
        assertFalse(typeMatches("acme.shop.*Service", "acme.shop.OrderServiceImpl"));
    }

    @Test
    void doubleStarCrossesSegments() {
        assertTrue(typeMatches("acme.**", "acme.shop.Cart"));
        assertTrue(typeMatches("acme.**", "acme.shop.db.jdbc.Repo"));
        assertFalse(typeMatches("acme.**", "other.shop.Cart"));
        assertTrue(typeMatches("acme.**.db.*", "acme.shop.db.Repo"));
        assertTrue(typeMatches("acme.**.db.*", "acme.a.b.db.Repo"));
        assertFalse(typeMatches("acme.**.db.*", "acme.shop.db.jdbc.Repo"));
    }

    @Test
    void nestedClassesMatchTheEnclosingPackagesStar() {
        assertTrue(typeMatches("a.*", "a.B$C"));
        assertTrue(typeMatches("a.*", "a.B$C$D"));
        assertFalse(typeMatches("a.*", "a.b.C$D"));
        assertTrue(typeMatches("a.B$C", "a.B$C"), "'$' is literal, not an end-of-input anchor");
        assertFalse(typeMatches("a.B$C", "a.B"));
    }

    @Test
    void regexPrefixIsAJavaRegexOverTheWholeName() {
        Pattern pattern = NamePatterns.typePattern("regex:acme\\.(orders|billing)\\..*Service");
        assertTrue(pattern.matcher("acme.orders.OrderService").matches());
        assertTrue(pattern.matcher("acme.billing.internal.InvoiceService").matches());
        assertFalse(pattern.matcher("acme.shipping.ShipService").matches());
        assertFalse(typeMatches("regex:acme\\.orders", "acme.orders.OrderService"), "whole name, not a prefix");
    }

    @Test
    void typeErrors() {
        assertEquals("is empty", typeError(""));
        assertEquals("'acme..x' has an empty name segment (check the dots)", typeError("acme..x"));
        assertEquals("'.acme' has an empty name segment (check the dots)", typeError(".acme"));
        assertEquals("'acme.' has an empty name segment (check the dots)", typeError("acme."));
        assertEquals("'a.b-c' has '-', which cannot appear in a Java class name (use regex: for regular expressions)",
                typeError("a.b-c"));
        assertEquals("'acme.Cart?' has '?', which cannot appear in a Java class name"
                + " (use regex: for regular expressions)", typeError("acme.Cart?"));
        assertEquals("'acme.***' has '***'; use '*' (one package segment) or '**' (any depth)",
                typeError("acme.***"));
        assertEquals("regex: is empty", typeError("regex:"));
    }

    @Test
    void badRegexSaysWhereAndWhat() {
        String message = typeError("regex:acme.(x");
        assertTrue(message.startsWith("bad regular expression: Unclosed group near index "), message);
        assertTrue(message.endsWith(" of 'acme.(x'"), message);
    }

    // ---- method names ----

    @Test
    void methodStarMatchesAnyRun() {
        assertTrue(methodMatches("get*", "get"));
        assertTrue(methodMatches("get*", "getTotal"));
        assertFalse(methodMatches("get*", "forget"));
        assertTrue(methodMatches("*Order*", "placeOrderNow"));
        assertTrue(methodMatches("*", "anything"));
    }

    @Test
    void methodQuestionMarkMatchesOneCharacter() {
        assertTrue(methodMatches("set?", "setX"));
        assertFalse(methodMatches("set?", "set"));
        assertFalse(methodMatches("set?", "setXY"));
        assertTrue(methodMatches("?et*", "getAll"));
    }

    @Test
    void methodExactNameAndSpecialIdentifierCharacters() {
        assertTrue(methodMatches("placeOrder", "placeOrder"));
        assertFalse(methodMatches("placeOrder", "placeOrders"));
        assertTrue(methodMatches("lambda$run$0", "lambda$run$0"), "'$' is literal");
        assertTrue(methodMatches("do_it", "do_it"));
    }

    @Test
    void methodRegex() {
        assertTrue(methodMatches("regex:(get|set)[A-Z].*", "getTotal"));
        assertFalse(methodMatches("regex:(get|set)[A-Z].*", "getaway"));
        assertFalse(methodMatches("regex:get", "getTotal"), "whole name, not a prefix");
    }

    @Test
    void methodErrors() {
        assertEquals("is empty", methodError(""));
        assertEquals("'get-x' has '-', which cannot appear in a Java method name (use regex: for regular expressions)",
                methodError("get-x"));
        assertEquals("'a.b' has '.', which cannot appear in a Java method name (use regex: for regular expressions)",
                methodError("a.b"));
        assertEquals("'run()' has '(', which cannot appear in a Java method name"
                + " (use regex: for regular expressions)", methodError("run()"));
        assertEquals("regex: is empty", methodError("regex:"));
        String bad = methodError("regex:[a-");
        assertTrue(bad.startsWith("bad regular expression: "), bad);
        assertTrue(bad.endsWith(" of '[a-'"), bad);
    }

    // ---- regular expressions that could backtrack without end ----

    @Test
    void aRepeatedGroupThatItselfRepeatsIsRefused() {
        assertEquals("regular expression '(a+)+b' repeats a group that itself repeats ('(a+)+'), which can take "
                + "exponential time on some names, on the thread that loads each class; write it without the nesting "
                + "(e.g. [\\w.]+ rather than (\\w+\\.?)+), or make the inner repetition possessive (\\w++)",
                typeError("regex:(a+)+b"));
        assertTrue(typeError("regex:acme\\.(\\w+\\.?)+Controller").contains("('(\\w+\\.?)+')"));
        assertTrue(methodError("regex:(get|set)(\\w*)*").contains("('(\\w*)*')"));
        assertTrue(typeError("regex:((a+)b)*c").contains("('((a+)b)*')"), "nested deeper");
        assertTrue(typeError("regex:(a{2,}){3,}").contains("('(a{2,}){3,}')"));
        assertTrue(typeError("regex:(?:[a-z]+\\.)+?Service").contains("('(?:[a-z]+\\.)+?')"), "lazy backtracks as well");
    }

    @Test
    void repetitionsThatCannotBacktrackWithoutEndAreFine() {
        for (String fine : new String[] {"regex:acme\\.[\\w.]+Controller", "regex:(get|set)[A-Z]\\w*",
                "regex:(ab)+c", "regex:(a+)?b", "regex:(a+){2}b", "regex:(a++)+b", "regex:(a+)++b", "regex:(?>a+)+b",
                "regex:[(a+)+]b", "regex:\\(a+\\)+b", "regex:\\Q(a+)+\\Eb", "regex:(?i)acme\\..*", "regex:a{2}(b){1,}",
                "regex:(\\p{Lu}\\w*)\\.Impl", "regex:acme.orders.(pricing|tax).*"}) {
            assertEquals(null, NamePatterns.nestedRepetition(fine.substring(NamePatterns.REGEX_PREFIX.length())), fine);
            NamePatterns.typePattern(fine);
        }
    }
}
