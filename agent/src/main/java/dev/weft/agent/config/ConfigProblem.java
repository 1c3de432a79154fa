package dev.weft.agent.config;

/**
 * One thing wrong with a config file, placed so a person can go straight to it.
 *
 * @param line   1-based, 0 when the problem has no place in the file (e.g. it cannot be read)
 * @param column 1-based, 0 when unknown
 * @param key    the path of the offending key, e.g. {@code instrument[2].methods}
 */
public record ConfigProblem(String file, int line, int column, String key, String message) {

    @Override
    public String toString() {
        StringBuilder where = new StringBuilder(file);
        if (line > 0) {
            where.append(':').append(line);
            if (column > 0) {
                where.append(':').append(column);
            }
        }
        return where + ": " + (key.isEmpty() ? "" : key + ": ") + message;
    }
}
