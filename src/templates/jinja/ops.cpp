// ops.cpp - Python's operators on template values: + - * / // % ** and
// unary minus (ints, floats, strings, lists, datetime values), equality,
// ordering, `in`, len(), and HTML escaping.
//
// Limits: int results outside 64 bits are an error ("integer overflow"),
// where Python would grow the int; string and list repetition is capped
// at 16 MiB / 1M items.

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdint>
#include <cstring>

#ifdef __SSE2__
#include <emmintrin.h>
#endif

#include "fmt/format.h"
#include "templates/jinja/pyformat.hpp"
#include "templates/jinja/renderer.hpp"
#include "templates/jinja/unicode.hpp"

namespace tattler::jinja {
namespace {

constexpr size_t kMaxRepeatBytes = 16u << 20;

const char* op_symbol(BinOp op) {
  switch (op) {
    case BinOp::kAdd: return "+";
    case BinOp::kSub: return "-";
    case BinOp::kMul: return "*";
    case BinOp::kDiv: return "/";
    case BinOp::kFloorDiv: return "//";
    case BinOp::kMod: return "%";
    case BinOp::kPow: return "** or pow()";
  }
  return "?";
}

[[noreturn]] void unsupported(BinOp op, const Value& a, const Value& b) {
  raise(fmt::format("unsupported operand type(s) for {}: '{}' and '{}'",
                    op_symbol(op), a.type_name(), b.type_name()));
}

bool is_intlike(const Value& v) { return v.is_int() || v.is_bool(); }

template <typename T>
T unwrap(Result<T> r) {
  if (!r.ok()) raise(r.error());
  return std::move(r).value();
}

// int_pow - exact integer power or an overflow error.
int64_t int_pow(int64_t base, int64_t exp) {
  int64_t result = 1;
  while (exp > 0) {
    if (exp & 1) {
      if (__builtin_mul_overflow(result, base, &result)) {
        raise("integer overflow (ints are 64-bit here)");
      }
    }
    exp >>= 1;
    if (exp > 0 && __builtin_mul_overflow(base, base, &base)) {
      raise("integer overflow (ints are 64-bit here)");
    }
  }
  return result;
}

double float_mod(double a, double b) {
  double m = std::fmod(a, b);
  if (m != 0.0) {
    if ((b < 0) != (m < 0)) m += b;
  } else {
    m = std::copysign(0.0, b);
  }
  return m;
}

double float_floordiv(double a, double b) {
  double mod = std::fmod(a, b);
  double div = (a - mod) / b;
  if (mod != 0.0 && ((b < 0) != (mod < 0))) div -= 1.0;
  if (div == 0.0) return std::copysign(0.0, a / b);
  double floordiv = std::floor(div);
  if (div - floordiv > 0.5) floordiv += 1.0;
  return floordiv;
}

Value int_op(BinOp op, int64_t a, int64_t b) {
  int64_t r = 0;
  switch (op) {
    case BinOp::kAdd:
      if (__builtin_add_overflow(a, b, &r)) break;
      return Value(r);
    case BinOp::kSub:
      if (__builtin_sub_overflow(a, b, &r)) break;
      return Value(r);
    case BinOp::kMul:
      if (__builtin_mul_overflow(a, b, &r)) break;
      return Value(r);
    case BinOp::kDiv:
      if (b == 0) raise("division by zero");
      return Value(static_cast<double>(a) / static_cast<double>(b));
    case BinOp::kFloorDiv: {
      if (b == 0) raise("integer division or modulo by zero");
      if (a == INT64_MIN && b == -1) break;
      int64_t q = a / b;
      if ((a % b != 0) && ((a < 0) != (b < 0))) --q;
      return Value(q);
    }
    case BinOp::kMod: {
      if (b == 0) raise("integer division or modulo by zero");
      if (b == -1) return Value(int64_t{0});
      int64_t m = a % b;
      if (m != 0 && ((m < 0) != (b < 0))) m += b;
      return Value(m);
    }
    case BinOp::kPow:
      if (b < 0) {
        if (a == 0) raise("0.0 cannot be raised to a negative power");
        return Value(std::pow(static_cast<double>(a), static_cast<double>(b)));
      }
      return Value(int_pow(a, b));
  }
  raise("integer overflow (ints are 64-bit here)");
}

Value float_op(BinOp op, double a, double b) {
  switch (op) {
    case BinOp::kAdd: return Value(a + b);
    case BinOp::kSub: return Value(a - b);
    case BinOp::kMul: return Value(a * b);
    case BinOp::kDiv:
      if (b == 0.0) raise("float division by zero");
      return Value(a / b);
    case BinOp::kFloorDiv:
      if (b == 0.0) raise("float floor division by zero");
      return Value(float_floordiv(a, b));
    case BinOp::kMod:
      if (b == 0.0) raise("float modulo");
      return Value(float_mod(a, b));
    case BinOp::kPow:
      if (a == 0.0 && b < 0) {
        raise("0.0 cannot be raised to a negative power");
      }
      if (a < 0 && b != std::floor(b)) {
        raise("negative number cannot be raised to a fractional power "
              "(complex results are not supported)");
      }
      return Value(std::pow(a, b));
  }
  return Value();
}

// repeat - str * n and list * n.
Value repeat(const Value& seq, int64_t n) {
  if (n <= 0) return seq.is_string() ? Value("") : Value(List{});
  if (seq.is_string()) {
    const std::string& s = seq.as_string();
    if (s.size() * static_cast<uint64_t>(n) > kMaxRepeatBytes) {
      raise("string repetition too large");
    }
    std::string out;
    out.reserve(s.size() * static_cast<size_t>(n));
    for (int64_t i = 0; i < n; ++i) out += s;
    return Value(std::move(out));
  }
  const List& l = seq.as_list();
  if (l.size() * static_cast<uint64_t>(n) > (1u << 20)) {
    raise("list repetition too large");
  }
  List out;
  for (int64_t i = 0; i < n; ++i) out.insert(out.end(), l.begin(), l.end());
  return seq.is_tuple() ? Value::tuple(std::move(out)) : Value(std::move(out));
}

// datetime_op - operators with a datetime value on either side.
bool datetime_op(BinOp op, const Value& a, const Value& b, Value* out) {
  bool td_b = b.is_timedelta();
  if (a.is_datetime() && td_b && (op == BinOp::kAdd || op == BinOp::kSub)) {
    *out = Value(unwrap(op == BinOp::kAdd ? add(a.as_datetime(), b.as_timedelta())
                                          : sub(a.as_datetime(), b.as_timedelta())));
  } else if (a.is_timedelta() && b.is_datetime() && op == BinOp::kAdd) {
    *out = Value(unwrap(add(b.as_datetime(), a.as_timedelta())));
  } else if (a.is_datetime() && b.is_datetime() && op == BinOp::kSub) {
    *out = Value(unwrap(sub(a.as_datetime(), b.as_datetime())));
  } else if (a.is_date() && td_b && (op == BinOp::kAdd || op == BinOp::kSub)) {
    *out = Value(unwrap(op == BinOp::kAdd ? add(a.as_date(), b.as_timedelta())
                                          : sub(a.as_date(), b.as_timedelta())));
  } else if (a.is_timedelta() && b.is_date() && op == BinOp::kAdd) {
    *out = Value(unwrap(add(b.as_date(), a.as_timedelta())));
  } else if (a.is_date() && b.is_date() && op == BinOp::kSub) {
    *out = Value(sub(a.as_date(), b.as_date()));
  } else if (a.is_timedelta() && td_b) {
    const TimeDelta& x = a.as_timedelta();
    const TimeDelta& y = b.as_timedelta();
    switch (op) {
      case BinOp::kAdd: *out = Value(unwrap(add(x, y))); break;
      case BinOp::kSub: *out = Value(unwrap(sub(x, y))); break;
      case BinOp::kDiv: *out = Value(unwrap(truediv(x, y))); break;
      case BinOp::kFloorDiv: *out = Value(unwrap(floordiv(x, y))); break;
      case BinOp::kMod: *out = Value(unwrap(mod(x, y))); break;
      default: return false;
    }
  } else if (a.is_timedelta() && b.is_number()) {
    const TimeDelta& x = a.as_timedelta();
    bool i = is_intlike(b);
    switch (op) {
      case BinOp::kMul:
        *out = i ? Value(unwrap(mul(x, b.as_int())))
                 : Value(unwrap(mul(x, b.as_float())));
        break;
      case BinOp::kDiv:
        *out = i ? Value(unwrap(truediv(x, b.as_int())))
                 : Value(unwrap(truediv(x, b.as_float())));
        break;
      case BinOp::kFloorDiv:
        if (!i) return false;
        *out = Value(unwrap(floordiv(x, b.as_int())));
        break;
      default: return false;
    }
  } else if (a.is_number() && td_b && op == BinOp::kMul) {
    *out = is_intlike(a) ? Value(unwrap(mul(b.as_timedelta(), a.as_int())))
                         : Value(unwrap(mul(b.as_timedelta(), a.as_float())));
  } else {
    return false;
  }
  return true;
}

}  // namespace

Value binary_op(BinOp op, const Value& a, const Value& b) {
  if (a.is_undefined()) raise(a.undefined_message());
  if (b.is_undefined()) raise(b.undefined_message());
  if (is_intlike(a) && is_intlike(b)) return int_op(op, a.as_int(), b.as_int());
  if (a.is_number() && b.is_number()) {
    return float_op(op, a.as_float(), b.as_float());
  }
  if (op == BinOp::kAdd && a.is_string()) {
    if (!b.is_string()) {
      raise(fmt::format("can only concatenate str (not \"{}\") to str",
                        b.type_name()));
    }
    return Value(a.as_string() + b.as_string());
  }
  if (op == BinOp::kAdd && a.is_list()) {
    if (!b.is_list() || a.is_tuple() != b.is_tuple()) {
      raise(fmt::format("can only concatenate {} (not \"{}\") to {}",
                        a.type_name(), b.type_name(), a.type_name()));
    }
    List out = a.as_list();
    out.insert(out.end(), b.as_list().begin(), b.as_list().end());
    return a.is_tuple() ? Value::tuple(std::move(out)) : Value(std::move(out));
  }
  if (op == BinOp::kMul && (a.is_string() || a.is_list()) && is_intlike(b)) {
    return repeat(a, b.as_int());
  }
  if (op == BinOp::kMul && (b.is_string() || b.is_list()) && is_intlike(a)) {
    return repeat(b, a.as_int());
  }
  if (op == BinOp::kMod && a.is_string()) {
    return Value(percent_format(a.as_string(), b));
  }
  Value out;
  if (datetime_op(op, a, b, &out)) return out;
  unsupported(op, a, b);
}

Value negate(const Value& a) {
  if (a.is_undefined()) raise(a.undefined_message());
  if (is_intlike(a)) {
    if (a.as_int() == INT64_MIN) raise("integer overflow");
    return Value(-a.as_int());
  }
  if (a.is_float()) return Value(-a.as_float());
  if (a.is_timedelta()) return Value(unwrap(neg(a.as_timedelta())));
  raise(fmt::format("bad operand type for unary -: '{}'", a.type_name()));
}

bool py_equal(const Value& a, const Value& b) {
  if (a.is_number() && b.is_number()) {
    if (is_intlike(a) && is_intlike(b)) return a.as_int() == b.as_int();
    return a.as_float() == b.as_float();
  }
  if (a.kind() != b.kind()) return false;
  switch (a.kind()) {
    case Value::Kind::kNone:
    case Value::Kind::kUndefined: return true;
    case Value::Kind::kString: return a.as_string() == b.as_string();
    case Value::Kind::kList: {
      const List& x = a.as_list();
      const List& y = b.as_list();
      if (a.is_tuple() != b.is_tuple() || x.size() != y.size()) return false;
      for (size_t i = 0; i < x.size(); ++i) {
        if (!py_equal(x[i], y[i])) return false;
      }
      return true;
    }
    case Value::Kind::kDict: {
      const Dict& x = a.as_dict();
      const Dict& y = b.as_dict();
      if (x.size() != y.size()) return false;
      for (const auto& [k, v] : x) {
        const Value* o = y.find(k);
        if (!o || !py_equal(v, *o)) return false;
      }
      return true;
    }
    case Value::Kind::kDateTime: return equal(a.as_datetime(), b.as_datetime());
    case Value::Kind::kDate: return a.as_date() == b.as_date();
    case Value::Kind::kTime: return equal(a.as_time(), b.as_time());
    case Value::Kind::kTimeDelta: return a.as_timedelta() == b.as_timedelta();
    case Value::Kind::kTemplate: return a.as_template() == b.as_template();
    case Value::Kind::kCallable: return a.callable_ptr() == b.callable_ptr();
    default: return false;
  }
}

int py_compare(const Value& a, const Value& b) {
  if (a.is_undefined()) raise(a.undefined_message());
  if (b.is_undefined()) raise(b.undefined_message());
  if (a.is_number() && b.is_number()) {
    if (is_intlike(a) && is_intlike(b)) {
      return a.as_int() < b.as_int() ? -1 : a.as_int() > b.as_int() ? 1 : 0;
    }
    double x = a.as_float(), y = b.as_float();
    return x < y ? -1 : x > y ? 1 : 0;
  }
  if (a.kind() == b.kind()) {
    switch (a.kind()) {
      case Value::Kind::kString: {
        int c = a.as_string().compare(b.as_string());
        return c < 0 ? -1 : c > 0 ? 1 : 0;
      }
      case Value::Kind::kList: {
        if (a.is_tuple() != b.is_tuple()) break;
        const List& x = a.as_list();
        const List& y = b.as_list();
        for (size_t i = 0; i < x.size() && i < y.size(); ++i) {
          if (!py_equal(x[i], y[i])) return py_compare(x[i], y[i]);
        }
        return x.size() < y.size() ? -1 : x.size() > y.size() ? 1 : 0;
      }
      case Value::Kind::kDateTime:
        return unwrap(compare(a.as_datetime(), b.as_datetime()));
      case Value::Kind::kDate: return compare(a.as_date(), b.as_date());
      case Value::Kind::kTime: return unwrap(compare(a.as_time(), b.as_time()));
      case Value::Kind::kTimeDelta:
        return compare(a.as_timedelta(), b.as_timedelta());
      default: break;
    }
  }
  raise(fmt::format("'<' not supported between instances of '{}' and '{}'",
                    a.type_name(), b.type_name()));
}

bool py_contains(const Value& container, const Value& item) {
  switch (container.kind()) {
    case Value::Kind::kString:
      if (!item.is_string()) {
        raise(fmt::format("'in <string>' requires string as left operand, "
                          "not {}",
                          item.type_name()));
      }
      return container.as_string().find(item.as_string()) != std::string::npos;
    case Value::Kind::kList:
      for (const Value& v : container.as_list()) {
        if (py_equal(v, item)) return true;
      }
      return false;
    case Value::Kind::kDict:
      return container.as_dict().find(item.is_string() ? item.as_string()
                                                       : item.str()) != nullptr;
    case Value::Kind::kUndefined: return false;
    default:
      raise(fmt::format("argument of type '{}' is not iterable",
                        container.type_name()));
  }
}

int64_t py_len(const Value& v) {
  switch (v.kind()) {
    case Value::Kind::kString:
      return static_cast<int64_t>(uni::length(v.as_string()));
    case Value::Kind::kList: return static_cast<int64_t>(v.as_list().size());
    case Value::Kind::kDict: return static_cast<int64_t>(v.as_dict().size());
    case Value::Kind::kUndefined: return 0;
    default:
      raise(fmt::format("object of type '{}' has no len()", v.type_name()));
  }
}

namespace {

// has_special - whether one of the eight bytes of `w` is & < > " or '
// (a byte equal to c is a zero byte of w ^ c...c; the zero-byte test is
// exact about whether there is one).
bool has_special(uint64_t w) {
  constexpr uint64_t kOnes = 0x0101010101010101ULL;
  constexpr uint64_t kHigh = 0x8080808080808080ULL;
  auto zero_byte = [](uint64_t x) { return (x - kOnes) & ~x & kHigh; };
  return (zero_byte(w ^ (kOnes * '&')) | zero_byte(w ^ (kOnes * '<')) |
          zero_byte(w ^ (kOnes * '>')) | zero_byte(w ^ (kOnes * '"')) |
          zero_byte(w ^ (kOnes * '\''))) != 0;
}

// Entity - a byte's text in HTML: itself, or its entity.
struct alignas(16) Entity {
  char text[8];
  uint8_t size;
};

constexpr std::array<Entity, 256> entity_table() {
  std::array<Entity, 256> t{};
  for (int c = 0; c < 256; ++c) {
    t[static_cast<size_t>(c)].text[0] = static_cast<char>(c);
    t[static_cast<size_t>(c)].size = 1;
  }
  t['&'] = {"&amp;", 5};
  t['<'] = {"&lt;", 4};
  t['>'] = {"&gt;", 4};
  t['"'] = {"&#34;", 5};
  t['\''] = {"&#39;", 5};
  return t;
}

}  // namespace

void append_escaped(std::string& out, std::string_view s) {
  // Each byte's text from the table, copied as one 8-byte word with no
  // branch; a chunk is escaped into a stack buffer (at most 5 bytes per
  // input byte, plus the word's slack) and appended once.
  static constexpr auto kEntity = entity_table();
  // A short text with nothing to escape (an end like "...") is appended
  // as it is.
  if (s.size() <= 8) {
    bool special = false;
    for (char c : s) {
      special |= kEntity[static_cast<unsigned char>(c)].size != 1;
    }
    if (!special) {
      out.append(s.data(), s.size());
      return;
    }
  }
  auto escape_byte = [&](char c, char*& p) {
    const Entity& ent = kEntity[static_cast<unsigned char>(c)];
    std::memcpy(p, ent.text, 8);
    p += ent.size;
  };
  constexpr size_t kChunk = 256;
  char buf[kChunk * 5 + 8];
  for (size_t start = 0; start < s.size(); start += kChunk) {
    size_t end = std::min(s.size(), start + kChunk);
    char* p = buf;
    size_t i = start;
#ifdef __SSE2__
    // Sixteen bytes without a special character are copied as they are.
    for (; i + 16 <= end; i += 16) {
      __m128i v = _mm_loadu_si128(
          reinterpret_cast<const __m128i*>(s.data() + i));
      __m128i hit = _mm_or_si128(
          _mm_or_si128(_mm_cmpeq_epi8(v, _mm_set1_epi8('&')),
                       _mm_cmpeq_epi8(v, _mm_set1_epi8('<'))),
          _mm_or_si128(_mm_cmpeq_epi8(v, _mm_set1_epi8('>')),
                       _mm_or_si128(_mm_cmpeq_epi8(v, _mm_set1_epi8('"')),
                                    _mm_cmpeq_epi8(v, _mm_set1_epi8('\'')))));
      if (_mm_movemask_epi8(hit) == 0) {
        _mm_storeu_si128(reinterpret_cast<__m128i*>(p), v);
        p += 16;
        continue;
      }
      for (size_t j = i; j < i + 16; ++j) escape_byte(s[j], p);
    }
#endif
    // Eight bytes without a special character are copied as they are.
    for (; i + 8 <= end; i += 8) {
      uint64_t w;
      std::memcpy(&w, s.data() + i, sizeof w);
      if (!has_special(w)) {
        std::memcpy(p, &w, sizeof w);
        p += 8;
        continue;
      }
      for (size_t j = i; j < i + 8; ++j) escape_byte(s[j], p);
    }
    for (; i < end; ++i) escape_byte(s[i], p);
    out.append(buf, static_cast<size_t>(p - buf));
  }
}

std::string escape_html(std::string_view s) {
  std::string out;
  out.reserve(s.size() + 16);
  append_escaped(out, s);
  return out;
}

std::string object_type_repr(const Value& v) {
  if (v.is_none()) return "None";
  return std::string(v.type_name()) + " object";
}

}  // namespace tattler::jinja
