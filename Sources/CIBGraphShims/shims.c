// Most of CIBGraphShims is static inline functions in its header; the
// functions here are ones the C compiler vectorises better than Swift does.
#include "CIBGraphShims.h"

static inline int is_break(uint8_t byte) { return byte == '\n' || byte == '\r'; }

size_t cibgraph_count_line_ends(
    const uint8_t *bytes, size_t count, int afterBreak, size_t *quotes) {
  size_t ends = 0;
  size_t quoted = 0;
  if (count == 0) {
    *quotes = 0;
    return 0;
  }
  ends += is_break(bytes[0]) && !afterBreak;
  quoted += bytes[0] == '"';
  // In blocks whose counts fit 16 bits, so that the sums are kept in
  // vectors of 16-bit lanes rather than widened to 64 bits.
  size_t i = 1;
  while (i < count) {
    size_t end = count - i < 16384 ? count : i + 16384;
    uint16_t endsInBlock = 0;
    uint16_t quotesInBlock = 0;
    for (; i < end; i++) {
      endsInBlock += is_break(bytes[i]) & !is_break(bytes[i - 1]);
      quotesInBlock += bytes[i] == '"';
    }
    ends += endsInBlock;
    quoted += quotesInBlock;
  }
  *quotes = quoted;
  return ends;
}
