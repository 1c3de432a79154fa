package dev.weft.agent.startup;

/**
 * Tells the module systems that read it from system properties to delegate Weft's bootstrap
 * package to the bootstrap class loader, as agents conventionally do. Without it, code woven into
 * an OSGi bundle's or a JBoss module's class could not reach what it calls, and those classes would
 * have to stay unwoven (the weavers check, and say so). Values the user set are kept, extended.
 */
final class ModuleSystemDelegation {

    static final String OSGI = "org.osgi.framework.bootdelegation";
    static final String JBOSS = "jboss.modules.system.pkgs";
    /** BootstrapVisibility.PACKAGE, spelled out: that class needs the bootstrap classes, which are not defined yet here. */
    private static final String PACKAGE = "dev.weft.bootstrap";

    private ModuleSystemDelegation() {
    }

    static void announce() {
        extend(OSGI, PACKAGE + ".*");
        extend(JBOSS, PACKAGE);
    }

    private static void extend(String property, String entry) {
        try {
            String value = System.getProperty(property);
            if (value == null || value.isBlank()) {
                System.setProperty(property, entry);
            } else if (!covers(value, entry)) {
                System.setProperty(property, value + "," + entry);
            }
        } catch (SecurityException e) {
            // the weavers' own check still keeps such loaders' classes unwoven
        }
    }

    private static boolean covers(String value, String entry) {
        for (String part : value.split(",")) {
            String trimmed = part.trim();
            if (trimmed.equals(entry) || trimmed.equals("*")) {
                return true;
            }
        }
        return false;
    }
}
