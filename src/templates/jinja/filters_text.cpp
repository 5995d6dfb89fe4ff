// filters_text.cpp - filters on text: capitalize, center, escape, format,
// indent, lower, replace, safe, string, striptags, title, trim, truncate,
// upper, urlencode, wordcount, wordwrap, xmlattr.
//
// Limits: striptags decodes only the common named entities (amp, lt, gt,
// quot, apos, nbsp, copy, reg, hellip, mdash, ndash, laquo, raquo, euro)
// and numeric ones; wordwrap never breaks on hyphens.

#include "fmt/format.h"
#include "templates/jinja/filters.hpp"
#include "templates/jinja/pyformat.hpp"
#include "templates/jinja/unicode.hpp"

namespace tattler::jinja {
namespace {

// keep_safe - a text result that stays Markup when its input was.
Value keep_safe(const Value& in, std::string s) {
  return in.is_safe() ? Value::safe_string(std::move(s)) : Value(std::move(s));
}

Value f_upper(Renderer&, const Value& v, CallArgs&) {
  return keep_safe(v, uni::upper(text_of(v)));
}

Value f_lower(Renderer&, const Value& v, CallArgs&) {
  return keep_safe(v, uni::lower(text_of(v)));
}

Value f_capitalize(Renderer&, const Value& v, CallArgs&) {
  return keep_safe(v, uni::capitalize(text_of(v)));
}

// f_title - Jinja's title: each word (split at '-', whitespace, '(', '{',
// '[', '<') gets its first letter upper, the rest lower.
Value f_title(Renderer&, const Value& v, CallArgs&) {
  std::u32string cps = uni::decode(text_of(v));
  std::string out;
  size_t i = 0;
  auto is_sep = [](char32_t c) {
    return c == '-' || c == '(' || c == '{' || c == '[' || c == '<' ||
           uni::is_space(c);
  };
  while (i < cps.size()) {
    size_t b = i;
    if (is_sep(cps[i])) {
      while (i < cps.size() && is_sep(cps[i])) ++i;
      out += uni::encode(std::u32string_view(cps).substr(b, i - b));
      continue;
    }
    while (i < cps.size() && !is_sep(cps[i])) ++i;
    out += uni::upper(uni::encode(std::u32string_view(cps).substr(b, 1)));
    out += uni::lower(uni::encode(std::u32string_view(cps).substr(b + 1, i - b - 1)));
  }
  return keep_safe(v, std::move(out));
}

Value f_center(Renderer& r, const Value& v, CallArgs& a) {
  CallArgs m;
  m.args.push_back(a.get(0, "width", Value(80)));
  Value out;
  call_method(r, Value(text_of(v)), "center", m, &out);
  return out;
}

Value f_escape(Renderer&, const Value& v, CallArgs&) {
  if (v.is_safe()) return v;
  if (v.is_string()) return Value::safe_string(escape_html(v.as_string()));
  return Value::safe_string(escape_html(text_of(v)));
}

Value f_forceescape(Renderer&, const Value& v, CallArgs&) {
  return Value::safe_string(escape_html(text_of(v)));
}

Value f_safe(Renderer&, const Value& v, CallArgs&) {
  if (v.is_safe()) return v;
  return Value::safe_string(text_of(v));
}

Value f_string(Renderer&, const Value& v, CallArgs&) {
  if (v.is_string()) return v;
  return Value(text_of(v));
}

Value f_format(Renderer&, const Value& v, CallArgs& a) {
  if (!a.args.empty() && !a.kwargs.empty()) {
    raise("can't handle positional and keyword arguments at the same time");
  }
  if (!a.kwargs.empty()) {
    Dict d;
    for (auto& [k, x] : a.kwargs) d.set(k, x);
    return keep_safe(v, percent_format(text_of(v), Value(std::move(d))));
  }
  std::string copy;
  if (!v.is_string()) copy = text_of(v);
  std::string_view text = v.is_string() ? v.as_string() : copy;
  // One argument that is not itself a tuple or dict formats the same
  // alone as in a 1-tuple, without building the tuple.
  if (a.args.size() == 1 && !a.args[0].is_list() && !a.args[0].is_dict()) {
    return keep_safe(v, percent_format(text, a.args[0]));
  }
  return keep_safe(v, percent_format(text, Value::tuple(a.args)));
}

Value f_replace(Renderer& r, const Value& v, CallArgs& a) {
  CallArgs m;
  m.args.push_back(Value(a.get(0, "old", Value("")).str()));
  m.args.push_back(Value(a.get(1, "new", Value("")).str()));
  Value count = a.get(2, "count", Value());
  m.args.push_back(count.is_none() ? Value(-1) : count);
  Value out;
  call_method(r, Value(text_of(v)), "replace", m, &out);
  return out;
}

Value f_trim(Renderer& r, const Value& v, CallArgs& a) {
  CallArgs m;
  Value chars = a.get(0, "chars", Value());
  if (!chars.is_none()) m.args.push_back(chars);
  Value out;
  call_method(r, Value(text_of(v)), "strip", m, &out);
  return out;
}

Value f_indent(Renderer&, const Value& v, CallArgs& a) {
  refuse_undefined(v);
  Value width = a.get(0, "width", Value(4));
  bool first = a.get(1, "first", Value(false)).truthy();
  bool blank = a.get(2, "blank", Value(false)).truthy();
  if (!width.is_string() && width.as_int() > 4096) raise("width too large");
  std::string ind = width.is_string()
                        ? width.as_string()
                        : std::string(static_cast<size_t>(std::max<int64_t>(
                                          0, width.as_int())), ' ');
  std::string s = text_of(v) + "\n";
  List lines;
  CallArgs none;
  size_t b = 0;
  std::vector<std::string> parts;
  for (size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '\n' || s[i] == '\r') {
      parts.push_back(s.substr(b, i - b));
      if (s[i] == '\r' && i + 1 < s.size() && s[i + 1] == '\n') ++i;
      b = i + 1;
    }
  }
  std::string rv;
  if (blank) {
    for (size_t i = 0; i < parts.size(); ++i) {
      if (i > 0) rv += "\n" + ind;
      rv += parts[i];
    }
  } else {
    rv = parts.empty() ? "" : parts[0];
    for (size_t i = 1; i < parts.size(); ++i) {
      rv += "\n";
      if (!parts[i].empty()) rv += ind;
      rv += parts[i];
    }
  }
  if (first) rv = ind + rv;
  return keep_safe(v, std::move(rv));
}

// truncation_of_other - truncate of a value that is not a str, as
// Python's code runs on it: undefined (length 0) and sequences within
// `limit` come back unchanged; longer ones fail where Python's slicing or
// rsplit does; values without a len() raise.
Truncation truncation_of_other(const Value& v, int64_t limit, bool killwords) {
  if (v.is_undefined()) return {};
  if (!v.is_list() && !v.is_dict()) {
    raise(fmt::format("object of type '{}' has no len()", v.type_name()));
  }
  if (py_len(v) <= limit) return {};
  if (v.is_dict()) raise("unhashable type: 'slice'");
  if (killwords) {
    raise(fmt::format("can only concatenate {0} (not \"str\") to {0}",
                      v.type_name()));
  }
  raise(fmt::format("'{}' object has no attribute 'rsplit'", v.type_name()));
}

// byte_offset - the byte offset of code point `n` in UTF-8 `s`.
size_t byte_offset(const std::string& s, size_t n) {
  // ASCII up to there (the usual case): the offset is n.
  if (n <= s.size() && uni::is_ascii(std::string_view(s).substr(0, n))) {
    return n;
  }
  size_t seen = 0;
  for (size_t i = 0; i < s.size(); ++i) {
    if ((static_cast<unsigned char>(s[i]) & 0xC0) != 0x80) {
      if (seen == n) return i;
      ++seen;
    }
  }
  return s.size();
}

// f_truncate - Jinja's truncate. A Markup stays Markup (its slice is
// Markup, and the end joined to it is escaped), as in Python.
Value f_truncate(Renderer&, const Value& v, CallArgs& a) {
  Truncation t = truncation(v, a);
  if (t.end == nullptr) return v;
  std::string head = v.as_string().substr(0, t.keep);
  if (!v.is_safe()) return Value(head + *t.end);
  append_escaped(head, *t.end);
  return Value::safe_string(std::move(head));
}

Value f_wordcount(Renderer&, const Value& v, CallArgs&) {
  int64_t n = 0;
  bool in_word = false;
  for (char32_t c : uni::decode(text_of(v))) {
    bool w = uni::is_word(c);
    if (w && !in_word) ++n;
    in_word = w;
  }
  return Value(n);
}

// wrap_line - textwrap.wrap of one line (no hyphen breaking).
void wrap_line(const std::u32string& line, size_t width, bool break_long,
               std::vector<std::u32string>* out) {
  std::vector<std::u32string> chunks;
  size_t i = 0;
  while (i < line.size()) {
    size_t b = i;
    bool sp = uni::is_space(line[i]);
    while (i < line.size() && uni::is_space(line[i]) == sp) ++i;
    chunks.push_back(line.substr(b, i - b));
  }
  std::reverse(chunks.begin(), chunks.end());
  while (!chunks.empty()) {
    std::u32string cur;
    size_t cur_len = 0;
    if (uni::is_space(chunks.back()[0]) && !out->empty()) chunks.pop_back();
    while (!chunks.empty()) {
      size_t l = chunks.back().size();
      if (cur_len + l <= width) {
        cur += chunks.back();
        cur_len += l;
        chunks.pop_back();
      } else {
        break;
      }
    }
    if (!chunks.empty() && chunks.back().size() > width) {
      if (break_long) {
        size_t space_left = width < 1 ? 1 : width - cur_len;
        cur += chunks.back().substr(0, space_left);
        chunks.back() = chunks.back().substr(space_left);
      } else if (cur.empty()) {
        cur = chunks.back();
        chunks.pop_back();
      }
    }
    while (!cur.empty() && uni::is_space(cur.back())) cur.pop_back();
    if (!cur.empty()) out->push_back(cur);
    if (chunks.empty()) break;
  }
}

Value f_wordwrap(Renderer&, const Value& v, CallArgs& a) {
  refuse_undefined(v);
  int64_t width = a.get(0, "width", Value(79)).as_int();
  if (width <= 0) raise(fmt::format("invalid width {} (must be > 0)", width));
  bool break_long = a.get(1, "break_long_words", Value(true)).truthy();
  Value ws = a.get(2, "wrapstring", Value());
  std::string wrap = ws.is_none() ? "\n" : ws.str();
  std::string s = text_of(v);
  std::string out;
  size_t b = 0;
  bool first_line = true;
  auto emit = [&](const std::string& line) {
    std::vector<std::u32string> pieces;
    wrap_line(uni::decode(line), static_cast<size_t>(width), break_long,
              &pieces);
    if (!first_line) out += wrap;
    first_line = false;
    for (size_t i = 0; i < pieces.size(); ++i) {
      if (i > 0) out += wrap;
      out += uni::encode(pieces[i]);
    }
  };
  for (size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '\n') {
      emit(s.substr(b, i - b));
      b = i + 1;
    }
  }
  if (b < s.size()) emit(s.substr(b));
  return Value(std::move(out));
}

