// lexer.hpp - splits a template source into Jinja2 tokens: text, the
// delimiters of {{ }}, {% %}, and the names, literals and operators inside
// them. Comments and {% raw %} are handled here; whitespace control ("-")
// strips the neighbouring text. Newlines are normalised to "\n" and one
// trailing newline of the source is dropped, as Jinja2's defaults do.
//
// Limits: default delimiters only; no line statements or line comments; no
// trim_blocks/lstrip_blocks; identifiers are ASCII.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "common/result.hpp"

namespace tattler::jinja {

enum class TokenType {
  kData,        // template text
  kVarBegin,    // {{
  kVarEnd,      // }}
  kBlockBegin,  // {%
  kBlockEnd,    // %}
  kName,
  kString,      // value holds the decoded string
  kInt,         // value holds the digits, '_' removed, base prefix kept
  kFloat,
  kOperator,    // value holds the operator text
  kEof,
};

struct Token {
  TokenType type;
  std::string value;
  int line = 1;
  int col = 1;
};

// tokenize - the tokens of `source`, ending with kEof; an error says
// "<line>:<col>: <what>" (the caller adds the template name).
tattler::Result<std::vector<Token>> tokenize(std::string_view source);

}  // namespace tattler::jinja
