/**
 * Helpers for tests, one copy each, used by every module's tests and brought to an application's tests by the test
 * kit: {@link dev.cutover.testsupport.ManualClock}, {@link dev.cutover.testsupport.Await},
 * {@link dev.cutover.testsupport.LogCapture}, {@link dev.cutover.testsupport.TcpProxy}. Depends on nothing of
 * Cutover.
 */
package dev.cutover.testsupport;
