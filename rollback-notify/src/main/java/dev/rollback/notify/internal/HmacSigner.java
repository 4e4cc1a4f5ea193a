package dev.rollback.notify.internal;

import dev.rollback.spi.helpers.Secret;
import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/** Signs webhook bodies with HMAC-SHA256 as {@code sha256=<lower-case hex>}. Thread-safe. */
public final class HmacSigner {
  private static final String ALGORITHM = "HmacSHA256";

  private final SecretKeySpec key;

  /** Creates a signer keyed by the UTF-8 bytes of {@code secret}. */
  public HmacSigner(Secret secret) {
    this.key = new SecretKeySpec(secret.reveal().getBytes(StandardCharsets.UTF_8), ALGORITHM);
  }

  /** Returns {@code sha256=} and the hex HMAC-SHA256 of {@code body}. */
  public String sign(byte[] body) {
    try {
      Mac mac = Mac.getInstance(ALGORITHM);
      mac.init(key);
      return "sha256=" + HexFormat.of().formatHex(mac.doFinal(body));
    } catch (NoSuchAlgorithmException | InvalidKeyException e) {
      // Every Java platform must provide HmacSHA256 (Mac javadoc); the key is non-empty.
      throw new IllegalStateException("HmacSHA256 is unavailable on this JVM", e);
    }
  }
}
