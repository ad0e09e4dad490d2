package io.cvlan.bench;

import io.cvlan.token.KeyRing;
import io.cvlan.token.SigningKey;
import io.cvlan.token.TokenClaims;
import io.cvlan.token.TokenCodec;
import io.cvlan.token.TokenKind;
import io.cvlan.token.TokenVerifier;
import io.cvlan.token.UnverifiedToken;
import io.cvlan.token.VerificationKeys;
import java.io.PrintStream;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.security.Signature;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;
import org.bouncycastle.math.ec.rfc8032.Ed25519;

/**
 * Single-threaded throughput of token signing and verification, next to the bare Ed25519 primitives
 * (BouncyCastle's, in use, and the JDK's, for comparison). {@code cvlan bench tokens} prints the returned
 * figures as its last line.
 */
public final class TokenBench {
  public static final Duration DEFAULT_MEASUREMENT = Duration.ofSeconds(2);
  /** Bound on pre-signed cold tokens: each costs about 1 KB with its signing input and signature. */
  private static final int MAX_COLD_TOKENS = 100_000;
  private static final int INTERLEAVE_SLICE = 200;

  private TokenBench() {
  }

  /**
   * Measures each figure for about {@code perMeasurement} after a warm-up, printing progress to {@code out}.
   * Keys, in order: {@code sign_per_s verify_per_s verify_cold_per_s raw_ed25519_verify_per_s jdk_sign_per_s
   * jdk_verify_per_s impl cold_over_raw}.
   */
  public static Map<String, String> run(PrintStream out, Duration perMeasurement) {
    try {
      return measure(out, perMeasurement);
    } catch (Exception e) {
      throw new IllegalStateException("token benchmark failed: " + e.getMessage(), e);
    }
  }

  /** The figures as one line {@code k=v k=v ...}, in the map's order. */
  public static String formatLine(Map<String, String> figures) {
    return figures.entrySet().stream()
        .map(entry -> entry.getKey() + "=" + entry.getValue())
        .collect(Collectors.joining(" "));
  }

  private static Map<String, String> measure(PrintStream out, Duration perMeasurement) throws Exception {
    Clock clock = Clock.systemUTC();
    SecureRandom random = new SecureRandom();
    KeyRing ring = KeyRing.initial(clock, random);
    SigningKey key = ring.active();
    VerificationKeys keys = (tenantId, kid) -> ring.publicKey(kid);
    TokenCodec codec = new TokenCodec();
    TokenVerifier verifier = new TokenVerifier(keys, clock);
    Instant now = clock.instant();
    TokenClaims claims = claims(now, UUID.randomUUID().toString());
    String token = codec.sign(claims, key);
    out.printf("token: %d bytes, kid %s%n", token.length(), key.kid());
    Ed25519.PublicPoint point = Ed25519.validatePublicKeyFullExport(key.publicKey(), 0);

    out.println("warming up ...");
    Duration warmUp = perMeasurement.dividedBy(2);
    String[] warmTokens = signDistinct(codec, key, now, 2_000);
    Signed warmSigned = Signed.of(codec, warmTokens);
    Throughput.rate(i -> codec.sign(claims, key).length() > 0, warmUp, Integer.MAX_VALUE);
    Throughput.rate(i -> claims.equals(verifier.verify(token)), warmUp, Integer.MAX_VALUE);
    Throughput.rate(i -> verifier.verifyUncached(warmTokens[i]) != null, warmUp, warmTokens.length);
    double rawEstimate = Throughput.rate(warmSigned.verifyWith(point), warmUp, warmTokens.length);

    // Cold tokens are verified once each, and the bare verify runs over the same messages and signatures:
    // Ed25519 verification time varies with the signature, so both must average over the same set.
    int coldCount = (int) Math.min(MAX_COLD_TOKENS,
        Math.max(1_000, rawEstimate * perMeasurement.toMillis() / 1000.0 * 1.5));
    out.printf("pre-signing %d distinct tokens for the cold path ...%n", coldCount);
    String[] coldTokens = signDistinct(codec, key, now, coldCount);
    Signed coldSigned = Signed.of(codec, coldTokens);

    Map<String, Double> rates = new LinkedHashMap<>();
    rates.put("sign_per_s", Throughput.rate(i -> codec.sign(claims, key).length() > 0, perMeasurement, Integer.MAX_VALUE));
    Throughput.report(out, rates, "sign_per_s");
    rates.put("verify_per_s", Throughput.rate(i -> claims.equals(verifier.verify(token)), perMeasurement, Integer.MAX_VALUE));
    Throughput.report(out, rates, "verify_per_s");
    double[] coldAndRaw = interleavedRates(i -> verifier.verifyUncached(coldTokens[i]) != null,
        coldSigned.verifyWith(point), perMeasurement, coldTokens.length);
    rates.put("verify_cold_per_s", coldAndRaw[0]);
    Throughput.report(out, rates, "verify_cold_per_s");
    rates.put("raw_ed25519_verify_per_s", coldAndRaw[1]);
    Throughput.report(out, rates, "raw_ed25519_verify_per_s");
    measureJdk(out, rates, coldSigned.messages[0], warmUp, perMeasurement);

    Map<String, String> figures = new LinkedHashMap<>();
    rates.forEach((name, rate) -> figures.put(name, Long.toString(Math.round(rate))));
    figures.put("impl", "bouncycastle");
    figures.put("cold_over_raw", String.format(Locale.ROOT, "%.2f",
        rates.get("raw_ed25519_verify_per_s") / rates.get("verify_cold_per_s")));
    return figures;
  }

