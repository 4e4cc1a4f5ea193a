/**
 * jqwik arbitraries for adapter behaviours and whole rollback scenarios, for property-testing the
 * engine, a policy, or an adapter wrapped around the in-memory ones.
 */
@NullMarked
package dev.rollback.testkit.jqwik;

import org.jspecify.annotations.NullMarked;
