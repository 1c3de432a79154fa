package dev.weft.agent.metrics;

import java.lang.reflect.AccessibleObject;
import java.lang.reflect.Field;
import java.lang.reflect.Member;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.Locale;
import java.util.concurrent.ConcurrentHashMap;

/**
 * An expression such as {@code arg1.customer.tier} or {@code return.status}: an argument or the
 * return value, then getters or fields by name. Each step is looked up once per runtime class (a
 * method {@code tier()}, else {@code getTier()}, else {@code isTier()}, else a field {@code tier}) and
 * cached; reading calls the application's getters on the application's thread.
 */
final class ValuePath {

    /** Longest label value kept; longer ones are cut, so one odd argument cannot bloat a series. */
    static final int MAX_LABEL_LENGTH = 128;
    static final String MISSING = "none";
    /** The label value of an expression that could not be read or turned into text. */
    static final String ERROR = "error";

    private static final Object NOT_FOUND = new Object();
    private static final ClassValue<ConcurrentHashMap<String, Object>> ACCESSORS = new ClassValue<>() {
        @Override
        protected ConcurrentHashMap<String, Object> computeValue(Class<?> type) {
            return new ConcurrentHashMap<>();
        }
    };

    private final String text;
    /** The argument's index, or -1 for the return value. */
    private final int argument;
    private final String[] steps;

    private ValuePath(String text, int argument, String[] steps) {
        this.text = text;
        this.argument = argument;
        this.steps = steps;
    }

    /** Parses an expression the config has already checked. */
    static ValuePath parse(String expression) {
        String[] parts = expression.split("\\.");
        int argument = parts[0].equals("return") ? -1 : Integer.parseInt(parts[0].substring(3));
        String[] steps = new String[parts.length - 1];
        System.arraycopy(parts, 1, steps, 0, steps.length);
        return new ValuePath(expression, argument, steps);
    }

    /**
     * The value, or {@link #MISSING} when the method has no such argument, or a step has no such
     * getter on the object at hand. A getter that throws propagates: the caller decides.
     */
    Object read(Object[] args, Object returned) throws ReflectiveOperationException {
        Object value;
        if (argument < 0) {
            value = returned;
        } else if (args == null || argument >= args.length) {
            return MISSING;
        } else {
            value = args[argument];
        }
        for (String step : steps) {
            if (value == null) {
                return null;
            }
            Object accessor = accessor(value.getClass(), step);
            if (accessor == NOT_FOUND) {
                return MISSING;
            }
            value = accessor instanceof Method method ? method.invoke(value) : ((Field) accessor).get(value);
        }
        return value;
    }

    /**
     * As a label value: an enum's name, else its text, cut at {@value #MAX_LABEL_LENGTH} characters.
     * Calls the value's {@code toString()}, which may throw: the caller decides.
     */
    static String labelValue(Object value) {
        String text = value instanceof Enum<?> constant ? constant.name() : String.valueOf(value);
        return text.length() > MAX_LABEL_LENGTH ? text.substring(0, MAX_LABEL_LENGTH) : text;
    }

    private static Object accessor(Class<?> type, String name) {
        ConcurrentHashMap<String, Object> known = ACCESSORS.get(type);
        Object accessor = known.get(name);
        if (accessor == null) {
            accessor = find(type, name);
            known.put(name, accessor);
        }
        return accessor;
    }

    private static Object find(Class<?> type, String name) {
        String capitalized = name.substring(0, 1).toUpperCase(Locale.ROOT) + name.substring(1);
        for (String candidate : new String[] {name, "get" + capitalized, "is" + capitalized}) {
            Method method = method(type, candidate);
            if (method != null) {
                return usable(method) ? method : NOT_FOUND;
            }
        }
        for (Class<?> c = type; c != null; c = c.getSuperclass()) {
            try {
                Field field = c.getDeclaredField(name);
                if (!Modifier.isStatic(field.getModifiers())) {
                    return usable(field) ? field : NOT_FOUND;
                }
            } catch (NoSuchFieldException e) {
                // look further up
            }
        }
        return NOT_FOUND;
    }

    /** A no-argument, non-void instance method of this name, public or declared by the class or a super class. */
    private static Method method(Class<?> type, String name) {
        try {
            Method method = type.getMethod(name);
            if (method.getReturnType() != void.class && !Modifier.isStatic(method.getModifiers())) {
                return method;
            }
        } catch (NoSuchMethodException e) {
            // not public: look for a declared one
        }
        for (Class<?> c = type; c != null; c = c.getSuperclass()) {
            try {
                Method method = c.getDeclaredMethod(name);
                if (method.getReturnType() != void.class && !Modifier.isStatic(method.getModifiers())) {
                    return method;
                }
            } catch (NoSuchMethodException e) {
                // look further up
            }
        }
        return null;
    }

    /** Opens a member for reading when its class is not public; false when the module system refuses. */
    private static <T extends AccessibleObject & Member> boolean usable(T member) {
        try {
            member.setAccessible(true);
            return true;
        } catch (RuntimeException e) { // InaccessibleObjectException, SecurityException
            return Modifier.isPublic(member.getModifiers()) && Modifier.isPublic(member.getDeclaringClass().getModifiers());
        }
    }

    @Override
    public String toString() {
        return text;
    }
}