  /** The JDK's own Ed25519 (SunEC), for comparison only: the reason BouncyCastle is used. */
  private static void measureJdk(PrintStream out, Map<String, Double> rates, byte[] message, Duration warmUp,
      Duration perMeasurement) throws Exception {
    KeyPair jdkKeys = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
    Signature signer = Signature.getInstance("Ed25519");
    signer.initSign(jdkKeys.getPrivate());
    Throughput.Operation sign = i -> {
      signer.update(message);
      return signer.sign().length == Ed25519.SIGNATURE_SIZE;
    };
    signer.update(message);
    byte[] signature = signer.sign();
    Signature verifier = Signature.getInstance("Ed25519");
    verifier.initVerify(jdkKeys.getPublic());
    Throughput.Operation verify = i -> {
      verifier.update(message);
      return verifier.verify(signature);
    };
    Throughput.rate(sign, warmUp, Integer.MAX_VALUE);
    Throughput.rate(verify, warmUp, Integer.MAX_VALUE);
    rates.put("jdk_sign_per_s", Throughput.rate(sign, perMeasurement, Integer.MAX_VALUE));
    Throughput.report(out, rates, "jdk_sign_per_s");
    rates.put("jdk_verify_per_s", Throughput.rate(verify, perMeasurement, Integer.MAX_VALUE));
    Throughput.report(out, rates, "jdk_verify_per_s");
  }

  /** Signing inputs and signatures of tokens, taken apart beforehand for the bare Ed25519 verify. */
  private record Signed(byte[][] messages, byte[][] signatures) {
    static Signed of(TokenCodec codec, String[] tokens) throws Exception {
      byte[][] messages = new byte[tokens.length][];
      byte[][] signatures = new byte[tokens.length][];
      for (int i = 0; i < tokens.length; i++) {
        UnverifiedToken parsed = codec.parse(tokens[i]);
        messages[i] = parsed.signingInput();
        signatures[i] = parsed.signature();
      }
      return new Signed(messages, signatures);
    }

    Throughput.Operation verifyWith(Ed25519.PublicPoint point) {
      return i -> Ed25519.verify(signatures[i], 0, point, messages[i], 0, messages[i].length);
    }
  }

  /**
   * Rates of {@code first} and {@code second}, run in alternating slices over the same iterations, each
   * for about {@code duration} in total: on a shared machine, load that comes and goes then weighs on both
   * alike, so their ratio stays meaningful.
   */
  private static double[] interleavedRates(Throughput.Operation first, Throughput.Operation second, Duration duration, int limit)
      throws Exception {
    Throughput.Operation[] operations = {first, second};
    long[] nanos = new long[2];
    int done = 0;
    while (done < limit && nanos[0] + nanos[1] < 2 * duration.toNanos()) {
      int end = Math.min(limit, done + INTERLEAVE_SLICE);
      for (int which = 0; which < 2; which++) {
        long start = System.nanoTime();
        for (int i = done; i < end; i++) {
          if (!operations[which].run(i)) {
            throw new IllegalStateException("an operation under measurement failed");
          }
        }
        nanos[which] += System.nanoTime() - start;
      }
      done = end;
    }
    return new double[] {done / (nanos[0] / 1e9), done / (nanos[1] / 1e9)};
  }

  private static String[] signDistinct(TokenCodec codec, SigningKey key, Instant now, int count) {
    String[] tokens = new String[count];
    for (int i = 0; i < count; i++) {
      tokens[i] = codec.sign(claims(now, UUID.randomUUID().toString()), key);
    }
    return tokens;
  }

  /** Realistic claims: a 63-character namespace, uids for the CVLAN and the token. */
  private static TokenClaims claims(Instant now, String tokenId) {
    return new TokenClaims("tenant-" + "n".repeat(56), "3f0c2a4e-8b1d-4c6f-9e2a-7d5b1c0a9f31", tokenId,
        TokenKind.CLIENT, now, now.plus(Duration.ofDays(1)));
  }
}
