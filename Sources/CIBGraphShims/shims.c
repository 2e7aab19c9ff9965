// Most of CIBGraphShims is static inline functions in its header; the
// functions here are ones the C compiler vectorises better than Swift does.
#include "CIBGraphShims.h"

size_t cibgraph_count_line_breaks(const uint8_t *bytes, size_t count) {
  size_t total = 0;
  // In blocks whose count fits 16 bits, so that the sum is kept in vectors
  // of 16-bit lanes rather than widened to 64 bits.
  while (count > 0) {
    size_t block = count < 16384 ? count : 16384;
    uint16_t inBlock = 0;
    for (size_t i = 0; i < block; i++) {
      inBlock += (bytes[i] == '\n') + (bytes[i] == '\r');
    }
    total += inBlock;
    bytes += block;
    count -= block;
  }
  return total;
}
