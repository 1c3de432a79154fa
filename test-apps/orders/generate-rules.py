# Writes GeneratedRules.java: a method whose bytecode is 65,497 bytes, just under the JVM limit.
import sys
n=int(sys.argv[1]) if len(sys.argv) > 1 else 9375
vals=[str((i*37)%100+10) for i in range(n)]
lines=[]
for i in range(0,n,40):
    lines.append("            "+", ".join(vals[i:i+40])+",")
src='''package acme.orders.legacy;

/**
 * A rules table as code generators write it: one method whose bytecode sits just under the JVM's
 * 64 KB limit. Adding any code to it is impossible, so an agent must leave this class as it is.
 * Regenerate with test-apps/orders/generate-rules.py.
 */
public final class GeneratedRules {

    private GeneratedRules() {
    }

    public static int rule(int index) {
        int[] table = table();
        return table[Math.floorMod(index, table.length)];
    }

    static int[] table() {
        return new int[]{
%s
        };
    }
}
''' % "\n".join(lines)
open(__file__.rsplit("/", 1)[0] + "/src/main/java/acme/orders/legacy/GeneratedRules.java" if "/" in __file__ else "src/main/java/acme/orders/legacy/GeneratedRules.java", "w").write(src)
