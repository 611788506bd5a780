// Compile cost, step 1: a translation unit that includes vellum and runs no query.
#include <vellum/vellum.hpp>

int include_only_marker() { return 0; }
