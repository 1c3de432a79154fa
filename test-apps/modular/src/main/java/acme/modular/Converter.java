package acme.modular;

/** The service's work: temperatures from Celsius to Fahrenheit, and the reverse. */
public final class Converter {

    public double toFahrenheit(double celsius) {
        return celsius * 9 / 5 + 32;
    }

    public double toCelsius(double fahrenheit) {
        return (fahrenheit - 32) * 5 / 9;
    }
}
