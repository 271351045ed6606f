#include "CCRC32C.h"
#include <string.h>

/* Inputs from this size on are checksummed in three interleaved lanes (below
   it, joining the lanes costs more than it saves). */
#define CCRC32C_LANES_FROM 65536

/* CRC-32C's polynomial, bit-reflected as the register holds it. */
#define CCRC32C_POLY 0x82F63B78u

/* a times b modulo the polynomial, both reflected (x^0 is the top bit). */
__attribute__((unused)) static uint32_t crc32c_multiply(uint32_t a, uint32_t b) {
    uint32_t product = 0;
    for (uint32_t bit = 0x80000000u; bit != 0; bit >>= 1) {
        if (a & bit) product ^= b;
        b = (b & 1) ? (b >> 1) ^ CCRC32C_POLY : b >> 1;
    }
    return product;
}

/* The register after `count` zero bytes more: crc times x^(8 count). The
   register is linear, so crc(A then B) = shift(crc(A), |B|) xor crc0(B),
   where crc0 starts from 0. */
__attribute__((unused)) static uint32_t crc32c_shift(uint32_t crc, size_t count) {
    uint32_t power = 0x00800000u;  /* x^8: one byte */
    while (count) {
        if (count & 1) crc = crc32c_multiply(crc, power);
        power = crc32c_multiply(power, power);
        count >>= 1;
    }
    return crc;
}

#if defined(__x86_64__)
#include <cpuid.h>
#include <nmmintrin.h>

int ccrc32c_available(void) {
    unsigned a, b, c, d;
    if (!__get_cpuid(1, &a, &b, &c, &d)) return 0;
    return (c & bit_SSE4_2) != 0;
}

__attribute__((target("sse4.2")))
static uint32_t crc32c_lane(uint32_t crc, const unsigned char *p, size_t count) {
    uint64_t c = crc;
    while (count >= 8) {
        uint64_t word;
        memcpy(&word, p, 8);
        c = _mm_crc32_u64(c, word);
        p += 8;
        count -= 8;
    }
    uint32_t c32 = (uint32_t)c;
    while (count--) c32 = _mm_crc32_u8(c32, *p++);
    return c32;
}

/* The instruction takes 3 cycles and can start one each cycle: one running
   CRC leaves it idle two cycles in three. Three lanes over the three thirds
   of the input keep it busy, and are joined with crc32c_shift. */
__attribute__((target("sse4.2")))
uint32_t ccrc32c_update(uint32_t crc, const void *bytes, size_t count) {
    const unsigned char *p = bytes;
    if (count < CCRC32C_LANES_FROM) return crc32c_lane(crc, p, count);
    size_t lane = count / 3 / 8 * 8;
    const unsigned char *q = p + lane, *r = p + 2 * lane;
    uint64_t a = crc, b = 0, c = 0;
    for (size_t i = 0; i < lane; i += 8) {
        uint64_t wa, wb, wc;
        memcpy(&wa, p + i, 8);
        memcpy(&wb, q + i, 8);
        memcpy(&wc, r + i, 8);
        a = _mm_crc32_u64(a, wa);
        b = _mm_crc32_u64(b, wb);
        c = _mm_crc32_u64(c, wc);
    }
    uint32_t joined = crc32c_shift((uint32_t)a, lane) ^ (uint32_t)b;
    joined = crc32c_shift(joined, lane) ^ (uint32_t)c;
    return crc32c_lane(joined, r + lane, count - 3 * lane);
}

#elif defined(__aarch64__) && defined(__ARM_FEATURE_CRC32)
#include <arm_acle.h>

int ccrc32c_available(void) { return 1; }

uint32_t ccrc32c_update(uint32_t crc, const void *bytes, size_t count) {
    const unsigned char *p = bytes;
    while (count >= 8) {
        uint64_t word;
        memcpy(&word, p, 8);
        crc = __crc32cd(crc, word);
        p += 8;
        count -= 8;
    }
    while (count--) crc = __crc32cb(crc, *p++);
    return crc;
}

#else
int ccrc32c_available(void) { return 0; }
uint32_t ccrc32c_update(uint32_t crc, const void *bytes, size_t count) { (void)bytes; (void)count; return crc; }
#endif
