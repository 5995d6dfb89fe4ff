// auto_text.cpp - HTML to readable plain text.
//
// A single pass over the markup: text is decoded and its blanks collapsed,
// tags open and close blocks, lists, links and table rows. The output is
// tidied at the end (no trailing blanks, at most one empty line in a row).
//
// Limits: see auto_text.hpp.
#include "compose/auto_text.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cctype>
#include <string>
#include <unordered_map>
#include <vector>

namespace tattler::compose {

namespace {

struct Tag {
  std::string name;  // lower case, without "/"
  bool closing = false;
  std::unordered_map<std::string, std::string> attributes;
};

struct ListLevel {
  bool ordered = false;
  int next_number = 1;
};

struct Link {
  std::string href;
  size_t text_start = 0;
};

// lower - s in ASCII lower case.
std::string lower(std::string_view s) {
  std::string out(s);
  std::transform(out.begin(), out.end(), out.begin(),
                 [](unsigned char c) { return std::tolower(c); });
  return out;
}

// append_utf8 - code point cp in UTF-8.
void append_utf8(std::string& out, uint32_t cp) {
  if (cp == 0 || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) {
    cp = 0xfffd;
  }
  if (cp < 0x80) {
    out += static_cast<char>(cp);
  } else if (cp < 0x800) {
    out += static_cast<char>(0xc0 | (cp >> 6));
    out += static_cast<char>(0x80 | (cp & 0x3f));
  } else if (cp < 0x10000) {
    out += static_cast<char>(0xe0 | (cp >> 12));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3f));
    out += static_cast<char>(0x80 | (cp & 0x3f));
  } else {
    out += static_cast<char>(0xf0 | (cp >> 18));
    out += static_cast<char>(0x80 | ((cp >> 12) & 0x3f));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3f));
    out += static_cast<char>(0x80 | (cp & 0x3f));
  }
}

// named_entity - the code point of a common named entity, or 0.
uint32_t named_entity(std::string_view name) {
  static const std::unordered_map<std::string_view, uint32_t> kEntities = {
      {"amp", '&'},      {"lt", '<'},       {"gt", '>'},
      {"quot", '"'},     {"apos", '\''},    {"nbsp", 0xa0},
      {"copy", 0xa9},    {"reg", 0xae},     {"trade", 0x2122},
      {"euro", 0x20ac},  {"pound", 0xa3},   {"yen", 0xa5},
      {"cent", 0xa2},    {"sect", 0xa7},    {"deg", 0xb0},
      {"middot", 0xb7},  {"bull", 0x2022},  {"hellip", 0x2026},
      {"ndash", 0x2013}, {"mdash", 0x2014}, {"lsquo", 0x2018},
      {"rsquo", 0x2019}, {"ldquo", 0x201c}, {"rdquo", 0x201d},
      {"laquo", 0xab},   {"raquo", 0xbb},   {"times", 0xd7},
      {"divide", 0xf7},  {"auml", 0xe4},    {"ouml", 0xf6},
      {"uuml", 0xfc},    {"Auml", 0xc4},    {"Ouml", 0xd6},
      {"Uuml", 0xdc},    {"szlig", 0xdf},   {"eacute", 0xe9},
      {"egrave", 0xe8},  {"agrave", 0xe0},  {"ccedil", 0xe7},
      {"rarr", 0x2192},  {"larr", 0x2190},  {"zwnj", 0x200c},
      {"shy", 0xad},     {"ensp", 0x2002},  {"emsp", 0x2003},
      {"thinsp", 0x2009}};
  auto it = kEntities.find(name);
  return it == kEntities.end() ? 0 : it->second;
}

// decode_entities - text with character references replaced; unknown
// references stay as written.
std::string decode_entities(std::string_view text) {
  std::string out;
  for (size_t i = 0; i < text.size(); ++i) {
    size_t semi = text[i] == '&' ? text.find(';', i) : std::string_view::npos;
    if (semi == std::string_view::npos || semi - i > 10) {
      out += text[i];
      continue;
    }
    std::string_view name = text.substr(i + 1, semi - i - 1);
    uint32_t cp = 0;
    if (name.size() > 1 && name[0] == '#') {
      bool hex = name[1] == 'x' || name[1] == 'X';
      std::string digits(name.substr(hex ? 2 : 1));
      if (!digits.empty() &&
          digits.find_first_not_of(hex ? "0123456789abcdefABCDEF"
                                       : "0123456789") == std::string::npos) {
        cp = static_cast<uint32_t>(std::stoul(digits, nullptr, hex ? 16 : 10));
        if (cp == 0) cp = 0xfffd;
      }
    } else {
      cp = named_entity(name);
    }
    if (cp == 0) {
      out += text[i];
      continue;
    }
    append_utf8(out, cp == 0xa0 ? ' ' : cp);
    i = semi;
  }
  return out;
}

