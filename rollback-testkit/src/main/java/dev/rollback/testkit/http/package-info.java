/**
 * A real HTTP server on loopback for adapter tests ({@link dev.rollback.testkit.http.LoopbackServer}):
 * scripted replies, recorded requests. Shared by the HTTP adapters' tests instead of a copy each.
 */
@NullMarked
package dev.rollback.testkit.http;

import org.jspecify.annotations.NullMarked;
