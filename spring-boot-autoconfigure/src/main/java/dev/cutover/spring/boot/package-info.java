/**
 * Cutover in a Spring Boot application: {@link dev.cutover.spring.boot.CutoverProperties} ({@code cutover.*}),
 * {@link dev.cutover.spring.boot.CutoverRepository} (one bean per routed repository) and
 * {@link dev.cutover.spring.boot.CutoverTransactionManager} ({@code @Transactional} as units of work), set up by
 * {@link dev.cutover.spring.boot.CutoverAutoConfiguration}.
 */
package dev.cutover.spring.boot;
