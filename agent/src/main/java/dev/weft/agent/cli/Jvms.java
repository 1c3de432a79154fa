package dev.weft.agent.cli;

import com.sun.tools.attach.VirtualMachine;
import com.sun.tools.attach.VirtualMachineDescriptor;

import java.io.PrintStream;
import java.util.Comparator;
import java.util.List;

/** {@code list}: the JVMs of this user on this machine, as the JDK's attach API sees them. */
final class Jvms {

    private Jvms() {
    }

    static int list(PrintStream out, PrintStream err) {
        List<VirtualMachineDescriptor> jvms;
        try {
            jvms = VirtualMachine.list();
        } catch (LinkageError e) {
            err.println("listing JVMs needs a JDK with the jdk.attach module (this runtime has none): " + e);
            return 1;
        }
        String self = Long.toString(ProcessHandle.current().pid());
        out.printf("%-8s %s%n", "PID", "MAIN CLASS / JAR AND ARGUMENTS");
        jvms.stream()
                .filter(jvm -> !jvm.id().equals(self))
                .sorted(Comparator.comparingLong(jvm -> parsePid(jvm.id())))
                .forEach(jvm -> out.printf("%-8s %s%n", jvm.id(), jvm.displayName().isBlank() ? "?" : jvm.displayName()));
        return 0;
    }

    private static long parsePid(String id) {
        try {
            return Long.parseLong(id);
        } catch (NumberFormatException e) {
            return Long.MAX_VALUE;
        }
    }
}