std::string url_quote(const std::string& s, bool for_qs) {
  static const char* kHex = "0123456789ABCDEF";
  std::string out;
  for (unsigned char c : s) {
    if (std::isalnum(c) || c == '_' || c == '.' || c == '-' || c == '~' ||
        (c == '/' && !for_qs)) {
      out.push_back(static_cast<char>(c));
    } else if (c == ' ' && for_qs) {
      out.push_back('+');
    } else {
      out.push_back('%');
      out.push_back(kHex[c >> 4]);
      out.push_back(kHex[c & 15]);
    }
  }
  return out;
}

Value f_urlencode(Renderer& r, const Value& v, CallArgs&) {
  if (v.is_dict()) {
    std::string out;
    for (const auto& [k, x] : v.as_dict()) {
      if (!out.empty()) out += "&";
      out += url_quote(k, true) + "=" + url_quote(x.str(), true);
    }
    return Value(std::move(out));
  }
  if (!v.is_list()) return Value(url_quote(v.str(), false));
  std::string out;
  for (const Value& item : v.as_list()) {
    List kv = r.iterate(item);
    if (kv.size() != 2) raise("urlencode expects pairs");
    if (!out.empty()) out += "&";
    out += url_quote(kv[0].str(), true) + "=" + url_quote(kv[1].str(), true);
  }
  return Value(std::move(out));
}

