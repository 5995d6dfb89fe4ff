// lexer.cpp - Jinja2 tokenizer (see lexer.hpp).
//
// Limits: string escapes cover Python's common ones (\n \t \r \\ \' \"
// \xNN \uNNNN \UNNNNNNNN \0); octal escapes other than \0 are kept as is.

#include "templates/jinja/lexer.hpp"

#include <algorithm>
#include <cctype>
#include <cstring>

#include "fmt/format.h"
#include "templates/jinja/unicode.hpp"

namespace tattler::jinja {
namespace {

struct LexError {
  std::string message;
};

// normalize_source - "\r\n" and "\r" become "\n"; one trailing "\n" goes.
std::string normalize_source(std::string_view src) {
  std::string out;
  out.reserve(src.size());
  for (size_t i = 0; i < src.size(); ++i) {
    if (src[i] == '\r') {
      out.push_back('\n');
      if (i + 1 < src.size() && src[i + 1] == '\n') ++i;
    } else {
      out.push_back(src[i]);
    }
  }
  if (!out.empty() && out.back() == '\n') out.pop_back();
  return out;
}

bool is_space(char c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' ||
         c == '\v';
}

class Lexer {
 public:
  explicit Lexer(std::string src) : src_(std::move(src)) {
    line_starts_.push_back(0);
    for (size_t i = 0; i < src_.size(); ++i) {
      if (src_[i] == '\n') line_starts_.push_back(i + 1);
    }
  }

  // run - tokenize the whole source.
  std::vector<Token> run() {
    while (pos_ < src_.size()) lex_data();
    push(TokenType::kEof, "", src_.size());
    return std::move(tokens_);
  }

 private:
  // position - line and column (1-based) of byte offset `off`.
  void position(size_t off, int* line, int* col) const {
    auto it = std::upper_bound(line_starts_.begin(), line_starts_.end(), off);
    size_t idx = static_cast<size_t>(it - line_starts_.begin()) - 1;
    *line = static_cast<int>(idx + 1);
    *col = static_cast<int>(off - line_starts_[idx] + 1);
  }

  [[noreturn]] void fail(size_t off, const std::string& what) const {
    int line, col;
    position(off, &line, &col);
    throw LexError{fmt::format("{}:{}: {}", line, col, what)};
  }

  void push(TokenType type, std::string value, size_t off) {
    Token t;
    t.type = type;
    t.value = std::move(value);
    position(off, &t.line, &t.col);
    tokens_.push_back(std::move(t));
  }

  // push_data - add text, stripping its trailing whitespace when the next
  // tag starts with "-".
  void push_data(size_t begin, size_t end, bool rstrip) {
    if (strip_next_) {
      while (begin < end && is_space(src_[begin])) ++begin;
      strip_next_ = false;
    }
    if (rstrip) {
      while (end > begin && is_space(src_[end - 1])) --end;
    }
    if (end > begin) push(TokenType::kData, src_.substr(begin, end - begin),
                          begin);
  }

  // lex_data - text up to the next tag, then the tag.
  void lex_data() {
    size_t start = pos_;
    size_t p = pos_;
    while (true) {
      p = src_.find('{', p);
      if (p == std::string::npos || p + 1 >= src_.size()) {
        push_data(start, src_.size(), false);
        pos_ = src_.size();
        return;
      }
      char n = src_[p + 1];
      if (n == '{' || n == '%' || n == '#') break;
      ++p;
    }
    bool minus = p + 2 < src_.size() && src_[p + 2] == '-';
    char kind = src_[p + 1];
    if (kind == '%' && try_raw(start, p)) return;
    push_data(start, p, minus);
    pos_ = p + 2 + ((minus || (kind == '%' && p + 2 < src_.size() &&
                                    src_[p + 2] == '+')) ? 1 : 0);
    if (kind == '#') {
      lex_comment(p);
    } else {
      lex_tag(kind == '{', p);
    }
  }

  // lex_comment - skip to "#}", honouring "-#}".
  void lex_comment(size_t open) {
    size_t e = src_.find("#}", pos_);
    if (e == std::string::npos) fail(open, "Missing end of comment tag");
    if (e > pos_ && src_[e - 1] == '-') strip_next_ = true;
    pos_ = e + 2;
  }

  // skip_ws - advance over whitespace from `p`.
  size_t skip_ws(size_t p) const {
    while (p < src_.size() && is_space(src_[p])) ++p;
    return p;
  }

