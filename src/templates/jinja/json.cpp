// json.cpp - JSON to template values and back (see json.hpp).
//
// Limits: see json.hpp.

#include "templates/jinja/json.hpp"

#include <cmath>
#include <string_view>

namespace tattler::jinja {
namespace {

constexpr std::string_view kPrefix = "^tattler^";

// decode_duration - "P<days>D<secs>S<micros>u" as tattler's regex reads it
// (re.match: the text may go on after the final 'u').
tattler::Result<Value> decode_duration(std::string_view s) {
  int64_t parts[3] = {0, 0, 0};
  const char seps[3] = {'D', 'S', 'u'};
  size_t i = 0;
  if (s.empty() || s[0] != 'P') {
    return tattler::Err{"Not formatted as a valid tattler duration (invalid "
                        "fields)"};
  }
  ++i;
  for (int k = 0; k < 3; ++k) {
    size_t b = i;
    int64_t v = 0;
    while (i < s.size() && s[i] >= '0' && s[i] <= '9') {
      if (v > (INT64_MAX - 9) / 10) {
        return tattler::Err{"days=" + std::string(s.substr(b)) +
                            "; must have magnitude <= 999999999"};
      }
      v = v * 10 + (s[i] - '0');
      ++i;
    }
    if (i == b || i >= s.size() || s[i] != seps[k]) {
      return tattler::Err{"Not formatted as a valid tattler duration "
                          "(invalid fields)"};
    }
    parts[k] = v;
    ++i;
  }
  auto td = TimeDelta::make(parts[0], parts[1], parts[2]);
  if (!td.ok()) return tattler::Err{td.error()};
  return Value(td.value());
}

// decode_typed - a ^tattler^ string as the value it stands for.
tattler::Result<Value> decode_typed(const std::string& s) {
  std::string_view rest = std::string_view(s).substr(kPrefix.size());
  auto take = [&](std::string_view tag) {
    if (rest.substr(0, tag.size()) != tag) return false;
    rest = rest.substr(tag.size());
    return true;
  };
  if (take("timedelta^")) return decode_duration(rest);
  if (take("time^")) {
    auto t = parse_time(rest);
    if (!t.ok()) return tattler::Err{t.error()};
    return Value(t.value());
  }
  if (take("date^")) {
    auto d = parse_date(rest);
    if (!d.ok()) return tattler::Err{d.error()};
    return Value(d.value());
  }
  if (take("datetime^")) {
    auto d = parse_datetime(rest);
    if (!d.ok()) return tattler::Err{d.error()};
    return Value(d.value());
  }
  return Value(s);
}

tattler::Result<Value> convert(const nlohmann::ordered_json& j, bool wire) {
  using nlohmann::ordered_json;
  switch (j.type()) {
    case ordered_json::value_t::null: return Value();
    case ordered_json::value_t::boolean: return Value(j.get<bool>());
    case ordered_json::value_t::number_integer:
      return Value(j.get<int64_t>());
    case ordered_json::value_t::number_unsigned: {
      uint64_t u = j.get<uint64_t>();
      if (u > static_cast<uint64_t>(INT64_MAX)) {
        return Value(static_cast<double>(u));
      }
      return Value(static_cast<int64_t>(u));
    }
    case ordered_json::value_t::number_float: return Value(j.get<double>());
    case ordered_json::value_t::string: {
      const std::string& s = j.get_ref<const std::string&>();
      if (wire && s.compare(0, kPrefix.size(), kPrefix) == 0) {
        return decode_typed(s);
      }
      return Value(s);
    }
    case ordered_json::value_t::array: {
      List items;
      items.reserve(j.size());
      for (const auto& e : j) {
        auto v = convert(e, wire);
        if (!v.ok()) return v;
        items.push_back(std::move(v).value());
      }
      return Value(std::move(items));
    }
    case ordered_json::value_t::object: {
      Dict d;
      for (const auto& [k, e] : j.items()) {
        auto v = convert(e, wire);
        if (!v.ok()) return v;
        d.set(k, std::move(v).value());
      }
      return Value(std::move(d));
    }
    default: return Value();
  }
}

}  // namespace

Value from_json(const nlohmann::ordered_json& j) {
  auto v = convert(j, false);
  return v.ok() ? std::move(v).value() : Value();
}

tattler::Result<Value> from_wire_json(const nlohmann::ordered_json& j) {
  return convert(j, true);
}

nlohmann::ordered_json to_json(const Value& v) {
  using nlohmann::ordered_json;
  switch (v.kind()) {
    case Value::Kind::kBool: return v.as_bool();
    case Value::Kind::kInt: return v.as_int();
    case Value::Kind::kFloat: return v.as_float();
    case Value::Kind::kString: return v.as_string();
    case Value::Kind::kList: {
      ordered_json a = ordered_json::array();
      for (const Value& e : v.as_list()) a.push_back(to_json(e));
      return a;
    }
    case Value::Kind::kDict: {
      ordered_json o = ordered_json::object();
      for (const auto& [k, e] : v.as_dict()) o[k] = to_json(e);
      return o;
    }
    case Value::Kind::kDateTime: return v.as_datetime().isoformat();
    case Value::Kind::kDate: return v.as_date().isoformat();
    case Value::Kind::kTime: return v.as_time().isoformat();
    case Value::Kind::kTimeDelta: return v.as_timedelta().str();
    default: return nullptr;
  }
}

}  // namespace tattler::jinja
