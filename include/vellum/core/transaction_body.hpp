// How `connection::transaction(fn)` runs `fn` inside an open transaction object, shared by the
// SQLite and PostgreSQL connections: `fn` may take the transaction (to roll back explicitly) or
// nothing; its result is returned after the commit; an exception propagates and leaves the
// transaction active, so its destructor rolls back.
#pragma once

#include <type_traits>

namespace vellum::detail {

template <class Transaction, class F>
decltype(auto) run_transaction_body(Transaction& tx, F& fn) {
  if constexpr (std::is_invocable_v<F&, Transaction&>) {
    if constexpr (std::is_void_v<std::invoke_result_t<F&, Transaction&>>) {
      fn(tx);
      tx.commit_if_active();
    } else {
      decltype(auto) result = fn(tx);
      tx.commit_if_active();
      return result;
    }
  } else {
    if constexpr (std::is_void_v<std::invoke_result_t<F&>>) {
      fn();
      tx.commit_if_active();
    } else {
      decltype(auto) result = fn();
      tx.commit_if_active();
      return result;
    }
  }
}

}  // namespace vellum::detail
