// parser.hpp - turns Jinja2 tokens into the tree of ast.hpp, resolving
// filters and tests by name (an unknown one is a compile-time error, as in
// Jinja2).
//
// Limits: `import`/`from` parse but fail when rendered; no `*args` or
// `**kwargs` in calls; no `{% do %}`, `{% break %}`, `{% continue %}`.
#pragma once

#include <initializer_list>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "common/result.hpp"
#include "templates/jinja/ast.hpp"
#include "templates/jinja/lexer.hpp"

namespace tattler::jinja {

// parse - compile `source`; errors read "<name>:<line>:<col>: <what>".
tattler::Result<std::unique_ptr<TemplateImpl>> parse(std::string_view source,
                                                     std::string name,
                                                     const Options& options);

// Parser - recursive descent over one template's tokens, following the
// grammar and precedence of Jinja2's parser.
class Parser {
 public:
  Parser(std::vector<Token> tokens, TemplateImpl* impl);

  // parse_template - the whole template into impl->body.
  void parse_template();

  // parse_expression - one expression, with `a if b else c` when asked.
  ExprPtr parse_expression(bool with_condexpr = true);

  // parse_tuple - an expression, or a tuple when commas follow.
  ExprPtr parse_tuple(bool with_condexpr = true, bool explicit_parens = false,
                      std::string_view end_name = {});

  // parse_filter - the filters after `|` (or, inline, starting at a name).
  ExprPtr parse_filter(ExprPtr node, bool start_inline);

 private:
  // Statements (parser.cpp).
  Body subparse(std::initializer_list<std::string_view> end_tags);
  StmtPtr parse_statement();
  StmtPtr parse_for();
  StmtPtr parse_if();
  StmtPtr parse_set();
  StmtPtr parse_block();
  StmtPtr parse_include(bool is_import);
  StmtPtr parse_macro();
  StmtPtr parse_call_block();
  StmtPtr parse_filter_block();
  StmtPtr parse_with();
  void parse_params(std::vector<Param>* params);
  Target parse_target(bool with_namespace, std::string_view end_name);
  Target parse_target_item();
  void end_statement(std::string_view tag);
  StmtPtr make_stmt(StmtKind kind, const Token& at);

  // Expressions (parser_expr.cpp).
  ExprPtr parse_condexpr();
  ExprPtr parse_or();
  ExprPtr parse_and();
  ExprPtr parse_not();
  ExprPtr parse_compare();
  ExprPtr parse_math1();
  ExprPtr parse_concat();
  ExprPtr parse_math2();
  ExprPtr parse_pow();
  ExprPtr parse_unary(bool with_filter);
  ExprPtr parse_primary();
  ExprPtr parse_postfix(ExprPtr node);
  ExprPtr parse_filter_expr(ExprPtr node);
  ExprPtr parse_subscript(ExprPtr node);
  ExprPtr parse_subscribed();
  ExprPtr parse_test(ExprPtr node);
  ExprPtr parse_list();
  ExprPtr parse_dict();
  void parse_call_args(Expr* call);
  ExprPtr make_expr(ExprKind kind, const Token& at);
  bool is_tuple_end(std::string_view end_name) const;

  // Token helpers.
  const Token& cur() const { return tokens_[pos_]; }
  const Token& look() const;
  void next();
  bool is_op(std::string_view op) const;
  bool is_name(std::string_view name) const;
  void expect_op(std::string_view op);
  std::string expect_name();
  void expect_block_end(std::string_view what);
  [[noreturn]] void fail(const Token& at, const std::string& what) const;
  [[noreturn]] void fail_eof(const Token& at) const;

  // DepthGuard - counts nesting of expressions and statements so that a
  // malformed template cannot exhaust the stack.
  struct DepthGuard {
    DepthGuard(Parser* p, const Token& at);
    ~DepthGuard() { --p_->depth_; }
    Parser* p_;
  };
  // ChainGuard - counts each link of a chain built in a loop (a|f|g, a.b.c,
  // 1 + 2 + 3) as one more level of nesting while the chain is parsed:
  // such a chain is a tree as deep as it is long, and evaluating or
  // freeing it recurses that deep.
  class ChainGuard {
   public:
    explicit ChainGuard(Parser* p) : p_(p) {}
    ~ChainGuard() { p_->depth_ -= links_; }
    ChainGuard(const ChainGuard&) = delete;
    ChainGuard& operator=(const ChainGuard&) = delete;
    void link(const Token& at);

   private:
    Parser* p_;
    int links_ = 0;
  };
  static constexpr int kMaxNesting = 200;

  std::vector<Token> tokens_;
  size_t pos_ = 0;
  int depth_ = 0;
  TemplateImpl* impl_;
  // Open block tags, innermost last, with the end tags each waits for:
  // for the "Jinja was looking for" message.
  std::vector<std::pair<std::string, std::vector<std::string>>> open_tags_;
  // Names caller/varargs/kwargs seen inside the macro being parsed.
  std::vector<Stmt*> macro_stack_;
};

// describe_token - a token as an error message names it.
std::string describe_token(const Token& t);

}  // namespace tattler::jinja
