/**
 * Real servers for the tests, each started once per test class on 127.0.0.1 with its data in a
 * temporary folder, and stopped by the test that started it.
 */
package dev.weft.testservers;
