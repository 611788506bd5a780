// `capture_migration_error(fn)`: runs `fn`, which must throw vellum::migration_error, and returns
// the error for the test to inspect (the test fails when nothing, or something else, is thrown).
//
//   const auto e = capture_migration_error([&] { runner.up(); });
//   CHECK(e.migration() == "003_bad.sql");
#pragma once

#include <catch2/catch.hpp>

#include <stdexcept>

#include <vellum/core/error.hpp>

template <class F>
vellum::migration_error capture_migration_error(F&& fn) {
  try {
    fn();
  } catch (const vellum::migration_error& e) {
    return e;
  }
  FAIL("expected a vellum::migration_error, and nothing was thrown");
  throw std::logic_error("unreachable: FAIL throws");
}
