#ifndef CCRC32C_H
#define CCRC32C_H

#include <stddef.h>
#include <stdint.h>

/// Whether this processor has a CRC-32C instruction (x86-64 SSE 4.2, or
/// ARMv8 CRC32) that `ccrc32c_update` uses.
int ccrc32c_available(void);

/// Updates a running CRC-32C register (not inverted: pass 0xFFFFFFFF first,
/// invert the final value) over `count` bytes, with the processor's
/// CRC-32C instruction (from 64 KiB on, in three interleaved lanes that are
/// then joined). Only call it when `ccrc32c_available()`.
uint32_t ccrc32c_update(uint32_t crc, const void *bytes, size_t count);

#endif
