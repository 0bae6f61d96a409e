// Errors as values at stage boundaries: a Status says what failed and where; Result<T>
// carries either a value or the Status that prevented it. One bad document is reported
// and the run goes on; nothing here throws.
#pragma once

#include <string>
#include <utility>
#include <variant>

namespace depeche {

enum class StatusCode {
  kOk = 0,
  kInvalidArgument,  ///< the caller gave something unusable (a flag, a path)
  kNotFound,         ///< a file or record that should exist does not
  kDataError,        ///< input bytes that cannot be read as a document (binary, bad JSON)
  kIoError,          ///< the operating system refused a read or write
  kKnowledgeError,   ///< a knowledge file is missing, stale or malformed
  kInternal,         ///< a bug: an invariant did not hold
};

class Status {
 public:
  Status() = default;
  Status(StatusCode code, std::string message) : code_(code), message_(std::move(message)) {}
  static Status Ok() { return {}; }

  bool ok() const { return code_ == StatusCode::kOk; }
  StatusCode code() const { return code_; }
  const std::string& message() const { return message_; }

 private:
  StatusCode code_ = StatusCode::kOk;
  std::string message_;
};

inline Status InvalidArgument(std::string m) { return {StatusCode::kInvalidArgument, std::move(m)}; }
inline Status NotFound(std::string m) { return {StatusCode::kNotFound, std::move(m)}; }
inline Status DataError(std::string m) { return {StatusCode::kDataError, std::move(m)}; }
inline Status IoError(std::string m) { return {StatusCode::kIoError, std::move(m)}; }
inline Status KnowledgeError(std::string m) { return {StatusCode::kKnowledgeError, std::move(m)}; }

template <typename T>
class Result {
 public:
  Result(T value) : v_(std::move(value)) {}          // NOLINT: implicit by design
  Result(Status status) : v_(std::move(status)) {}   // NOLINT: implicit by design

  bool ok() const { return std::holds_alternative<T>(v_); }
  const Status& status() const {
    static const Status kOk;
    return ok() ? kOk : std::get<Status>(v_);
  }
  T& value() & { return std::get<T>(v_); }
  const T& value() const& { return std::get<T>(v_); }
  T&& value() && { return std::get<T>(std::move(v_)); }
  T* operator->() { return &value(); }
  const T* operator->() const { return &value(); }
  T& operator*() & { return value(); }
  const T& operator*() const& { return value(); }

 private:
  std::variant<T, Status> v_;
};

#define DEPECHE_RETURN_IF_ERROR(expr)     \
  do {                                    \
    ::depeche::Status _st = (expr);       \
    if (!_st.ok()) return _st;            \
  } while (0)

}  // namespace depeche
