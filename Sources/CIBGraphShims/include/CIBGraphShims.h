#ifndef CIBGRAPH_SHIMS_H
#define CIBGRAPH_SHIMS_H

#include <stddef.h>
#include <stdint.h>

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

/// The lines that end among `count` bytes at `bytes` having something on
/// them: the line feeds and carriage returns not right after another (the
/// first byte's counts unless `afterBreak` says the byte before it is one);
/// and, in `*quotes`, the double quotes. In C, in shims.c, because the
/// compiler turns this loop into vector compares there; the same loop in
/// Swift compared a byte at a time.
size_t cibgraph_count_line_ends(
    const uint8_t *bytes, size_t count, int afterBreak, size_t *quotes);

#endif