// parse_tag - the tag written in markup (without "<" and ">").
Tag parse_tag(std::string_view markup) {
  Tag tag;
  size_t i = 0;
  if (i < markup.size() && markup[i] == '/') {
    tag.closing = true;
    ++i;
  }
  size_t name_end = markup.find_first_of(" \t\r\n/", i);
  if (name_end == std::string_view::npos) name_end = markup.size();
  tag.name = lower(markup.substr(i, name_end - i));

  // Attributes: name, name=value, name="value", name='value'.
  i = name_end;
  while (i < markup.size()) {
    while (i < markup.size() &&
           (std::isspace(static_cast<unsigned char>(markup[i])) ||
            markup[i] == '/')) {
      ++i;
    }
    size_t key_end = markup.find_first_of(" \t\r\n=/", i);
    if (key_end == std::string_view::npos) key_end = markup.size();
    if (key_end == i) break;
    std::string key = lower(markup.substr(i, key_end - i));
    i = key_end;
    std::string value;
    if (i < markup.size() && markup[i] == '=') {
      ++i;
      char quote = i < markup.size() ? markup[i] : '\0';
      size_t end;
      if (quote == '"' || quote == '\'') {
        end = markup.find(quote, i + 1);
        if (end == std::string_view::npos) end = markup.size();
        value = std::string(markup.substr(i + 1, end - i - 1));
        i = end + 1;
      } else {
        end = markup.find_first_of(" \t\r\n", i);
        if (end == std::string_view::npos) end = markup.size();
        value = std::string(markup.substr(i, end - i));
        i = end;
      }
    }
    tag.attributes[key] = decode_entities(value);
  }
  return tag;
}

// TextWriter - the plain text of a document, built as its text runs and
// tags arrive in order.
class TextWriter {
 public:
  // text - append a run of document text.
  void text(std::string_view raw) {
    std::string decoded = decode_entities(raw);
    if (pre_depth_ > 0) {
      out_ += decoded;
      return;
    }
    for (char c : decoded) {
      if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f') {
        pending_space_ = true;
        continue;
      }
      if (pending_space_ && !out_.empty() && out_.back() != '\n' &&
          out_.back() != ' ') {
        out_ += ' ';
      }
      pending_space_ = false;
      out_ += c;
    }
  }

  // tag - act on one start or end tag.
  void tag(const Tag& t);

  // skipping - whether content is currently invisible.
  bool skipping() const { return skip_depth_ > 0; }

  // finish - the tidied text.
  std::string finish() const;

 private:
  // newline - end the current line unless it is empty.
  void newline() {
    pending_space_ = false;
    while (!out_.empty() && out_.back() == ' ') out_.pop_back();
    if (!out_.empty() && out_.back() != '\n') out_ += '\n';
  }
  // blank_line - end the current line and leave one empty line.
  void blank_line() {
    newline();
    if (!out_.empty() && out_.size() >= 2 && out_[out_.size() - 2] != '\n') {
      out_ += '\n';
    }
  }
  void start_list_item();
  void end_link();
  void start_cell();

  std::string out_;
  bool pending_space_ = false;
  int pre_depth_ = 0;
  int skip_depth_ = 0;
  std::vector<ListLevel> lists_;
  std::vector<Link> links_;
  bool first_cell_ = true;
};

// start_list_item - a new line with the indent and marker of the list item.
void TextWriter::start_list_item() {
  newline();
  size_t depth = lists_.empty() ? 1 : lists_.size();
  out_ += std::string(2 * (depth - 1), ' ');
  if (!lists_.empty() && lists_.back().ordered) {
    out_ += fmt::format("{}. ", lists_.back().next_number++);
  } else {
    out_ += "- ";
  }
}

// end_link - close a link, showing its URL after its text.
void TextWriter::end_link() {
  if (links_.empty()) return;
  Link link = links_.back();
  links_.pop_back();
  std::string shown = out_.substr(std::min(link.text_start, out_.size()));
  shown.erase(0, shown.find_first_not_of(" \n"));
  const std::string& href = link.href;
  bool useless = href.empty() || href[0] == '#' ||
                 lower(href).rfind("javascript:", 0) == 0;
  if (useless || shown == href || "mailto:" + shown == href ||
      "tel:" + shown == href) {
    return;
  }
  if (shown.empty()) {
    out_ += href;
  } else {
    out_ += fmt::format(" ({})", href);
  }
}

// start_cell - separate a table cell from the one before it.
void TextWriter::start_cell() {
  while (!out_.empty() && out_.back() == ' ') out_.pop_back();

  // Cells holding blocks already broke the line: no separator there.
  if (!first_cell_ && !out_.empty() && out_.back() != '\n') out_ += " | ";
  pending_space_ = false;
  first_cell_ = false;
}

