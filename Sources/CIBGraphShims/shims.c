// CIBGraphShims is header-only (static inline functions); this file gives
// the package manager a C source to build the module from.
#include "CIBGraphShims.h"
