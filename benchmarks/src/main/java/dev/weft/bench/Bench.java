package dev.weft.bench;

import dev.weft.bench.reload.ReloadPauseBenchmark;

import java.util.Arrays;

/** {@code java -jar benchmarks.jar <benchmark> [options]}; bin/bench runs them all. */
public final class Bench {

    private Bench() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length == 0 || !args[0].equals("reload")) {
            System.err.println("usage: java -jar benchmarks.jar reload --agent weft-agent.jar [--classes N] [--runs N] [--out file.md]");
            System.exit(2);
        }
        ReloadPauseBenchmark.main(Arrays.copyOfRange(args, 1, args.length));
    }
}