// tag - act on one start or end tag.
void TextWriter::tag(const Tag& t) {
  static const std::vector<std::string> kSkipped = {"head", "style", "script",
                                                    "title", "template"};
  static const std::vector<std::string> kParagraphs = {
      "p",  "h1", "h2", "h3",         "h4",    "h5",
      "h6", "ul", "ol", "blockquote", "table", "dl"};
  static const std::vector<std::string> kBlocks = {
      "div",   "section",    "article", "header", "footer",  "nav",   "aside",
      "main",  "center",     "figure",  "form",   "address", "tbody", "thead",
      "tfoot", "figcaption", "dt",      "dd",     "caption"};
  auto in = [&t](const std::vector<std::string>& names) {
    return std::find(names.begin(), names.end(), t.name) != names.end();
  };
  if (in(kSkipped)) {
    skip_depth_ = std::max(0, skip_depth_ + (t.closing ? -1 : 1));
    return;
  }
  if (skipping()) return;

  if (t.name == "br") {
    out_ += '\n';
    pending_space_ = false;
  } else if (t.name == "hr") {
    blank_line();
  } else if (t.name == "pre") {
    blank_line();
    pre_depth_ = std::max(0, pre_depth_ + (t.closing ? -1 : 1));
  } else if (t.name == "ul" || t.name == "ol") {
    if (t.closing) {
      if (!lists_.empty()) lists_.pop_back();
      lists_.empty() ? blank_line() : newline();
    } else {
      lists_.empty() ? blank_line() : newline();
      lists_.push_back({t.name == "ol", 1});
    }
  } else if (t.name == "li") {
    t.closing ? newline() : start_list_item();
  } else if (t.name == "tr") {
    newline();
    first_cell_ = true;
  } else if (t.name == "td" || t.name == "th") {
    if (!t.closing) start_cell();
  } else if (t.name == "a") {
    if (t.closing) {
      end_link();
    } else {
      auto it = t.attributes.find("href");
      links_.push_back(
          {it == t.attributes.end() ? "" : it->second, out_.size()});
    }
  } else if (t.name == "img" && !t.closing) {
    auto it = t.attributes.find("alt");
    if (it != t.attributes.end()) text(it->second);
  } else if (in(kParagraphs)) {
    blank_line();
  } else if (in(kBlocks)) {
    newline();
  }
}

// finish - the text without trailing blanks or repeated empty lines.
std::string TextWriter::finish() const {
  std::vector<std::string> lines;
  size_t start = 0;
  while (start <= out_.size()) {
    size_t end = out_.find('\n', start);
    if (end == std::string::npos) end = out_.size();
    std::string line = out_.substr(start, end - start);
    while (!line.empty() && (line.back() == ' ' || line.back() == '\t')) {
      line.pop_back();
    }
    lines.push_back(std::move(line));
    start = end + 1;
  }

  // At most one empty line in a row, none at either end.
  std::string text;
  bool last_empty = true;
  for (const auto& line : lines) {
    if (line.empty() && last_empty) continue;
    text += line;
    text += '\n';
    last_empty = line.empty();
  }
  while (text.size() >= 2 && text[text.size() - 2] == '\n') text.pop_back();
  if (text.empty()) return std::string(1, '\n');
  return text;
}

}  // namespace

// html_to_text - scan the markup once, feeding text and tags to a TextWriter.
std::string html_to_text(std::string_view html) {
  TextWriter writer;
  size_t i = 0;
  while (i < html.size()) {
    size_t open = html.find('<', i);
    if (open == std::string_view::npos) open = html.size();
    if (!writer.skipping()) writer.text(html.substr(i, open - i));
    if (open == html.size()) break;

    // Comments, doctypes and processing instructions show nothing.
    if (html.compare(open, 4, "<!--") == 0) {
      size_t end = html.find("-->", open + 4);
      i = end == std::string_view::npos ? html.size() : end + 3;
      continue;
    }
    size_t close = html.find('>', open + 1);
    if (close == std::string_view::npos) {
      if (!writer.skipping()) writer.text(html.substr(open));
      break;
    }
    std::string_view markup = html.substr(open + 1, close - open - 1);
    bool is_tag = !markup.empty() &&
                  (std::isalpha(static_cast<unsigned char>(markup[0])) ||
                   markup[0] == '/');
    if (is_tag) {
      writer.tag(parse_tag(markup));
    } else if (!markup.empty() && markup[0] != '!' && markup[0] != '?' &&
               !writer.skipping()) {
      writer.text(html.substr(open, close - open + 1));
    }
    i = close + 1;
  }
  return writer.finish();
}

}  // namespace tattler::compose
