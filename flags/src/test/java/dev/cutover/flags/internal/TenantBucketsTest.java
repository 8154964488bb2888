package dev.cutover.flags.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The bucket of a tenant: pinned values, so that decisions stay sticky across releases, and UTF-8 as Java encodes it. */
class TenantBucketsTest {

    @Test
    void shouldKeepTheBucketsOfEveryRelease() {
        // Changing any of these moves tenants between backends on upgrade: never change the hash. The values were
        // computed by an independent implementation (Python, from the definition in reference() below).
        assertThat(TenantBuckets.bucket("ClientRepository.findById", "acme")).isEqualTo(17);
        assertThat(TenantBuckets.bucket("ClientRepository.findById", "tenant-1")).isEqualTo(78);
        assertThat(TenantBuckets.bucket("ClientRepository.save", "acme")).isEqualTo(73);
        assertThat(TenantBuckets.bucket("ClientRepository.findById", "société-générale")).isEqualTo(78);
        assertThat(TenantBuckets.bucket("ClientRepository.findById", "東京-\uD83C\uDF63")).isEqualTo(98);
    }

    @Test
    void shouldHashTheUtf8BytesOfTheTenant() {
        Random random = new Random(42);
        for (int i = 0; i < 10_000; i++) {
            StringBuilder tenant = new StringBuilder();
            int length = 1 + random.nextInt(12);
            for (int j = 0; j < length; j++) {
                tenant.append(switch (random.nextInt(5)) {
                    case 0 -> (char) ('a' + random.nextInt(26));
                    case 1 -> (char) (0x80 + random.nextInt(0x780));
                    case 2 -> (char) (0x800 + random.nextInt(0xd000));
                    case 3 -> new String(Character.toChars(0x10000 + random.nextInt(0x10000)));
                    default -> (char) (0xd800 + random.nextInt(0x800)); // a lone surrogate, as broken input may hold
                });
            }
            String text = tenant.toString();
            assertThat(TenantBuckets.bucket("Repo.method", text)).as(text).isEqualTo(reference("Repo.method", text));
        }
    }

    @Test
    void shouldDependOnTheFeature() {
        int same = 0;
        for (int i = 0; i < 1000; i++) {
            if (TenantBuckets.bucket("ClientRepository.findById", "t" + i) == TenantBuckets.bucket("ClientRepository.save", "t" + i)) {
                same++;
            }
        }
        assertThat(same).isLessThan(40); // about 10 expected by chance
    }

    /** The definition: fmix64 of FNV-1a 64 over UTF-8(feature), 0x00, UTF-8(tenant), unsigned, modulo 100. */
    private static int reference(String feature, String tenant) {
        byte[] featureBytes = feature.getBytes(StandardCharsets.UTF_8);
        byte[] tenantBytes = tenant.getBytes(StandardCharsets.UTF_8);
        byte[] all = new byte[featureBytes.length + 1 + tenantBytes.length];
        System.arraycopy(featureBytes, 0, all, 0, featureBytes.length);
        System.arraycopy(tenantBytes, 0, all, featureBytes.length + 1, tenantBytes.length);
        long hash = 0xcbf29ce484222325L;
        for (byte b : all) {
            hash = (hash ^ (b & 0xff)) * 0x100000001b3L;
        }
        return (int) Long.remainderUnsigned(TenantBuckets.fmix64(hash), 100);
    }
}
