// sample_context.cpp - context.json with comments and typed strings.
//
// Limits: see sample_context.hpp.
#include "templates/sample_context.hpp"

#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "templates/jinja/json.hpp"

namespace tattler::templates {

namespace {

// copy_string - copies the JSON string starting at text[i] (a '"') to
// out; returns the index after its closing quote.
size_t copy_string(std::string_view text, size_t i, std::string& out) {
  out += text[i++];
  while (i < text.size()) {
    char c = text[i];
    out += c;
    ++i;
    if (c == '\\' && i < text.size()) {
      out += text[i++];
    } else if (c == '"') {
      break;
    }
  }
  return i;
}

}  // namespace

// strip_json_comments - drops "//" to the end of the line, outside strings.
std::string strip_json_comments(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  size_t i = 0;
  while (i < text.size()) {
    if (text[i] == '"') {
      i = copy_string(text, i, out);
    } else if (text.compare(i, 2, "//") == 0) {
      i = text.find_first_of("\r\n", i);
      if (i == std::string_view::npos) i = text.size();
    } else {
      out += text[i++];
    }
  }
  return out;
}

// parse_sample_context - JSON object to template dict.
Result<jinja::Dict> parse_sample_context(std::string_view text) {
  std::string json = strip_json_comments(text);
  if (json.find_first_not_of(" \t\r\n") == std::string::npos) {
    return jinja::Dict();
  }

  nlohmann::ordered_json doc =
      nlohmann::ordered_json::parse(json, nullptr, /*allow_exceptions=*/false);
  if (doc.is_discarded()) {
    return Err{"Invalid JSON in sample context."};
  }
  if (!doc.is_object()) {
    return Err{"Sample context must be a JSON object, not " +
               std::string(doc.type_name()) + "."};
  }
  Result<jinja::Value> value = jinja::from_wire_json(doc);
  if (!value.ok()) return Err{value.error()};
  return value->as_dict();
}

// load_sample_context - reads and parses a context.json file.
Result<jinja::Dict> load_sample_context(const std::filesystem::path& file) {
  std::ifstream in(file, std::ios::binary);
  if (!in) return Err{"Cannot read '" + file.string() + "'."};
  std::ostringstream text;
  text << in.rdbuf();
  Result<jinja::Dict> dict = parse_sample_context(text.str());
  if (!dict.ok()) return Err{file.string() + ": " + dict.error()};
  return dict;
}

}  // namespace tattler::templates
