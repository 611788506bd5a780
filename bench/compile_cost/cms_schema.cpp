// Compile cost, step 2: vellum plus the full CMS table definitions, still no query.
#include <vellum/cms/schema.hpp>
#include <vellum/vellum.hpp>

int cms_schema_marker() { return static_cast<int>(vellum::cms::all_tables::size); }