// unescape_entities - html.unescape for the common entities.
std::string unescape_entities(const std::string& s) {
  static const struct {
    const char* name;
    char32_t cp;
  } kNamed[] = {{"amp", '&'},      {"lt", '<'},       {"gt", '>'},
                {"quot", '"'},     {"apos", '\''},    {"nbsp", 0xA0},
                {"copy", 0xA9},    {"reg", 0xAE},     {"hellip", 0x2026},
                {"mdash", 0x2014}, {"ndash", 0x2013}, {"laquo", 0xAB},
                {"raquo", 0xBB},   {"euro", 0x20AC}};
  std::string out;
  for (size_t i = 0; i < s.size(); ++i) {
    size_t semi = s[i] == '&' ? s.find(';', i) : std::string::npos;
    if (semi == std::string::npos || semi - i > 10) {
      out.push_back(s[i]);
      continue;
    }
    std::string ent = s.substr(i + 1, semi - i - 1);
    char32_t cp = 0;
    if (ent.size() > 1 && ent[0] == '#') {
      bool hex = ent[1] == 'x' || ent[1] == 'X';
      cp = static_cast<char32_t>(
          std::strtoul(ent.c_str() + (hex ? 2 : 1), nullptr, hex ? 16 : 10));
    } else {
      for (const auto& n : kNamed) {
        if (ent == n.name) cp = n.cp;
      }
    }
    if (cp == 0) {
      out.push_back(s[i]);
      continue;
    }
    uni::append(out, cp);
    i = semi;
  }
  return out;
}

