// Most of CIBGraphShims is static inline functions in its header; the
// functions here are ones the C compiler vectorises better than Swift does.
#include "CIBGraphShims.h"

size_t cibgraph_count_line_breaks(const uint8_t *bytes, size_t count) {
  if (count == 0) return 0;
  size_t total = 0;
  // In blocks whose count fits 16 bits, so that the sum is kept in vectors
  // of 16-bit lanes rather than widened to 64 bits. A carriage return
  // followed by a line feed is one break: the line feed counts it.
  size_t last = count - 1;
  size_t i = 0;
  while (i < last) {
    size_t end = last - i < 16384 ? last : i + 16384;
    uint16_t inBlock = 0;
    for (; i < end; i++) {
      inBlock += (bytes[i] == '\n') | ((bytes[i] == '\r') & (bytes[i + 1] != '\n'));
    }
    total += inBlock;
  }
  return total + (bytes[last] == '\n' || bytes[last] == '\r');
}
