// parser_expr.cpp - expressions of the Jinja2 grammar, with Jinja2's
// precedence: conditional, or, and, not, comparisons, + -, ~, * / // %,
// **, unary - +, then primaries with attribute, item, call, filter and
// test postfixes.
//
// Limits: see parser.hpp.

#include <cerrno>
#include <cstdlib>

#include "fmt/format.h"
#include "templates/jinja/parser.hpp"
#include "templates/jinja/registry.hpp"
#include "templates/jinja/renderer.hpp"

namespace tattler::jinja {

ExprPtr Parser::make_expr(ExprKind kind, const Token& at) {
  auto e = std::make_unique<Expr>();
  e->kind = kind;
  e->line = at.line;
  e->col = at.col;
  return e;
}

bool Parser::is_tuple_end(std::string_view end_name) const {
  const Token& t = cur();
  if (t.type == TokenType::kVarEnd || t.type == TokenType::kBlockEnd ||
      t.type == TokenType::kEof) {
    return true;
  }
  if (t.type == TokenType::kOperator && t.value == ")") return true;
  return !end_name.empty() && is_name(end_name);
}

ExprPtr Parser::parse_tuple(bool with_condexpr, bool explicit_parens,
                            std::string_view end_name) {
  Token start = cur();
  std::vector<ExprPtr> args;
  bool is_tuple = false;
  while (true) {
    if (!args.empty()) expect_op(",");
    if (is_tuple_end(end_name)) break;
    args.push_back(parse_expression(with_condexpr));
    if (is_op(",")) {
      is_tuple = true;
    } else {
      break;
    }
  }
  if (!is_tuple) {
    if (!args.empty()) return std::move(args[0]);
    if (!explicit_parens) {
      if (cur().type == TokenType::kEof) fail_eof(cur());
      fail(cur(), fmt::format("Expected an expression, got '{}'",
                              describe_token(cur())));
    }
  }
  auto e = make_expr(ExprKind::kTuple, start);
  e->items = std::move(args);
  return e;
}

ExprPtr Parser::parse_expression(bool with_condexpr) {
  return with_condexpr ? parse_condexpr() : parse_or();
}

ExprPtr Parser::parse_condexpr() {
  ExprPtr expr1 = parse_or();
  ChainGuard chain(this);
  while (is_name("if")) {
    chain.link(cur());
    auto e = make_expr(ExprKind::kCond, cur());
    next();
    e->b = parse_or();
    if (is_name("else")) {
      next();
      e->c = parse_condexpr();
    }
    e->a = std::move(expr1);
    expr1 = std::move(e);
  }
  return expr1;
}

ExprPtr Parser::parse_or() {
  ExprPtr left = parse_and();
  ChainGuard chain(this);
  while (is_name("or")) {
    chain.link(cur());
    auto e = make_expr(ExprKind::kOr, cur());
    next();
    e->a = std::move(left);
    e->b = parse_and();
    left = std::move(e);
  }
  return left;
}

ExprPtr Parser::parse_and() {
  ExprPtr left = parse_not();
  ChainGuard chain(this);
  while (is_name("and")) {
    chain.link(cur());
    auto e = make_expr(ExprKind::kAnd, cur());
    next();
    e->a = std::move(left);
    e->b = parse_not();
    left = std::move(e);
  }
  return left;
}

ExprPtr Parser::parse_not() {
  DepthGuard guard(this, cur());
  if (is_name("not")) {
    auto e = make_expr(ExprKind::kNot, cur());
    next();
    e->a = parse_not();
    return e;
  }
  return parse_compare();
}

ExprPtr Parser::parse_compare() {
  Token start = cur();
  ExprPtr expr = parse_math1();
  ExprPtr cmp;
  while (true) {
    CmpOp op;
    if (cur().type == TokenType::kOperator) {
      const std::string& v = cur().value;
      if (v == "==") op = CmpOp::kEq;
      else if (v == "!=") op = CmpOp::kNe;
      else if (v == "<") op = CmpOp::kLt;
      else if (v == "<=") op = CmpOp::kLe;
      else if (v == ">") op = CmpOp::kGt;
      else if (v == ">=") op = CmpOp::kGe;
      else break;
      next();
    } else if (is_name("in")) {
      op = CmpOp::kIn;
      next();
    } else if (is_name("not") && look().type == TokenType::kName &&
               look().value == "in") {
      op = CmpOp::kNotIn;
      next();
      next();
    } else {
      break;
    }
    if (!cmp) {
      cmp = make_expr(ExprKind::kCompare, start);
      cmp->items.push_back(std::move(expr));
    }
    cmp->cmp.push_back(op);
    cmp->items.push_back(parse_math1());
  }
  return cmp ? std::move(cmp) : std::move(expr);
}

ExprPtr Parser::parse_math1() {
  ExprPtr left = parse_concat();
  ChainGuard chain(this);
  while (is_op("+") || is_op("-")) {
    chain.link(cur());
    auto e = make_expr(ExprKind::kBinary, cur());
    e->op = cur().value == "+" ? BinOp::kAdd : BinOp::kSub;
    next();
    e->a = std::move(left);
    e->b = parse_concat();
    left = std::move(e);
  }
  return left;
}

ExprPtr Parser::parse_concat() {
  Token start = cur();
  ExprPtr first = parse_math2();
  if (!is_op("~")) return first;
  auto e = make_expr(ExprKind::kConcat, start);
  e->items.push_back(std::move(first));
  while (is_op("~")) {
    next();
    e->items.push_back(parse_math2());
  }
  return e;
}

ExprPtr Parser::parse_math2() {
  ExprPtr left = parse_pow();
  ChainGuard chain(this);
  while (is_op("*") || is_op("/") || is_op("//") || is_op("%")) {
    chain.link(cur());
    auto e = make_expr(ExprKind::kBinary, cur());
    const std::string& v = cur().value;
    e->op = v == "*"   ? BinOp::kMul
            : v == "/" ? BinOp::kDiv
            : v == "//" ? BinOp::kFloorDiv
                        : BinOp::kMod;
    next();
    e->a = std::move(left);
    e->b = parse_pow();
    left = std::move(e);
  }
  return left;
}

ExprPtr Parser::parse_pow() {
  ExprPtr left = parse_unary(true);
  ChainGuard chain(this);
  while (is_op("**")) {
    chain.link(cur());
    auto e = make_expr(ExprKind::kBinary, cur());
    e->op = BinOp::kPow;
    next();
    e->a = std::move(left);
    e->b = parse_unary(true);
    left = std::move(e);
  }
  return left;
}

ExprPtr Parser::parse_unary(bool with_filter) {
  DepthGuard guard(this, cur());
  ExprPtr node;
  if (is_op("-") || is_op("+")) {
    node = make_expr(is_op("-") ? ExprKind::kNeg : ExprKind::kPos, cur());
    next();
    node->a = parse_unary(false);
  } else {
    node = parse_primary();
  }
  node = parse_postfix(std::move(node));
  if (with_filter) node = parse_filter_expr(std::move(node));
  return node;
}

namespace {

// args_fit - whether the arguments of filter node `e` fit its parameters;
// only their number and keyword names matter, both fixed by the source.
bool args_fit(const Expr& e) {
  CallArgs shape;
  shape.args.resize(e.items.size());
  for (const auto& kw : e.kwargs) shape.kwargs.emplace_back(kw.first, Value());
  try {
    check_args(e.name, e.params, shape);
    return true;
  } catch (const PyError&) {
    return false;
  }
}

// args_read_only - every argument of `e` only reads.
bool args_read_only(const Expr& e) {
  for (const ExprPtr& a : e.items) {
    if (!reads_only(*a)) return false;
  }
  for (const auto& kw : e.kwargs) {
    if (!reads_only(*kw.second)) return false;
  }
  return true;
}

// parse_int_literal - an integer token ("0x1f", "0o7", "0b1", "12").
bool parse_int_literal(const std::string& text, int64_t* out) {
  int base = 10;
  const char* p = text.c_str();
  if (text.size() > 2 && text[0] == '0' &&
      (text[1] == 'x' || text[1] == 'o' || text[1] == 'b')) {
    base = text[1] == 'x' ? 16 : text[1] == 'o' ? 8 : 2;
    p += 2;
  }
  errno = 0;
  char* end = nullptr;
  long long v = std::strtoll(p, &end, base);
  if (errno == ERANGE || *end != '\0') return false;
  *out = v;
  return true;
}

}  // namespace

ExprPtr Parser::parse_primary() {
  const Token& t = cur();
  ExprPtr node = make_expr(ExprKind::kLiteral, t);
  if (t.type == TokenType::kName) {
    const std::string& v = t.value;
    if (v == "true" || v == "True" || v == "false" || v == "False") {
      node->literal = Value(v == "true" || v == "True");
    } else if (v == "none" || v == "None") {
      node->literal = Value();
    } else {
      node->kind = ExprKind::kName;
      node->name = v;
      node->is_super = v == "super";
      if (!macro_stack_.empty()) {
        Stmt* m = macro_stack_.back();
        if (v == "caller") m->uses_caller = true;
        if (v == "varargs") m->catch_varargs = true;
        if (v == "kwargs") m->catch_kwargs = true;
      }
    }
    next();
  } else if (t.type == TokenType::kString) {
    std::string buf;
    while (cur().type == TokenType::kString) {
      buf += cur().value;
      next();
    }
    node->literal = Value(std::move(buf));
  } else if (t.type == TokenType::kInt) {
    int64_t v = 0;
    if (!parse_int_literal(t.value, &v)) {
      fail(t, "integer literal too large (the engine's ints are 64-bit)");
    }
    node->literal = Value(v);
    next();
  } else if (t.type == TokenType::kFloat) {
    node->literal = Value(std::strtod(t.value.c_str(), nullptr));
    next();
  } else if (t.type == TokenType::kOperator && t.value == "(") {
    next();
    node = parse_tuple(true, true);
    expect_op(")");
  } else if (t.type == TokenType::kOperator && t.value == "[") {
    node = parse_list();
  } else if (t.type == TokenType::kOperator && t.value == "{") {
    node = parse_dict();
  } else {
    if (t.type == TokenType::kEof) fail_eof(t);
    fail(t, fmt::format("unexpected '{}'", describe_token(t)));
  }
  return node;
}

ExprPtr Parser::parse_list() {
  auto e = make_expr(ExprKind::kList, cur());
  expect_op("[");
  while (!is_op("]")) {
    if (!e->items.empty()) expect_op(",");
    if (is_op("]")) break;
    e->items.push_back(parse_expression());
  }
  expect_op("]");
  return e;
}

ExprPtr Parser::parse_dict() {
  auto e = make_expr(ExprKind::kDict, cur());
  expect_op("{");
  while (!is_op("}")) {
    if (!e->items.empty()) expect_op(",");
    if (is_op("}")) break;
    e->items.push_back(parse_expression());
    expect_op(":");
    e->items.push_back(parse_expression());
  }
  expect_op("}");
  return e;
}

ExprPtr Parser::parse_postfix(ExprPtr node) {
  ChainGuard chain(this);
  while (true) {
    chain.link(cur());
    if (is_op(".") || is_op("[")) {
      node = parse_subscript(std::move(node));
    } else if (is_op("(")) {
      auto call = make_expr(ExprKind::kCall, cur());
      call->a = std::move(node);
      parse_call_args(call.get());
      call->args_read_only = args_read_only(*call);
      node = std::move(call);
    } else {
      return node;
    }
  }
}

ExprPtr Parser::parse_filter_expr(ExprPtr node) {
  ChainGuard chain(this);
  while (true) {
    chain.link(cur());
    if (is_op("|")) {
      node = parse_filter(std::move(node), false);
    } else if (is_name("is")) {
      node = parse_test(std::move(node));
    } else if (is_op("(")) {
      auto call = make_expr(ExprKind::kCall, cur());
      call->a = std::move(node);
      parse_call_args(call.get());
      call->args_read_only = args_read_only(*call);
      node = std::move(call);
    } else {
      return node;
    }
  }
}

ExprPtr Parser::parse_subscript(ExprPtr node) {
  // Errors of obj.x / obj[x] point at the start of obj.
  Token t = cur();
  t.line = node->line;
  t.col = node->col;
  next();
  if (t.value == ".") {
    Token attr = cur();
    next();
    if (attr.type == TokenType::kName) {
      auto e = make_expr(ExprKind::kGetAttr, t);
      e->a = std::move(node);
      e->name = attr.value;
      e->maybe_method = is_method_name(e->name);
      return e;
    }
    if (attr.type != TokenType::kInt) fail(attr, "expected name or number");
    auto e = make_expr(ExprKind::kGetItem, t);
    e->a = std::move(node);
    e->b = make_expr(ExprKind::kLiteral, attr);
    int64_t v = 0;
    parse_int_literal(attr.value, &v);
    e->b->literal = Value(v);
    return e;
  }
  std::vector<ExprPtr> args;
  while (!is_op("]")) {
    if (!args.empty()) expect_op(",");
    args.push_back(parse_subscribed());
  }
  expect_op("]");
  auto e = make_expr(ExprKind::kGetItem, t);
  e->a = std::move(node);
  if (args.size() == 1) {
    e->b = std::move(args[0]);
  } else {
    e->b = make_expr(ExprKind::kTuple, t);
    e->b->items = std::move(args);
  }
  return e;
}

ExprPtr Parser::parse_subscribed() {
  Token start = cur();
  ExprPtr first;
  if (!is_op(":")) {
    first = parse_expression();
    if (!is_op(":")) return first;
  }
  auto s = make_expr(ExprKind::kSlice, start);
  s->a = std::move(first);
  next();
  if (!is_op("]") && !is_op(",") && !is_op(":")) s->b = parse_expression();
  if (is_op(":")) {
    next();
    if (!is_op("]") && !is_op(",")) s->c = parse_expression();
  }
  return s;
}

void Parser::parse_call_args(Expr* call) {
  Token open = cur();
  expect_op("(");
  bool require_comma = false;
  while (!is_op(")")) {
    if (require_comma) {
      expect_op(",");
      if (is_op(")")) break;
    }
    if (is_op("*") || is_op("**")) {
      fail(cur(), "*args and **kwargs in calls are not supported");
    }
    if (cur().type == TokenType::kName && look().type == TokenType::kOperator &&
        look().value == "=") {
      std::string key = cur().value;
      next();
      next();
      call->kwargs.emplace_back(std::move(key), parse_expression());
    } else {
      if (!call->kwargs.empty()) {
        fail(open, "invalid syntax for function call expression");
      }
      call->items.push_back(parse_expression());
    }
    require_comma = true;
  }
  next();
}

ExprPtr Parser::parse_filter(ExprPtr node, bool start_inline) {
  ChainGuard chain(this);
  while (is_op("|") || start_inline) {
    chain.link(cur());
    if (!start_inline) next();
    start_inline = false;
    Token name_tok = cur();
    std::string name = expect_name();
    auto e = make_expr(ExprKind::kFilter, name_tok);
    e->filter = find_filter(name);
    if (e->filter == nullptr) {
      fail(name_tok, fmt::format("No filter named '{}'.", name));
    }
    e->params = filter_params(name);
    e->printer = find_printer(name);
    e->text_result = returns_text(name);
    e->name = std::move(name);
    if (is_op("(")) parse_call_args(e.get());
    e->args_fit = args_fit(*e);
    e->args_read_only = args_read_only(*e);
    e->a = std::move(node);
    node = std::move(e);
  }
  return node;
}

ExprPtr Parser::parse_test(ExprPtr node) {
  auto e = make_expr(ExprKind::kTest, cur());
  next();
  if (is_name("not")) {
    next();
    e->negate = true;
  }
  Token name_tok = cur();
  e->name = expect_name();
  e->test = find_test(e->name);
  if (e->test == nullptr) {
    fail(name_tok, fmt::format("No test named '{}'.", e->name));
  }
  const Token& t = cur();
  bool arg_start =
      t.type == TokenType::kName || t.type == TokenType::kString ||
      t.type == TokenType::kInt || t.type == TokenType::kFloat ||
      (t.type == TokenType::kOperator && (t.value == "[" || t.value == "{"));
  if (is_op("(")) {
    parse_call_args(e.get());
  } else if (arg_start && !is_name("else") && !is_name("or") &&
             !is_name("and")) {
    if (is_name("is")) fail(t, "You cannot chain multiple tests with is");
    e->items.push_back(parse_postfix(parse_primary()));
  }
  e->a = std::move(node);
  return e;
}

}  // namespace tattler::jinja