Value f_striptags(Renderer&, const Value& v, CallArgs&) {
  std::string s = text_of(v);
  std::string t;
  for (size_t i = 0; i < s.size();) {
    if (s.compare(i, 4, "<!--") == 0) {
      size_t e = s.find("-->", i + 4);
      if (e != std::string::npos) {
        i = e + 3;
        continue;
      }
    }
    t.push_back(s[i++]);
  }
  std::string u;
  for (size_t i = 0; i < t.size();) {
    if (t[i] == '<') {
      size_t e = t.find('>', i + 1);
      if (e != std::string::npos) {
        i = e + 1;
        continue;
      }
    }
    u.push_back(t[i++]);
  }
  std::string joined;
  for (char32_t c : uni::decode(u)) {
    if (uni::is_space(c)) {
      if (!joined.empty() && joined.back() != ' ') joined.push_back(' ');
    } else {
      uni::append(joined, c);
    }
  }
  if (!joined.empty() && joined.back() == ' ') joined.pop_back();
  return Value(unescape_entities(joined));
}

Value f_xmlattr(Renderer&, const Value& v, CallArgs& a) {
  refuse_undefined(v);
  bool autospace = a.get(0, "autospace", Value(true)).truthy();
  std::string rv;
  for (const auto& [k, x] : v.as_dict()) {
    if (x.is_none() || x.is_undefined()) continue;
    if (!rv.empty()) rv += " ";
    rv += escape_html(k) + "=\"" + escape_html(x.str()) + "\"";
  }
  if (autospace && !rv.empty()) rv = " " + rv;
  return Value::safe_string(std::move(rv));
}

constexpr FilterEntry kTextFilters[] = {
    {"upper", f_upper},         {"lower", f_lower},
    {"capitalize", f_capitalize}, {"title", f_title},
    {"center", f_center},       {"e", f_escape},
    {"escape", f_escape},       {"forceescape", f_forceescape},
    {"safe", f_safe},           {"string", f_string},
    {"format", f_format},       {"replace", f_replace},
    {"trim", f_trim},           {"indent", f_indent},
    {"truncate", f_truncate},   {"wordcount", f_wordcount},
    {"wordwrap", f_wordwrap},   {"urlencode", f_urlencode},
    {"striptags", f_striptags}, {"xmlattr", f_xmlattr},
};

}  // namespace

std::span<const FilterEntry> text_filters() { return kTextFilters; }

std::string text_of(const Value& v) { return v.str(); }

Truncation truncation(const Value& v, const CallArgs& a) {
  static const std::string kEnd = "...";
  const Value* length_arg = a.arg(0, "length");
  int64_t length = length_arg ? length_arg->as_int() : 255;
  const Value* killwords_arg = a.arg(1, "killwords");
  bool killwords = killwords_arg && killwords_arg->truthy();
  const Value* end_arg = a.arg(2, "end");
  const std::string& end =
      end_arg && end_arg->is_string() ? end_arg->as_string() : kEnd;
  const Value* lw = a.arg(3, "leeway");
  int64_t leeway = !lw || lw->is_none() ? 5 : lw->as_int();

  int64_t end_len =
      &end == &kEnd ? 3 : static_cast<int64_t>(uni::length(end));
  if (length < end_len) {
    raise(fmt::format("expected length >= {}, got {}", end_len, length));
  }
  if (leeway < 0) raise(fmt::format("expected leeway >= 0, got {}", leeway));
  if (!v.is_string()) return truncation_of_other(v, length + leeway, killwords);

  // No more bytes than the limit: no more code points either.
  const std::string& text = v.as_string();
  if (static_cast<int64_t>(text.size()) <= length + leeway) return {};
  // ASCII text (the usual case) counts and cuts by bytes.
  bool ascii = uni::is_ascii(text);
  size_t code_points = ascii ? text.size() : uni::length(text);
  if (static_cast<int64_t>(code_points) <= length + leeway) return {};

  // Cut at the code point, then back to the last space unless killwords.
  size_t cut = static_cast<size_t>(length - end_len);
  size_t keep = ascii ? cut : byte_offset(text, cut);
  if (!killwords) {
    size_t space = std::string_view(text).substr(0, keep).rfind(' ');
    if (space != std::string_view::npos) keep = space;
  }
  return {keep, &end};
}

void refuse_undefined(const Value& v) {
  if (v.is_undefined()) raise(v.undefined_message());
}

}  // namespace tattler::jinja
