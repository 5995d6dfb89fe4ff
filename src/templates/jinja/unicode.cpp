// unicode.cpp - UTF-8 and the small case table (see unicode.hpp).
//
// Limits: see unicode.hpp.

#include "templates/jinja/unicode.hpp"

#include <cstdint>
#include <cstring>

namespace tattler::jinja::uni {
namespace {

// pair_even_upper - in [lo, hi], even code points are capitals and the next
// odd one is their small letter.
bool in_pairs(char32_t c, char32_t lo, char32_t hi) {
  return c >= lo && c <= hi;
}

// digraph_base - for the Latin digraphs DŽ/Dž/dž, LJ/Lj/lj, NJ/Nj/nj, DZ/Dz/dz
// (three code points each: upper, title, lower), the upper one, else 0.
char32_t digraph_base(char32_t c) {
  if (c >= 0x1C4 && c <= 0x1CC) return 0x1C4 + (c - 0x1C4) / 3 * 3;
  if (c >= 0x1F1 && c <= 0x1F3) return 0x1F1;
  return 0;
}

// simple_lower - the lower-case form of an upper-case letter, else c.
char32_t simple_lower(char32_t c) {
  if (c < 0x80) return (c >= 'A' && c <= 'Z') ? c + 32 : c;
  if (char32_t b = digraph_base(c)) return b + 2;
  if (c >= 0xC0 && c <= 0xDE && c != 0xD7) return c + 0x20;
  if (c >= 0x100 && c <= 0x17F) {
    if (c == 0x130) return 'i';
    if (c == 0x178) return 0xFF;
    bool odd_upper = (c >= 0x139 && c <= 0x148) || (c >= 0x179 && c <= 0x17E);
    bool even_upper = (c <= 0x137 && c != 0x131) ||
                      (c >= 0x14A && c <= 0x177);
    if (odd_upper && (c & 1)) return c + 1;
    if (even_upper && !(c & 1)) return c + 1;
    return c;
  }
  if (c >= 0x386 && c <= 0x3AB) {
    if (c == 0x386) return 0x3AC;
    if (c >= 0x388 && c <= 0x38A) return c + 37;
    if (c == 0x38C) return 0x3CC;
    if (c == 0x38E || c == 0x38F) return c + 63;
    if (c >= 0x391 && c != 0x3A2) return c + 32;
    return c;
  }
  if (c >= 0x400 && c <= 0x52F) {
    if (c <= 0x40F) return c + 80;
    if (c <= 0x42F) return c + 32;
    if (c == 0x4C0) return 0x4CF;
    if ((in_pairs(c, 0x460, 0x481) || in_pairs(c, 0x48A, 0x4BF) ||
         in_pairs(c, 0x4D0, 0x52F)) && !(c & 1)) {
      return c + 1;
    }
    if (in_pairs(c, 0x4C1, 0x4CE) && (c & 1)) return c + 1;
  }
  return c;
}

// simple_upper - the upper-case form of a lower-case letter, else c.
char32_t simple_upper(char32_t c) {
  if (c < 0x80) return (c >= 'a' && c <= 'z') ? c - 32 : c;
  if (char32_t b = digraph_base(c)) return b;
  if (c == 0xB5) return 0x39C;
  if (c >= 0xE0 && c <= 0xFE && c != 0xF7) return c - 0x20;
  if (c == 0xFF) return 0x178;
  if (c >= 0x100 && c <= 0x17F) {
    if (c == 0x131) return 'I';
    if (c == 0x17F) return 'S';
    bool odd_upper = (c >= 0x139 && c <= 0x148) || (c >= 0x179 && c <= 0x17E);
    bool even_upper = (c <= 0x137 && c != 0x130) ||
                      (c >= 0x14A && c <= 0x177);
    if (odd_upper && !(c & 1)) return c - 1;
    if (even_upper && (c & 1)) return c - 1;
    return c;
  }
  if (c >= 0x3AC && c <= 0x3CE) {
    if (c == 0x3AC) return 0x386;
    if (c >= 0x3AD && c <= 0x3AF) return c - 37;
    if (c == 0x3CC) return 0x38C;
    if (c == 0x3CD || c == 0x3CE) return c - 63;
    if (c == 0x3C2) return 0x3A3;
    if (c >= 0x3B1 && c <= 0x3CB) return c - 32;
    return c;
  }
  if (c >= 0x430 && c <= 0x52F) {
    if (c <= 0x44F) return c - 32;
    if (c <= 0x45F) return c - 80;
    if (c == 0x4CF) return 0x4C0;
    if ((in_pairs(c, 0x460, 0x481) || in_pairs(c, 0x48A, 0x4BF) ||
         in_pairs(c, 0x4D0, 0x52F)) && (c & 1)) {
      return c - 1;
    }
    if (in_pairs(c, 0x4C1, 0x4CE) && !(c & 1)) return c - 1;
  }
  return c;
}

bool is_cased(char32_t c) {
  return is_upper(c) || is_lower(c) || digraph_base(c) != 0;
}

// title_full - the title-case form of one code point.
std::u32string title_full(char32_t c) {
  if (c == 0xDF) return U"Ss";
  if (char32_t b = digraph_base(c)) return std::u32string(1, b + 1);
  return upper_full(c);
}

}  // namespace

std::u32string decode(std::string_view s) {
  std::u32string out;
  out.reserve(s.size());
  size_t i = 0;
  while (i < s.size()) {
    unsigned char b = static_cast<unsigned char>(s[i]);
    int n = b < 0x80 ? 0 : (b >> 5) == 6 ? 1 : (b >> 4) == 14 ? 2
          : (b >> 3) == 30 ? 3 : -1;
    if (n < 0 || i + n >= s.size()) {
      out.push_back(0xFFFD);
      ++i;
      continue;
    }
    char32_t cp = n == 0 ? b : (b & (0x3F >> n));
    bool ok = true;
    for (int k = 1; k <= n; ++k) {
      unsigned char cb = static_cast<unsigned char>(s[i + k]);
      if ((cb & 0xC0) != 0x80) {
        ok = false;
        break;
      }
      cp = (cp << 6) | (cb & 0x3F);
    }
    if (!ok) {
      out.push_back(0xFFFD);
      ++i;
      continue;
    }
    out.push_back(cp);
    i += n + 1;
  }
  return out;
}

void append(std::string& out, char32_t cp) {
  if (cp < 0x80) {
    out.push_back(static_cast<char>(cp));
  } else if (cp < 0x800) {
    out.push_back(static_cast<char>(0xC0 | (cp >> 6)));
    out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  } else if (cp < 0x10000) {
    out.push_back(static_cast<char>(0xE0 | (cp >> 12)));
    out.push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  } else {
    out.push_back(static_cast<char>(0xF0 | (cp >> 18)));
    out.push_back(static_cast<char>(0x80 | ((cp >> 12) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  }
}

std::string encode(std::u32string_view s) {
  std::string out;
  out.reserve(s.size());
  for (char32_t c : s) append(out, c);
  return out;
}

size_t length(std::string_view s) {
  // Count the continuation bytes (10xxxxxx) eight at a time: a byte's bit
  // 7 set and bit 6 clear, tested for all bytes of a word at once.
  constexpr uint64_t kHigh = 0x8080808080808080ULL;
  size_t continuation = 0;
  size_t i = 0;
  for (; i + 8 <= s.size(); i += 8) {
    uint64_t w;
    std::memcpy(&w, s.data() + i, sizeof w);
    // One flag per byte in bit 0, summed by one multiplication.
    uint64_t flags = (w & ~(w << 1) & kHigh) >> 7;
    continuation += static_cast<size_t>((flags * 0x0101010101010101ULL) >> 56);
  }
  for (; i < s.size(); ++i) {
    continuation += (static_cast<unsigned char>(s[i]) & 0xC0) == 0x80;
  }
  return s.size() - continuation;
}

bool is_ascii(std::string_view s) {
  // Eight bytes at a time: any high bit set means a non-ASCII byte.
  size_t i = 0;
  uint64_t high = 0;
  for (; i + 8 <= s.size(); i += 8) {
    uint64_t w;
    std::memcpy(&w, s.data() + i, sizeof w);
    high |= w;
  }
  for (; i < s.size(); ++i) high |= static_cast<unsigned char>(s[i]);
  return (high & 0x8080808080808080ULL) == 0;
}

std::u32string upper_full(char32_t c) {
  if (c == 0xDF) return U"SS";
  if (c == 0x149) return U"\u02BCN";
  if (c == 0x390) return U"\u0399\u0308\u0301";
  if (c == 0x3B0) return U"\u03A5\u0308\u0301";
  return std::u32string(1, simple_upper(c));
}

std::u32string lower_full(char32_t c) {
  if (c == 0x130) return U"i\u0307";
  return std::u32string(1, simple_lower(c));
}

bool is_upper(char32_t c) {
  if (char32_t b = digraph_base(c)) return c == b;
  return simple_lower(c) != c || c == 0x130;
}

bool is_lower(char32_t c) {
  if (char32_t b = digraph_base(c)) return c == b + 2;
  return simple_upper(c) != c || c == 0xDF || c == 0x138 || c == 0x149 ||
         c == 0x390 || c == 0x3B0;
}

bool is_space(char32_t c) {
  return (c >= 9 && c <= 13) || (c >= 0x1C && c <= 0x20) || c == 0x85 ||
         c == 0xA0 || c == 0x1680 || (c >= 0x2000 && c <= 0x200A) ||
         c == 0x2028 || c == 0x2029 || c == 0x202F || c == 0x205F ||
         c == 0x3000;
}

bool is_digit(char32_t c) { return c >= '0' && c <= '9'; }

bool is_alpha(char32_t c) {
  if (c < 0x80) return (c | 32) >= 'a' && (c | 32) <= 'z';
  if (is_cased(c)) return true;
  if (c == 0xAA || c == 0xBA) return true;
  if (c < 0x250) return false;
  if (c >= 0x2000 && c <= 0x2BFF) return false;
  if (c >= 0x3000 && c <= 0x303F) return false;
  if (c >= 0xFE00 && c <= 0xFE6F) return false;
  if (c >= 0x1F000) return false;
  return !is_space(c);
}

bool is_word(char32_t c) { return c == '_' || is_digit(c) || is_alpha(c); }

std::string upper(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  if (is_ascii(s)) {
    for (char c : s) out.push_back(static_cast<char>(simple_upper(c)));
    return out;
  }
  for (char32_t c : decode(s)) {
    for (char32_t u : upper_full(c)) append(out, u);
  }
  return out;
}

std::string lower(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  if (is_ascii(s)) {
    for (char c : s) out.push_back(static_cast<char>(simple_lower(c)));
    return out;
  }
  std::u32string cps = decode(s);
  for (size_t i = 0; i < cps.size(); ++i) {
    char32_t c = cps[i];
    if (c == 0x3A3) {
      // Final sigma: a capital sigma ending a word lowers to U+03C2.
      bool before = i > 0 && is_cased(cps[i - 1]);
      bool after = i + 1 < cps.size() && is_cased(cps[i + 1]);
      append(out, before && !after ? 0x3C2 : 0x3C3);
      continue;
    }
    for (char32_t l : lower_full(c)) append(out, l);
  }
  return out;
}

std::string capitalize(std::string_view s) {
  std::u32string cps = decode(s);
  if (cps.empty()) return "";
  std::string out;
  for (char32_t t : title_full(cps[0])) append(out, t);
  return out + lower(encode(std::u32string_view(cps).substr(1)));
}

std::string py_title(std::string_view s) {
  std::string out;
  bool prev_cased = false;
  for (char32_t c : decode(s)) {
    if (prev_cased) {
      for (char32_t l : lower_full(c)) append(out, l);
    } else {
      for (char32_t t : title_full(c)) append(out, t);
    }
    prev_cased = is_cased(c);
  }
  return out;
}

std::string swapcase(std::string_view s) {
  std::string out;
  for (char32_t c : decode(s)) {
    std::u32string r = is_upper(c)   ? lower_full(c)
                       : is_lower(c) ? upper_full(c)
                                     : std::u32string(1, c);
    for (char32_t x : r) append(out, x);
  }
  return out;
}

}  // namespace tattler::jinja::uni
