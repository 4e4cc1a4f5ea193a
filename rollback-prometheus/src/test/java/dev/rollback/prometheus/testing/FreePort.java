package dev.rollback.prometheus.testing;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.io.UncheckedIOException;

/** Finds a TCP port on 127.0.0.1 that is free at the moment of asking. */
public final class FreePort {
  private FreePort() {}

  /** Returns a currently free loopback port; a caller that loses a race should try again. */
  public static int find() {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
