package acme.orders.pricing;

import acme.orders.pricing.tax.TaxTable;

public class PriceCalculator {
    private final TaxTable taxes = new TaxTable();

    public double price(String item, int qty) {
        return qty * 2.5 * (1 + taxes.rate(item));
    }
}
