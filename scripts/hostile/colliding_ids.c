/* Prints N identifiers of 8 printable bytes that all land in one slot of any
 * table up to 2^20 slots under an UNKEYED hash: SplitMix64's finaliser of the
 * identifier's bytes, as cibgraph's interner hashed short identifiers before
 * its hash was keyed per process. Used to check that such files now read as
 * fast as ordinary ones (docs/benchmarks.md, "Hostile input").
 *   cc -O2 -o colliding_ids colliding_ids.c && ./colliding_ids 200000 > ids.txt */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

static uint64_t unshift(uint64_t y, int s) {
  uint64_t x = y;
  for (int i = 0; i < 64 / s + 1; i++) x = y ^ (x >> s);
  return x;
}
static uint64_t inverse(uint64_t c) {
  uint64_t v = c;
  for (int i = 0; i < 6; i++) v *= 2 - c * v;
  return v;
}
int main(int argc, char **argv) {
  long wanted = argc > 1 ? atol(argv[1]) : 200000;
  uint64_t i1 = inverse(0x94D049BB133111EBULL), i2 = inverse(0xBF58476D1CE4E5B9ULL);
  long found = 0;
  for (uint64_t i = 1; found < wanted; i++) {
    uint64_t x = unshift(i << 20, 31) * i1;
    x = unshift(x, 27) * i2;
    uint64_t word = unshift(x, 30) ^ (8ULL << 59);
    char id[9];
    int ok = 1;
    for (int b = 0; b < 8 && ok; b++) {
      unsigned char c = (word >> (8 * b)) & 0xFF;
      ok = c > 0x20 && c < 0x7F && c != ',' && c != '"';
      id[b] = (char)c;
    }
    if (!ok) continue;
    id[8] = 0;
    puts(id);
    found++;
  }
  return 0;
}
