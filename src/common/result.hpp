// result.hpp - errors as values at layer boundaries.
//
// Status carries success or a message a person can act on; Result<T> carries
// a value or such a message. Both are cheap to move and are checked at every
// step by the caller, as LevelDB's Status is. Exceptions stay for programming
// errors and start-up.
//
// Limits: a single message string; no error codes beyond what each layer
// puts into its own types.
#pragma once

#include <cassert>
#include <optional>
#include <string>
#include <utility>
#include <variant>

namespace tattler {

class Status {
 public:
  // Ok - a success value.
  static Status Ok() { return Status(); }

  // Error - a failure with a message meant for the person reading it.
  static Status Error(std::string message) {
    Status s;
    s.message_ = std::move(message);
    return s;
  }

  bool ok() const { return !message_.has_value(); }
  explicit operator bool() const { return ok(); }

  // message - the failure text; empty for a success.
  const std::string& message() const {
    static const std::string kEmpty;
    return message_ ? *message_ : kEmpty;
  }

 private:
  std::optional<std::string> message_;
};

// Err - tag that builds a failed Result<T> from a message.
struct Err {
  std::string message;
};

template <typename T>
class Result {
 public:
  Result(T value) : data_(std::move(value)) {}  // NOLINT: implicit on purpose
  Result(Err error) : data_(std::move(error)) {}  // NOLINT: implicit on purpose

  bool ok() const { return std::holds_alternative<T>(data_); }
  explicit operator bool() const { return ok(); }

  // value - the held value; callers check ok() first.
  T& value() & {
    assert(ok());
    return std::get<T>(data_);
  }
  const T& value() const& {
    assert(ok());
    return std::get<T>(data_);
  }
  T&& value() && {
    assert(ok());
    return std::get<T>(std::move(data_));
  }
  T* operator->() { return &value(); }
  const T* operator->() const { return &value(); }
  T& operator*() & { return value(); }
  const T& operator*() const& { return value(); }

  // error - the failure text; callers check !ok() first.
  const std::string& error() const {
    assert(!ok());
    return std::get<Err>(data_).message;
  }

  // status - the outcome without the value.
  Status status() const { return ok() ? Status::Ok() : Status::Error(error()); }

 private:
  std::variant<T, Err> data_;
};

}  // namespace tattler
