package dev.weft.agent.metrics;

import org.junit.jupiter.api.Test;

import java.math.BigDecimal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

class ValuePathTest {

    record Customer(String tier) {
    }

    static class Bean {
        private final Customer customer = new Customer("pro");
        private final boolean active = true;
        final int plainField = 7;

        public Customer getCustomer() {
            return customer;
        }

        boolean isActive() { // package-private: found and opened
            return active;
        }

        public String boom() {
            throw new IllegalStateException("no");
        }
    }

    enum Region { EU }

    private static Object read(String expression, Object[] args, Object returned) throws Exception {
        return ValuePath.parse(expression).read(args, returned);
    }

    @Test
    void argumentsAndReturnValue() throws Exception {
        assertEquals("a", read("arg0", new Object[] {"a", 2}, null));
        assertEquals(2, read("arg1", new Object[] {"a", 2}, null));
        assertEquals(BigDecimal.TEN, read("return", new Object[0], BigDecimal.TEN));
    }

    @Test
    void gettersRecordAccessorsIsGettersAndFields() throws Exception {
        Object[] args = {new Bean()};
        assertEquals("pro", read("arg0.customer.tier", args, null));
        assertEquals(true, read("arg0.active", args, null));
        assertEquals(7, read("arg0.plainField", args, null));
        assertEquals(3, read("return.length", null, "abc"), "a public method of a JDK class");
    }

    @Test
    void whatIsNotThereReadsNoneOrNull() throws Exception {
        assertSame(ValuePath.MISSING, read("arg3", new Object[] {"a"}, null));
        assertSame(ValuePath.MISSING, read("arg0.nothing", new Object[] {new Bean()}, null));
        assertNull(read("arg0.customer", new Object[] {null}, null));
        assertNull(read("return", new Object[0], null));
    }

    @Test
    void aGetterThatThrowsPropagatesForTheCallerToReport() {
        assertThrows(java.lang.reflect.InvocationTargetException.class,
                () -> read("arg0.boom", new Object[] {new Bean()}, null));
    }

    @Test
    void labelValues() {
        assertEquals("EU", ValuePath.labelValue(Region.EU));
        assertEquals("null", ValuePath.labelValue(null));
        assertEquals(ValuePath.MAX_LABEL_LENGTH, ValuePath.labelValue("x".repeat(500)).length());
    }
}