  // match_raw_tag - at `p` ("{%"), a "{% word %}" tag; sets its end and
  // whether it strips on either side.
  bool match_raw_tag(size_t p, std::string_view word, size_t* end,
                     bool* lminus, bool* rminus) const {
    if (src_.compare(p, 2, "{%") != 0) return false;
    size_t q = p + 2;
    *lminus = q < src_.size() && src_[q] == '-';
    if (q < src_.size() && (src_[q] == '-' || src_[q] == '+')) ++q;
    q = skip_ws(q);
    if (src_.compare(q, word.size(), word) != 0) return false;
    q += word.size();
    if (q < src_.size() && (std::isalnum(static_cast<unsigned char>(src_[q]))
                            || src_[q] == '_')) return false;
    q = skip_ws(q);
    *rminus = q < src_.size() && src_[q] == '-';
    if (*rminus) ++q;
    if (src_.compare(q, 2, "%}") != 0) return false;
    *end = q + 2;
    return true;
  }

  // try_raw - "{% raw %}…{% endraw %}" as one text token.
  bool try_raw(size_t data_start, size_t p) {
    size_t end;
    bool lminus, rminus;
    if (!match_raw_tag(p, "raw", &end, &lminus, &rminus)) return false;
    push_data(data_start, p, lminus);
    size_t q = end;
    while (true) {
      q = src_.find("{%", q);
      if (q == std::string::npos) fail(p, "Missing end of raw directive");
      size_t e2;
      bool l2, r2;
      if (match_raw_tag(q, "endraw", &e2, &l2, &r2)) {
        strip_next_ = rminus;
        push_data(end, q, l2);
        strip_next_ = r2;
        pos_ = e2;
        return true;
      }
      q += 2;
    }
  }

  // lex_tag - the inside of {{ }} or {% %}, through its closing delimiter.
  void lex_tag(bool is_var, size_t open) {
    push(is_var ? TokenType::kVarBegin : TokenType::kBlockBegin, "", open);
    int depth = 0;
    const char close = is_var ? '}' : '%';
    while (true) {
      pos_ = skip_ws(pos_);
      if (pos_ >= src_.size()) {
        fail(open, is_var ? "unexpected end of template, expected '}}'"
                          : "unexpected end of template, expected '%}'");
      }
      if (depth == 0 && try_close(is_var, close)) return;
      char c = src_[pos_];
      if (std::isalpha(static_cast<unsigned char>(c)) || c == '_') {
        lex_name();
      } else if (std::isdigit(static_cast<unsigned char>(c))) {
        lex_number();
      } else if (c == '\'' || c == '"') {
        lex_string();
      } else {
        lex_operator(&depth);
      }
    }
  }

  // try_close - the closing delimiter ("}}", "-}}", "%}", "-%}").
  bool try_close(bool is_var, char close) {
    size_t p = pos_;
    bool minus = false;
    if (src_[p] == '-' && p + 2 < src_.size() && src_[p + 1] == close &&
        src_[p + 2] == '}') {
      minus = true;
      ++p;
    } else if (src_[p] == '+' && p + 2 < src_.size() &&
               src_[p + 1] == close && src_[p + 2] == '}') {
      ++p;
    }
    if (p + 1 < src_.size() && src_[p] == close && src_[p + 1] == '}') {
      push(is_var ? TokenType::kVarEnd : TokenType::kBlockEnd, "", p);
      pos_ = p + 2;
      strip_next_ = minus;
      return true;
    }
    return false;
  }

  void lex_name() {
    size_t b = pos_;
    while (pos_ < src_.size() &&
           (std::isalnum(static_cast<unsigned char>(src_[pos_])) ||
            src_[pos_] == '_')) {
      ++pos_;
    }
    push(TokenType::kName, src_.substr(b, pos_ - b), b);
  }

  // digits - digits with single '_' separators from pos_; false if none.
  bool digits(std::string* out, bool (*ok)(char)) {
    size_t b = pos_;
    while (pos_ < src_.size()) {
      char c = src_[pos_];
      if (ok(c)) {
        out->push_back(c);
        ++pos_;
      } else if (c == '_' && pos_ > b && pos_ + 1 < src_.size() &&
                 ok(src_[pos_ + 1])) {
        ++pos_;
      } else {
        break;
      }
    }
    return pos_ > b;
  }

  static bool is_dec(char c) { return c >= '0' && c <= '9'; }
  static bool is_hex(char c) {
    return std::isxdigit(static_cast<unsigned char>(c)) != 0;
  }
  static bool is_oct(char c) { return c >= '0' && c <= '7'; }
  static bool is_bin(char c) { return c == '0' || c == '1'; }

