/** A service that needs nothing of the JDK but java.base, as many jlink'd services are. */
module acme.modular {
}
