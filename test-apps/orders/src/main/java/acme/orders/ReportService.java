package acme.orders;

public class ReportService {
    public String slowReport() throws InterruptedException {
        Thread.sleep(20);
        return "report ready";
    }
}
