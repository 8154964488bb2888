package dev.cutover.dual;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks the parameter of a repository write method that holds the key (or a collection or array of keys) of
 * the rows it writes, where dual-write cannot tell them from an entity argument or the result:
 *
 * <pre>{@code
 * boolean delete(@MirrorKey long id);
 * boolean updateStatus(@MirrorKey long id, String status, Instant updatedAt);
 * }</pre>
 *
 * <p>On a repository configured with several mappings, {@link #value()} names the mapping's table.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.PARAMETER)
public @interface MirrorKey {
    /** The table of the mapping these keys belong to; may be left empty when the repository has one mapping. */
    String value() default "";
}
