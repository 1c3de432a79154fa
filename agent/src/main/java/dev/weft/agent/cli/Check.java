package dev.weft.agent.cli;

import dev.weft.agent.builtin.BuiltInInstrumentations;
import dev.weft.agent.config.ConfigLoader;
import dev.weft.agent.config.ConfigProblem;
import dev.weft.agent.config.ConfigResult;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code check --config FILE [FILE...]}: reads each config as the agent reads it at start and prints
 * the same messages ({@code file:line:column: key: message}) on stderr, or {@code FILE: OK} on stdout.
 * Exit 0 when every file is clean, 1 when any has a problem, 2 on bad usage: a CI step.
 */
final class Check {

    private Check() {
    }

    static int run(String[] args, PrintStream out, PrintStream err) {
        List<Path> files = files(args);
        if (files == null) {
            err.println("check: --config FILE [FILE...] is required");
            err.print(Main.USAGE);
            return 2;
        }
        int withProblems = 0;
        for (Path file : files) {
            List<ConfigProblem> problems = problems(file);
            for (ConfigProblem problem : problems) {
                err.println(problem);
            }
            if (problems.isEmpty()) {
                out.println(file + ": OK");
            } else {
                withProblems++;
            }
        }
        out.flush();
        err.flush();
        return withProblems == 0 ? 0 : 1;
    }

    /** Everything Weft would say about the file at start: the config's own problems, then switches naming no built-in. */
    static List<ConfigProblem> problems(Path file) {
        ConfigResult result = ConfigLoader.load(file, "weft");
        List<ConfigProblem> problems = new ArrayList<>(result.problems());
        problems.addAll(BuiltInInstrumentations.unknownSwitches(result.config()));
        return problems;
    }

    /** The files after {@code --config} (or {@code --config=FILE} and the files after it); null when there are none. */
    private static List<Path> files(String[] args) {
        if (args.length == 0) {
            return null;
        }
        List<String> names = new ArrayList<>();
        if (args[0].startsWith("--config=")) {
            names.add(args[0].substring("--config=".length()));
        } else if (!args[0].equals("--config")) {
            return null;
        }
        for (int i = 1; i < args.length; i++) {
            if (args[i].startsWith("--")) {
                return null;
            }
            names.add(args[i]);
        }
        if (names.isEmpty() || names.contains("")) {
            return null;
        }
        return names.stream().map(Path::of).toList();
    }
}
