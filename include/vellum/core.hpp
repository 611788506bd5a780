// The core layer in one include: connection, statements, transactions, value mapping, errors.
//
//   #include <vellum/core.hpp>
//   vellum::connection db{":memory:"};
#pragma once

#include "vellum/core/connection.hpp"
#include "vellum/core/enum_names.hpp"
#include "vellum/core/error.hpp"
#include "vellum/core/query_event.hpp"
#include "vellum/core/random.hpp"
#include "vellum/core/sha256.hpp"
#include "vellum/core/sqlite_error.hpp"
#include "vellum/core/statement.hpp"
#include "vellum/core/tag.hpp"
#include "vellum/core/time.hpp"
#include "vellum/core/transaction.hpp"
#include "vellum/core/value_traits.hpp"
