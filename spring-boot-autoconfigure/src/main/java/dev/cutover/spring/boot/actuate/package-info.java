/** The {@code cutover} Actuator endpoint and health indicator. */
package dev.cutover.spring.boot.actuate;
