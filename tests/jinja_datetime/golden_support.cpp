// golden_support.cpp - reading the golden cases Python produced.
//
// Limits: see golden_support.hpp.
#include "golden_support.hpp"

#include <cmath>
#include <cstdlib>
#include <fstream>
#include <map>

namespace tattler::jinja::testing {

const nlohmann::json& load_golden(const std::string& name) {
  static std::map<std::string, nlohmann::json> cache;
  auto it = cache.find(name);
  if (it != cache.end()) return it->second;

  std::ifstream in(std::string(JINJA_DATETIME_GOLDEN_DIR) + "/" + name);
  nlohmann::json cases = nlohmann::json::array();
  if (in) cases = nlohmann::json::parse(in);
  return cache.emplace(name, std::move(cases)).first->second;
}

double decode_double(const std::string& text) {
  if (text == "nan") return std::nan("");
  return std::strtod(text.c_str(), nullptr);
}

Time decode_time(const nlohmann::json& v) {
  Time t;
  t.hour = v[0];
  t.minute = v[1];
  t.second = v[2];
  t.microsecond = v[3];
  if (!v[4].is_null()) {
    t.utc_offset_seconds = v[4].get<int>();
    t.utc_offset_microseconds = v[5];
  }
  return t;
}

DateTime decode_datetime(const nlohmann::json& v) {
  DateTime dt;
  dt.date = Date{v[0], v[1], v[2]};
  dt.time =
      decode_time(nlohmann::json::array({v[3], v[4], v[5], v[6], v[7], v[8]}));
  return dt;
}

Date decode_date(const nlohmann::json& v) { return Date{v[0], v[1], v[2]}; }

TimeDelta decode_delta(const nlohmann::json& v) {
  return TimeDelta{v[0].get<int64_t>(), v[1].get<int64_t>(),
                   v[2].get<int64_t>()};
}

humanize::Input decode_input(const nlohmann::json& value) {
  const std::string type = value["t"];
  if (type == "bool") return value["v"].get<bool>();
  if (type == "int") {
    return static_cast<int64_t>(std::stoll(value["v"].get<std::string>()));
  }
  if (type == "float") return decode_double(value["v"]);
  if (type == "str") return value["v"].get<std::string>();
  if (type == "datetime") return decode_datetime(value["v"]);
  if (type == "date") return decode_date(value["v"]);
  if (type == "time") return decode_time(value["v"]);
  if (type == "timedelta") return decode_delta(value["v"]);
  return std::monostate{};
}

std::string case_label(size_t index) { return "case" + std::to_string(index); }

}  // namespace tattler::jinja::testing
