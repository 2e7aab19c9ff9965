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

size_t cibgraph_skip_records(const uint8_t *bytes, size_t from, size_t end, size_t count) {
  if (count == 0) return from;
  // A line feed ends a record when the byte before it is not one; `from`
  // itself is not one, so the byte before `from` never matters.
  size_t i = from;
  uint64_t previousFeed = 0;  // whether the byte before block `i` is a line feed
#if defined(__SSE2__)
  const __m128i lf = _mm_set1_epi8('\n');
  while (end - i >= 64) {
    uint64_t feeds = 0;
    for (int part = 0; part < 4; part++) {
      __m128i chunk = _mm_loadu_si128((const __m128i *)(bytes + i + 16 * part));
      feeds |= (uint64_t)(uint32_t)_mm_movemask_epi8(_mm_cmpeq_epi8(chunk, lf)) << (16 * part);
    }
    uint64_t ends = feeds & ~(feeds << 1 | previousFeed);
    if (i == from) ends &= ~(uint64_t)1;  // the record at `from` starts, not ends, there
    size_t found = (size_t)__builtin_popcountll(ends);
    if (found >= count) {
      for (size_t k = 1; k < count; k++) ends &= ends - 1;
      return i + (size_t)__builtin_ctzll(ends);
    }
    count -= found;
    previousFeed = feeds >> 63;
    i += 64;
  }
#endif
  for (; i < end; i++) {
    int feed = bytes[i] == '\n';
    if (feed && !previousFeed && i != from && --count == 0) return i;
    previousFeed = (uint64_t)feed;
  }
  return end;
}
