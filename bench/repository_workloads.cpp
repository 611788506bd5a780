// R1–R4 of issue 7 (repository workloads): not yet written.
#include "workload.hpp"

namespace bench {

void add_repository_workloads() {}

}  // namespace bench
