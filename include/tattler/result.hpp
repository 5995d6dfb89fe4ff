// result.hpp - the answer of the server for one vector of a notification.
//
// Offers VectorResult, one entry of the NotificationJob list the server
// returns for a POST, and the JSON conversions for it.
//
// Limits: fields the server may add beyond the five of tattler are dropped.
#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

namespace tattler {

// The JSON type of contexts and answers: keys keep the order they were
// inserted in, as Python dicts do.
using Json = nlohmann::ordered_json;

struct VectorResult {
  std::string id;       // "<vector>:<uuid>", chosen by the server
  std::string vector;   // "email", "sms", ...
  int result_code = 1;  // JSON "resultCode": 0 delivered, else failed
  std::string result;   // "success" or "error"
  std::string detail;   // "OK" or what went wrong

  // ok - this vector was delivered (or accepted for delivery).
  bool ok() const { return result_code == 0; }
};

// to_json - the tattler JSON shape (keys id, vector, resultCode, result,
// detail in that order).
Json to_json(const VectorResult& result);

// parse_results - reads a NotificationJob array; false when it is not one.
bool parse_results(const Json& body, std::vector<VectorResult>* out);

}  // namespace tattler
