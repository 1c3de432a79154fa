package dev.weft.agent.startup;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

class ModuleSystemDelegationTest {

    @AfterEach
    void clear() {
        System.clearProperty(ModuleSystemDelegation.OSGI);
        System.clearProperty(ModuleSystemDelegation.JBOSS);
    }

    @Test
    void unsetPropertiesNameWeftsBootstrapPackage() {
        ModuleSystemDelegation.announce();
        assertEquals("dev.weft.bootstrap.*", System.getProperty(ModuleSystemDelegation.OSGI));
        assertEquals("dev.weft.bootstrap", System.getProperty(ModuleSystemDelegation.JBOSS));
    }

    @Test
    void theUsersValuesAreKeptAndExtendedOnce() {
        System.setProperty(ModuleSystemDelegation.OSGI, "com.sun.*, org.jboss.byteman.*");
        System.setProperty(ModuleSystemDelegation.JBOSS, "org.jboss.byteman");
        ModuleSystemDelegation.announce();
        ModuleSystemDelegation.announce();
        assertEquals("com.sun.*, org.jboss.byteman.*,dev.weft.bootstrap.*", System.getProperty(ModuleSystemDelegation.OSGI));
        assertEquals("org.jboss.byteman,dev.weft.bootstrap", System.getProperty(ModuleSystemDelegation.JBOSS));
    }

    @Test
    void aWildcardAlreadyCoversIt() {
        System.setProperty(ModuleSystemDelegation.OSGI, "*");
        ModuleSystemDelegation.announce();
        assertEquals("*", System.getProperty(ModuleSystemDelegation.OSGI));
    }
}
