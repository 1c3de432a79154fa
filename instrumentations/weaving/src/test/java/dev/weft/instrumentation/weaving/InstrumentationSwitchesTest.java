package dev.weft.instrumentation.weaving;

import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class InstrumentationSwitchesTest {

    private static final Stub JAKARTA = new Stub("servlet-jakarta", "servlet");
    private static final Stub JAVAX = new Stub("servlet-javax", "servlet");
    private static final Stub EXECUTORS = Stub.named("executors");

    @Test
    void everythingIsOnWithoutSwitches() {
        assertTrue(InstrumentationSwitches.isEnabled(JAKARTA, Map.of()));
        assertTrue(InstrumentationSwitches.isEnabled(EXECUTORS, Map.of("jdk-http-client", false)));
    }

    @Test
    void aGroupSwitchCoversEveryMemberAndNoOther() {
        Map<String, Boolean> switches = Map.of("servlet", false);
        assertFalse(InstrumentationSwitches.isEnabled(JAKARTA, switches));
        assertFalse(InstrumentationSwitches.isEnabled(JAVAX, switches));
        assertTrue(InstrumentationSwitches.isEnabled(EXECUTORS, switches));
    }

    @Test
    void aNameSwitchBeatsItsGroupsEitherWay() {
        Map<String, Boolean> onlyJakarta = Map.of("servlet", false, "servlet-jakarta", true);
        assertTrue(InstrumentationSwitches.isEnabled(JAKARTA, onlyJakarta));
        assertFalse(InstrumentationSwitches.isEnabled(JAVAX, onlyJakarta));

        Map<String, Boolean> allButJavax = Map.of("servlet", true, "servlet-javax", false);
        assertTrue(InstrumentationSwitches.isEnabled(JAKARTA, allButJavax));
        assertFalse(InstrumentationSwitches.isEnabled(JAVAX, allButJavax));
    }

    @Test
    void anInstrumentationWhoseGroupIsItsNameAnswersToThatOneSwitch() {
        assertFalse(InstrumentationSwitches.isEnabled(EXECUTORS, Map.of("executors", false)));
    }

    @Test
    void thePredicateReadsACopyAndTakesANullValueForAbsent() {
        Map<String, Boolean> switches = new HashMap<>();
        switches.put("servlet", false);
        switches.put("servlet-jakarta", null);
        Predicate<dev.weft.instrumentation.api.BuiltInInstrumentation> enabled = InstrumentationSwitches.enabledBy(switches);
        switches.put("servlet", true);
        assertFalse(enabled.test(JAKARTA), "null by name: the group decides");
        assertFalse(enabled.test(JAVAX), "later changes to the map do not count");
        assertTrue(enabled.test(EXECUTORS));
    }

}
