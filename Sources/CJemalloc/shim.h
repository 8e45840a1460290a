// jemalloc (libjemalloc-dev), linked in place of glibc's malloc. Only its control interface is declared here:
// the allocation functions are the standard ones, which jemalloc provides for the whole process.
#include <stddef.h>

int mallctl(const char *name, void *oldp, size_t *oldlenp, void *newp, size_t newlen);
