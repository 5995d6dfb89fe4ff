// parser.cpp - statements of the Jinja2 grammar and the token helpers
// (expressions are in parser_expr.cpp).
//
// Limits: see parser.hpp.

#include "templates/jinja/parser.hpp"

#include <algorithm>

#include "fmt/format.h"

namespace tattler::jinja {
namespace {

struct ParseError {
  std::string message;
};

// join_tags - "'endfor' or 'else'" for the end-of-template message.
std::string join_tags(const std::vector<std::string>& tags) {
  std::string out;
  for (size_t i = 0; i < tags.size(); ++i) {
    if (i > 0) out += i + 1 == tags.size() ? " or " : ", ";
    out += "'" + tags[i] + "'";
  }
  return out;
}

}  // namespace

std::string describe_token(const Token& t) {
  switch (t.type) {
    case TokenType::kData: return "template data";
    case TokenType::kVarBegin: return "begin of print statement";
    case TokenType::kVarEnd: return "end of print statement";
    case TokenType::kBlockBegin: return "begin of statement block";
    case TokenType::kBlockEnd: return "end of statement block";
    case TokenType::kEof: return "end of template";
    default: return t.value;
  }
}

Parser::DepthGuard::DepthGuard(Parser* p, const Token& at) : p_(p) {
  if (++p_->depth_ > kMaxNesting) {
    p_->fail(at, "template nested too deeply");
  }
}

void Parser::ChainGuard::link(const Token& at) {
  ++links_;
  if (++p_->depth_ > kMaxNesting) {
    p_->fail(at, "template nested too deeply");
  }
}

Parser::Parser(std::vector<Token> tokens, TemplateImpl* impl)
    : tokens_(std::move(tokens)), impl_(impl) {}

const Token& Parser::look() const {
  return pos_ + 1 < tokens_.size() ? tokens_[pos_ + 1] : tokens_.back();
}

void Parser::next() {
  if (pos_ + 1 < tokens_.size()) ++pos_;
}

bool Parser::is_op(std::string_view op) const {
  return cur().type == TokenType::kOperator && cur().value == op;
}

bool Parser::is_name(std::string_view name) const {
  return cur().type == TokenType::kName && cur().value == name;
}

void Parser::expect_op(std::string_view op) {
  if (!is_op(op)) {
    if (cur().type == TokenType::kEof) fail_eof(cur());
    fail(cur(), fmt::format("expected token '{}', got '{}'", op,
                            describe_token(cur())));
  }
  next();
}

std::string Parser::expect_name() {
  if (cur().type != TokenType::kName) {
    if (cur().type == TokenType::kEof) fail_eof(cur());
    fail(cur(), fmt::format("expected token 'name', got '{}'",
                            describe_token(cur())));
  }
  std::string n = cur().value;
  next();
  return n;
}

void Parser::expect_block_end(std::string_view what) {
  if (cur().type != TokenType::kBlockEnd) {
    if (cur().type == TokenType::kEof) fail_eof(cur());
    fail(cur(), fmt::format("expected token 'end of statement block', got "
                            "'{}'{}",
                            describe_token(cur()), what));
  }
  next();
}

void Parser::fail(const Token& at, const std::string& what) const {
  throw ParseError{fmt::format("{}:{}:{}: {}", impl_->name, at.line, at.col,
                               what)};
}

void Parser::fail_eof(const Token& at) const {
  std::string msg = "Unexpected end of template.";
  if (!open_tags_.empty()) {
    msg += fmt::format(
        " Jinja was looking for the following tags: {}. The innermost block "
        "that needs to be closed is '{}'.",
        join_tags(open_tags_.back().second), open_tags_.back().first);
  }
  fail(at, msg);
}

StmtPtr Parser::make_stmt(StmtKind kind, const Token& at) {
  auto s = std::make_unique<Stmt>();
  s->kind = kind;
  s->line = at.line;
  s->col = at.col;
  return s;
}

void Parser::parse_template() {
  impl_->body = subparse({});
  if (cur().type != TokenType::kEof) fail(cur(), "unexpected end tag");
}

Body Parser::subparse(std::initializer_list<std::string_view> end_tags) {
  Body body;
  while (true) {
    const Token& t = cur();
    if (t.type == TokenType::kEof) {
      if (end_tags.size() > 0) fail_eof(t);
      return body;
    }
    if (t.type == TokenType::kData) {
      auto s = make_stmt(StmtKind::kData, t);
      s->text = t.value;
      body.push_back(std::move(s));
      next();
    } else if (t.type == TokenType::kVarBegin) {
      auto s = make_stmt(StmtKind::kPrint, t);
      next();
      s->expr = parse_tuple();
      if (cur().type != TokenType::kVarEnd) {
        if (cur().type == TokenType::kEof) fail_eof(cur());
        fail(cur(), fmt::format("expected token 'end of print statement', "
                                "got '{}'",
                                describe_token(cur())));
      }
      next();
      body.push_back(std::move(s));
    } else if (t.type == TokenType::kBlockBegin) {
      next();
      if (cur().type == TokenType::kName &&
          std::find(end_tags.begin(), end_tags.end(), cur().value) !=
              end_tags.end()) {
        return body;
      }
      body.push_back(parse_statement());
    } else {
      fail(t, fmt::format("unexpected '{}'", describe_token(t)));
    }
  }
}

StmtPtr Parser::parse_statement() {
  const Token& t = cur();
  DepthGuard guard(this, t);
  if (t.type != TokenType::kName) {
    if (t.type == TokenType::kEof) fail_eof(t);
    fail(t, "tag name expected");
  }
  const std::string& n = t.value;
  if (n == "for") return parse_for();
  if (n == "if") return parse_if();
  if (n == "set") return parse_set();
  if (n == "block") return parse_block();
  if (n == "include") return parse_include(false);
  if (n == "import" || n == "from") return parse_include(true);
  if (n == "macro") return parse_macro();
  if (n == "call") return parse_call_block();
  if (n == "filter") return parse_filter_block();
  if (n == "with") return parse_with();
  if (n == "extends" || n == "print" || n == "autoescape") {
    auto s = make_stmt(n == "extends"  ? StmtKind::kExtends
                       : n == "print" ? StmtKind::kPrint
                                      : StmtKind::kAutoescape,
                       t);
    next();
    s->expr = n == "print" ? parse_tuple() : parse_expression();
    expect_block_end("");
    if (s->kind == StmtKind::kAutoescape) {
      open_tags_.push_back({"autoescape", {"endautoescape"}});
      s->body = subparse({"endautoescape"});
      open_tags_.pop_back();
      end_statement("endautoescape");
    }
    return s;
  }
  for (auto it = open_tags_.rbegin(); it != open_tags_.rend(); ++it) {
    const auto& want = it->second;
    if (std::find(want.begin(), want.end(), n) != want.end()) {
      fail(t, fmt::format("Encountered unknown tag '{}'. Jinja was looking "
                          "for the following tags: {}. The innermost block "
                          "that needs to be closed is '{}'.",
                          n, join_tags(open_tags_.back().second),
                          open_tags_.back().first));
    }
  }
  fail(t, fmt::format("Encountered unknown tag '{}'.", n));
}

// end_statement - consume `{% endxxx %}` (the name is current).
void Parser::end_statement(std::string_view tag) {
  (void)tag;
  next();
  expect_block_end("");
}

StmtPtr Parser::parse_for() {
  auto s = make_stmt(StmtKind::kFor, cur());
  next();
  s->target = parse_target(false, "in");
  if (!is_name("in")) {
    if (cur().type == TokenType::kEof) fail_eof(cur());
    fail(cur(), fmt::format("expected token 'in', got '{}'",
                            describe_token(cur())));
  }
  next();
  s->expr = parse_tuple(false, false, "recursive");
  if (is_name("if")) {
    next();
    s->cond = parse_expression();
  }
  if (is_name("recursive")) {
    next();
    s->recursive = true;
  }
  expect_block_end("");
  open_tags_.push_back({"for", {"endfor", "else"}});
  s->body = subparse({"endfor", "else"});
  if (is_name("else")) {
    next();
    expect_block_end("");
    open_tags_.back().second = {"endfor"};
    s->else_body = subparse({"endfor"});
  }
  open_tags_.pop_back();
  end_statement("endfor");
  return s;
}

StmtPtr Parser::parse_if() {
  auto s = make_stmt(StmtKind::kIf, cur());
  next();
  s->expr = parse_tuple(false);
  expect_block_end("");
  open_tags_.push_back({"if", {"elif", "else", "endif"}});
  s->body = subparse({"elif", "else", "endif"});
  Stmt* tail = s.get();
  while (is_name("elif")) {
    auto e = make_stmt(StmtKind::kIf, cur());
    next();
    e->expr = parse_tuple(false);
    expect_block_end("");
    e->body = subparse({"elif", "else", "endif"});
    Stmt* raw = e.get();
    tail->else_body.push_back(std::move(e));
    tail = raw;
  }
  if (is_name("else")) {
    next();
    expect_block_end("");
    open_tags_.back().second = {"endif"};
    tail->else_body = subparse({"endif"});
  }
  open_tags_.pop_back();
  end_statement("endif");
  return s;
}

StmtPtr Parser::parse_set() {
  auto s = make_stmt(StmtKind::kSet, cur());
  next();
  s->target = parse_target(true, {});
  if (is_op("=")) {
    next();
    s->expr = parse_tuple();
    expect_block_end("");
    return s;
  }
  s->kind = StmtKind::kSetBlock;
  if (is_op("|")) s->expr = parse_filter(nullptr, false);
  expect_block_end("");
  open_tags_.push_back({"set", {"endset"}});
  s->body = subparse({"endset"});
  open_tags_.pop_back();
  end_statement("endset");
  return s;
}

StmtPtr Parser::parse_block() {
  auto s = make_stmt(StmtKind::kBlock, cur());
  next();
  s->text = expect_name();
  if (impl_->blocks.count(s->text)) {
    fail(*(&cur() - 1), fmt::format("block '{}' defined twice", s->text));
  }
  while (is_name("scoped") || is_name("required")) {
    if (cur().value == "scoped") s->scoped = true;
    next();
  }
  expect_block_end("");
  open_tags_.push_back({"block", {"endblock"}});
  s->body = subparse({"endblock"});
  open_tags_.pop_back();
  next();
  if (cur().type == TokenType::kName) {
    if (cur().value != s->text) {
      fail(cur(), fmt::format("mismatching name '{}' for block '{}'",
                              cur().value, s->text));
    }
    next();
  }
  expect_block_end("");
  impl_->blocks[s->text] = s.get();
  return s;
}

StmtPtr Parser::parse_include(bool is_import) {
  bool from = is_name("from");
  auto s = make_stmt(StmtKind::kInclude, cur());
  next();
  s->expr = parse_expression();
  s->scoped = is_import;  // an import: parsed, refused when rendered
  if (is_import) {
    if (from) {
      if (!is_name("import")) fail(cur(), "expected token 'import'");
      next();
    } else if (!is_name("as")) {
      fail(cur(), "expected token 'as'");
    } else {
      next();
    }
    while (cur().type != TokenType::kBlockEnd &&
           cur().type != TokenType::kEof) {
      next();
    }
  }
  if (is_name("ignore") && look().type == TokenType::kName &&
      look().value == "missing") {
    next();
    next();
    s->ignore_missing = true;
  }
  if ((is_name("with") || is_name("without")) &&
      look().type == TokenType::kName && look().value == "context") {
    next();
    next();
  }
  expect_block_end("");
  return s;
}

void Parser::parse_params(std::vector<Param>* params) {
  expect_op("(");
  while (!is_op(")")) {
    if (!params->empty()) expect_op(",");
    if (is_op(")")) break;
    Param p;
    p.name = expect_name();
    if (is_op("=")) {
      next();
      p.default_value = parse_expression();
    } else if (!params->empty() && params->back().default_value) {
      fail(cur(), "non-default argument follows default argument");
    }
    params->push_back(std::move(p));
  }
  next();
}

StmtPtr Parser::parse_macro() {
  auto s = make_stmt(StmtKind::kMacro, cur());
  next();
  s->text = expect_name();
  parse_params(&s->params);
  expect_block_end("");
  macro_stack_.push_back(s.get());
  open_tags_.push_back({"macro", {"endmacro"}});
  s->body = subparse({"endmacro"});
  open_tags_.pop_back();
  macro_stack_.pop_back();
  end_statement("endmacro");
  return s;
}

StmtPtr Parser::parse_call_block() {
  auto s = make_stmt(StmtKind::kCallBlock, cur());
  next();
  if (is_op("(")) parse_params(&s->params);
  s->expr = parse_expression();
  if (s->expr->kind != ExprKind::kCall) fail(cur(), "expected call");
  expect_block_end("");
  macro_stack_.push_back(s.get());
  open_tags_.push_back({"call", {"endcall"}});
  s->body = subparse({"endcall"});
  open_tags_.pop_back();
  macro_stack_.pop_back();
  end_statement("endcall");
  return s;
}

StmtPtr Parser::parse_filter_block() {
  auto s = make_stmt(StmtKind::kFilterBlock, cur());
  next();
  s->expr = parse_filter(nullptr, true);
  expect_block_end("");
  open_tags_.push_back({"filter", {"endfilter"}});
  s->body = subparse({"endfilter"});
  open_tags_.pop_back();
  end_statement("endfilter");
  return s;
}

StmtPtr Parser::parse_with() {
  auto s = make_stmt(StmtKind::kWith, cur());
  next();
  while (cur().type != TokenType::kBlockEnd) {
    if (!s->assigns.empty()) expect_op(",");
    Target t = parse_target(false, {});
    expect_op("=");
    s->assigns.emplace_back(std::move(t), parse_expression());
  }
  expect_block_end("");
  open_tags_.push_back({"with", {"endwith"}});
  s->body = subparse({"endwith"});
  open_tags_.pop_back();
  end_statement("endwith");
  return s;
}

Target Parser::parse_target_item() {
  DepthGuard guard(this, cur());
  if (is_op("(")) {
    next();
    Target t;
    t.is_tuple = true;
    while (!is_op(")")) {
      if (!t.items.empty()) expect_op(",");
      if (is_op(")")) break;
      t.items.push_back(parse_target_item());
    }
    next();
    return t;
  }
  Target t;
  if (cur().type != TokenType::kName) {
    if (cur().type == TokenType::kEof) fail_eof(cur());
    fail(cur(), fmt::format("can't assign to '{}'", describe_token(cur())));
  }
  t.name = cur().value;
  if (t.name == "true" || t.name == "false" || t.name == "none" ||
      t.name == "True" || t.name == "False" || t.name == "None") {
    fail(cur(), "can't assign to 'const'");
  }
  next();
  return t;
}

Target Parser::parse_target(bool with_namespace, std::string_view end_name) {
  if (with_namespace && cur().type == TokenType::kName &&
      look().type == TokenType::kOperator && look().value == ".") {
    Target t;
    t.name = expect_name();
    next();
    t.attr = expect_name();
    return t;
  }
  Target first = parse_target_item();
  if (!is_op(",")) return first;
  Target t;
  t.is_tuple = true;
  t.items.push_back(std::move(first));
  while (is_op(",")) {
    next();
    if ((!end_name.empty() && is_name(end_name)) || is_op("=") ||
        cur().type == TokenType::kBlockEnd) {
      break;
    }
    t.items.push_back(parse_target_item());
  }
  return t;
}

tattler::Result<std::unique_ptr<TemplateImpl>> parse(std::string_view source,
                                                     std::string name,
                                                     const Options& options) {
  auto tokens = tokenize(source);
  if (!tokens.ok()) return tattler::Err{name + ":" + tokens.error()};
  auto impl = std::make_unique<TemplateImpl>();
  impl->name = std::move(name);
  impl->options = options;
  try {
    Parser parser(std::move(tokens).value(), impl.get());
    parser.parse_template();
  } catch (const ParseError& e) {
    return tattler::Err{e.message};
  }
  return impl;
}

}  // namespace tattler::jinja
