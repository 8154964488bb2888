package dev.cutover.flags.internal;

import java.nio.charset.StandardCharsets;

/**
 * The bucket, 0 to 99, of a tenant for one feature: {@code fmix64(fnv1a64(utf8(feature) 0x00 utf8(tenant)))}
 * as an unsigned number, modulo 100. A tenant is in a rollout of {@code p}% iff its bucket is below
 * {@code p}, so raising the percentage only adds tenants. Pure arithmetic on UTF-8 bytes: the same on
 * every JVM, instance and release (a test pins known values), unlike {@code Object.hashCode} and
 * independent of Togglz's {@code GradualActivationStrategy}, which hashes with {@code String.hashCode}.
 *
 * <p>FNV-1a streams, so the feature's part is hashed once ({@link #seed}) and a call hashes only the
 * tenant, encoding it to UTF-8 on the fly without allocating ({@link #bucket}). FNV's low bits mix
 * poorly, hence MurmurHash3's 64-bit finalizer before the modulo.
 */
final class TenantBuckets {
    private static final long FNV_OFFSET = 0xcbf29ce484222325L;
    private static final long FNV_PRIME = 0x100000001b3L;

    private TenantBuckets() {
    }

    /** The hash state after the feature's name and the separator byte. */
    public static long seed(String feature) {
        long hash = FNV_OFFSET;
        for (byte b : feature.getBytes(StandardCharsets.UTF_8)) {
            hash = (hash ^ (b & 0xff)) * FNV_PRIME;
        }
        return hash * FNV_PRIME; // the 0x00 separator: xor with 0 is a no-op
    }

    /** The tenant's bucket for the feature of {@code seed}: 0 to 99. */
    public static int bucket(long seed, String tenant) {
        long hash = seed;
        int length = tenant.length();
        for (int i = 0; i < length; i++) {
            char c = tenant.charAt(i);
            if (c < 0x80) {
                hash = add(hash, c);
            } else if (c < 0x800) {
                hash = add(hash, 0xc0 | (c >> 6));
                hash = add(hash, 0x80 | (c & 0x3f));
            } else if (Character.isHighSurrogate(c) && i + 1 < length && Character.isLowSurrogate(tenant.charAt(i + 1))) {
                int codePoint = Character.toCodePoint(c, tenant.charAt(++i));
                hash = add(hash, 0xf0 | (codePoint >> 18));
                hash = add(hash, 0x80 | ((codePoint >> 12) & 0x3f));
                hash = add(hash, 0x80 | ((codePoint >> 6) & 0x3f));
                hash = add(hash, 0x80 | (codePoint & 0x3f));
            } else if (Character.isSurrogate(c)) {
                hash = add(hash, '?'); // what String.getBytes(UTF_8) writes for a lone surrogate
            } else {
                hash = add(hash, 0xe0 | (c >> 12));
                hash = add(hash, 0x80 | ((c >> 6) & 0x3f));
                hash = add(hash, 0x80 | (c & 0x3f));
            }
        }
        return (int) Long.remainderUnsigned(fmix64(hash), 100);
    }

    /** The tenant's bucket for {@code feature}, computed from scratch. */
    public static int bucket(String feature, String tenant) {
        return bucket(seed(feature), tenant);
    }

    private static long add(long hash, int octet) {
        return (hash ^ octet) * FNV_PRIME;
    }

    /** MurmurHash3's 64-bit finalizer. */
    static long fmix64(long k) {
        k ^= k >>> 33;
        k *= 0xff51afd7ed558ccdL;
        k ^= k >>> 33;
        k *= 0xc4ceb93fe53ec1fdL;
        k ^= k >>> 33;
        return k;
    }
}
