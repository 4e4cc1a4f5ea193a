/** Implementation of the starter; not API, may change in any release. */
@NullMarked
package dev.rollback.spring.boot.internal;

import org.jspecify.annotations.NullMarked;
