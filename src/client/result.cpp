// result.cpp - VectorResult to and from tattler's NotificationJob JSON.
//
// Limits: see result.hpp.
#include "tattler/result.hpp"

namespace tattler {

// to_json - keys in tattler's order: id, vector, resultCode, result, detail.
Json to_json(const VectorResult& result) {
  Json j = Json::object();
  j["id"] = result.id;
  j["vector"] = result.vector;
  j["resultCode"] = result.result_code;
  j["result"] = result.result;
  j["detail"] = result.detail;
  return j;
}

namespace {

// string_field - a string member, or "" when missing or of another type.
std::string string_field(const Json& item, const char* key) {
  auto it = item.find(key);
  if (it == item.end() || !it->is_string()) return {};
  return it->get<std::string>();
}

}  // namespace

// parse_results - reads an array of objects; a missing resultCode is 1,
// since only an explicit 0 means delivered (as tattler's client counts).
bool parse_results(const Json& body, std::vector<VectorResult>* out) {
  if (!body.is_array()) return false;
  out->clear();
  for (const Json& item : body) {
    if (!item.is_object()) return false;
    VectorResult r;
    r.id = string_field(item, "id");
    r.vector = string_field(item, "vector");
    auto code = item.find("resultCode");
    r.result_code = (code != item.end() && code->is_number_integer())
                        ? code->get<int>()
                        : 1;
    r.result = string_field(item, "result");
    r.detail = string_field(item, "detail");
    out->push_back(std::move(r));
  }
  return true;
}

}  // namespace tattler
