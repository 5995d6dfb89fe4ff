// sql_connection.hpp - the little SQL the outbox needs, over SQLite or libpq.
//
// One SqlConnection runs statements with `?` placeholders and positional
// parameters and returns every row as text (blobs as their raw bytes).
// Statements are prepared once and cached by their text. A connection is
// used by one thread at a time.
//
// Limits: no named parameters, no cursors (results are read whole), `?`
// must not appear inside string literals of a statement.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "common/result.hpp"

namespace tattler::outbox {

// Bytes to bind as a BLOB / BYTEA rather than as text.
struct Blob {
  std::string bytes;
};

using SqlValue = std::variant<std::nullptr_t, std::int64_t, std::string, Blob>;
using SqlRow = std::vector<std::optional<std::string>>;
using SqlRows = std::vector<SqlRow>;

class SqlConnection {
 public:
  virtual ~SqlConnection() = default;

  // exec - run one statement with params; the rows it returned.
  virtual Result<SqlRows> exec(std::string_view sql,
                               const std::vector<SqlValue>& params = {}) = 0;

  // exec_script - run several statements without parameters (schema).
  virtual Status exec_script(std::string_view sql) = 0;
};

}  // namespace tattler::outbox