  void lex_number() {
    size_t b = pos_;
    std::string text;
    if (src_[pos_] == '0' && pos_ + 1 < src_.size()) {
      char x = static_cast<char>(std::tolower(src_[pos_ + 1]));
      bool (*ok)(char) = x == 'x' ? is_hex : x == 'o' ? is_oct
                         : x == 'b' ? is_bin : nullptr;
      if (ok) {
        pos_ += 2;
        text = std::string("0") + x;
        if (!digits(&text, ok)) fail(b, "invalid integer literal");
        push(TokenType::kInt, text, b);
        return;
      }
    }
    digits(&text, is_dec);
    bool is_float = false;
    if (pos_ + 1 < src_.size() && src_[pos_] == '.' && is_dec(src_[pos_ + 1])) {
      ++pos_;
      text.push_back('.');
      digits(&text, is_dec);
      is_float = true;
    }
    if (pos_ < src_.size() && (src_[pos_] == 'e' || src_[pos_] == 'E')) {
      size_t save = pos_;
      std::string exp = "e";
      ++pos_;
      if (pos_ < src_.size() && (src_[pos_] == '+' || src_[pos_] == '-')) {
        exp.push_back(src_[pos_++]);
      }
      if (digits(&exp, is_dec)) {
        text += exp;
        is_float = true;
      } else {
        pos_ = save;
      }
    }
    push(is_float ? TokenType::kFloat : TokenType::kInt, text, b);
  }

  // read_hex - `n` hex digits at pos_ as a code point.
  uint32_t read_hex(int n, size_t at) {
    uint32_t cp = 0;
    for (int i = 0; i < n; ++i) {
      if (pos_ >= src_.size() || !is_hex(src_[pos_])) {
        fail(at, "invalid escape sequence in string literal");
      }
      char c = static_cast<char>(std::tolower(src_[pos_++]));
      cp = cp * 16 + static_cast<uint32_t>(c <= '9' ? c - '0' : c - 'a' + 10);
    }
    return cp;
  }

  void lex_string() {
    size_t b = pos_;
    char q = src_[pos_++];
    std::string out;
    while (true) {
      if (pos_ >= src_.size()) fail(b, "unexpected end of string literal");
      char c = src_[pos_++];
      if (c == q) break;
      if (c != '\\') {
        out.push_back(c);
        continue;
      }
      if (pos_ >= src_.size()) fail(b, "unexpected end of string literal");
      char e = src_[pos_++];
      switch (e) {
        case 'n': out.push_back('\n'); break;
        case 't': out.push_back('\t'); break;
        case 'r': out.push_back('\r'); break;
        case '0': out.push_back('\0'); break;
        case 'a': out.push_back('\a'); break;
        case 'b': out.push_back('\b'); break;
        case 'f': out.push_back('\f'); break;
        case 'v': out.push_back('\v'); break;
        case '\\': case '\'': case '"': out.push_back(e); break;
        case '\n': break;
        case 'x': uni::append(out, read_hex(2, b)); break;
        case 'u': uni::append(out, read_hex(4, b)); break;
        case 'U': uni::append(out, read_hex(8, b)); break;
        default: out.push_back('\\'); out.push_back(e); break;
      }
    }
    push(TokenType::kString, std::move(out), b);
  }

  void lex_operator(int* depth) {
    static const char* const kTwo[] = {"//", "**", "==", "!=", ">=", "<="};
    for (const char* op : kTwo) {
      if (src_.compare(pos_, 2, op) == 0) {
        push(TokenType::kOperator, op, pos_);
        pos_ += 2;
        return;
      }
    }
    char c = src_[pos_];
    if (std::strchr("+-*/%~[](){}<>=.:|,;", c) == nullptr) {
      fail(pos_, fmt::format("unexpected char '{}'", c));
    }
    if (c == '(' || c == '[' || c == '{') ++*depth;
    if (c == ')' || c == ']' || c == '}') {
      if (*depth == 0) fail(pos_, fmt::format("unexpected '{}'", c));
      --*depth;
    }
    push(TokenType::kOperator, std::string(1, c), pos_);
    ++pos_;
  }

  std::string src_;
  std::vector<size_t> line_starts_;
  std::vector<Token> tokens_;
  size_t pos_ = 0;
  bool strip_next_ = false;
};

}  // namespace

tattler::Result<std::vector<Token>> tokenize(std::string_view source) {
  try {
    Lexer lexer(normalize_source(source));
    return lexer.run();
  } catch (const LexError& e) {
    return tattler::Err{e.message};
  }
}

}  // namespace tattler::jinja
