package dev.weft.agent.config;

/**
 * {@code service:}.
 *
 * @param name the service's name, never {@code null}: {@code service.name}, else the name Weft was given
 *             (the jar's or the main class's)
 */
public record ServiceConfig(String name) {

    public String canonical() {
        return "service " + name;
    }
}
