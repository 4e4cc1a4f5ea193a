/** Runnable programs that embed the library the way a user would. */
@NullMarked
package dev.rollback.examples;

import org.jspecify.annotations.NullMarked;
