#ifndef CIBGRAPH_SHIMS_H
#define CIBGRAPH_SHIMS_H

/// Asks the CPU to start loading the cache line at `address` for reading.
/// Swift has no prefetch; hash-table probes of large inputs wait on memory,
/// and starting a batch of them at once lets the waits overlap.
static inline void cibgraph_prefetch(const void *address) {
  __builtin_prefetch(address, 0, 3);
}

#endif
