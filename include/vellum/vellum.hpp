// vellum in one include: core, schema, query builder and the database facade.
//
//   #include <vellum/vellum.hpp>
//   namespace v = vellum;
#pragma once

#include "vellum/core.hpp"
#include "vellum/database.hpp"
#include "vellum/query/aggregate.hpp"
#include "vellum/query/compound.hpp"
#include "vellum/query/eager_load.hpp"
#include "vellum/query/delete.hpp"
#include "vellum/query/expression.hpp"
#include "vellum/query/insert.hpp"
#include "vellum/query/prepared.hpp"
#include "vellum/query/select.hpp"
#include "vellum/query/update.hpp"
#include "vellum/schema/column.hpp"
#include "vellum/schema/ddl.hpp"
#include "vellum/schema/relation.hpp"
#include "vellum/schema/table.hpp"
