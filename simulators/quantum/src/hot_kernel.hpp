#pragma once
// DSEGYM_HOT_KERNEL compiles a loop twice, for baseline x86-64 and for x86-64-v3 (AVX2, POPCNT),
// and the dynamic loader picks one per machine (GNU ifunc). The baseline SSE2 build is
// compute-bound at about half the memory bandwidth on a general 2x2 complex update; the v3 clone
// reaches it. The library is compiled with -ffp-contract=off, so both clones round identically
// (no FMA contraction, and GCC does not reorder floating-point reductions): results do not depend
// on which clone runs. Define DSEGYM_NO_TARGET_CLONES to build the baseline only.

#if defined(__x86_64__) && defined(__ELF__) && defined(__GNUC__) && \
    !defined(DSEGYM_NO_TARGET_CLONES)
#define DSEGYM_HOT_KERNEL __attribute__((target_clones("arch=x86-64-v3", "default")))
#else
#define DSEGYM_HOT_KERNEL
#endif
