#ifndef CIBGRAPH_SHIMS_H
#define CIBGRAPH_SHIMS_H

#include <stddef.h>
#include <stdint.h>
#if defined(__SSE2__)
#include <emmintrin.h>
#endif

/// Asks the CPU to start loading the cache line at `address` for reading.
/// Swift has no prefetch; hash-table probes of large inputs wait on memory,
/// and starting a batch of them at once lets the waits overlap.
static inline void cibgraph_prefetch(const void *address) {
  __builtin_prefetch(address, 0, 3);
}

/// Relaxed atomic access to 32-bit integers shared by threads that each
/// change some of them (the union-find forest joined on several cores): the
/// values read may be stale, never torn, and a compare-and-swap decides
/// between two threads changing the same one.
static inline int cibgraph_load_i32(const int *address) {
  return __atomic_load_n(address, __ATOMIC_RELAXED);
}

static inline void cibgraph_store_i32(int *address, int value) {
  __atomic_store_n(address, value, __ATOMIC_RELAXED);
}

/// Sets `*address` to `desired` if it holds `expected`; returns whether it did.
static inline int cibgraph_cas_i32(int *address, int expected, int desired) {
  return __atomic_compare_exchange_n(
      address, &expected, desired, 0, __ATOMIC_RELAXED, __ATOMIC_RELAXED);
}

/// Where the unquoted CSV field at `from` ends: the first of the bytes from
/// `from` to `end` that is a comma, a line feed, a carriage return or a
/// double quote, or `end`. Sixteen bytes are compared at once where the CPU
/// can: a byte at a time, the loop's exit on an identifier's last byte was a
/// mispredicted branch per field (Swift has no portable vector compare that
/// gives a bit mask). Reads nothing at or past `end`.
static inline size_t cibgraph_field_end(const uint8_t *bytes, size_t from, size_t end) {
#if defined(__SSE2__)
  const __m128i comma = _mm_set1_epi8(','), lf = _mm_set1_epi8('\n');
  const __m128i cr = _mm_set1_epi8('\r'), quote = _mm_set1_epi8('"');
  while (end - from >= 16) {
    __m128i chunk = _mm_loadu_si128((const __m128i *)(bytes + from));
    __m128i hits = _mm_or_si128(
        _mm_or_si128(_mm_cmpeq_epi8(chunk, comma), _mm_cmpeq_epi8(chunk, lf)),
        _mm_or_si128(_mm_cmpeq_epi8(chunk, cr), _mm_cmpeq_epi8(chunk, quote)));
    unsigned mask = (unsigned)_mm_movemask_epi8(hits);
    if (mask != 0) return from + (size_t)__builtin_ctz(mask);
    from += 16;
  }
#endif
  while (from < end) {
    uint8_t byte = bytes[from];
    if (byte == ',' || byte == '\n' || byte == '\r' || byte == '"') return from;
    from++;
  }
  return end;
}

/// Where `count` records of a file with no quotes and no carriage returns
/// end, read from `from` (which is not a line feed: a record starts there):
/// a record is a run of bytes other than line feeds, and it ends at the line
/// feed after it. Returns the position of the line feed that ends the
/// `count`-th, or `end` when fewer end before it. Sixty-four bytes are
/// compared at once where the CPU can, and only their line ends counted:
/// for skipping the records a reader does not want without finding each
/// one's end in turn. Reads nothing at or past `end`.
size_t cibgraph_skip_records(const uint8_t *bytes, size_t from, size_t end, size_t count);

/// The lines that end among `count` bytes at `bytes` having something on
/// them: the line feeds and carriage returns not right after another (the
/// first byte's counts unless `afterBreak` says the byte before it is one);
/// and, in `*quotes`, the double quotes. In C, in shims.c, because the
/// compiler turns this loop into vector compares there; the same loop in
/// Swift compared a byte at a time.
size_t cibgraph_count_line_ends(
    const uint8_t *bytes, size_t count, int afterBreak, size_t *quotes);

#endif
