// ast.hpp - the compiled form of a template: expression and statement
// trees built by the parser and walked by the renderer, and TemplateImpl,
// what a Template holds.
//
// Limits: nodes are plain structs with a kind tag (no visitor); a node
// only uses the fields its kind needs.
#pragma once

#include <atomic>
#include <memory>
#include <string>
#include <unordered_map>
#include <utility>
#include <vector>

#include "templates/jinja/engine.hpp"
#include "templates/jinja/value.hpp"

namespace tattler::jinja {

class Renderer;
struct CallArgs;

// A filter: input value and arguments to the result; errors are thrown as
// RenderError by the renderer's helpers.
using FilterFn = Value (*)(Renderer&, const Value&, CallArgs&);
// A printer: appends to `out` what printing filter(value, args) would
// write, without making the result value; false (nothing appended) when
// this input needs the filter itself.
// `*safe` tells whether the text written is Markup (the filter's result
// would be a safe string).
using PrintFn = bool (*)(Renderer&, const Value&, CallArgs&, std::string&,
                         bool* safe);
// A test (`x is odd`): value and arguments to true/false.
using TestFn = bool (*)(Renderer&, const Value&, CallArgs&);

enum class ExprKind : uint8_t {
  kLiteral,   // literal
  kName,      // name
  kList,      // items
  kTuple,     // items
  kDict,      // items: key, value, key, value...
  kGetAttr,   // a.name
  kGetItem,   // a[b]
  kSlice,     // a:b:c inside [] (each may be null)
  kCall,      // a(items, kwargs)
  kFilter,    // a|name(items, kwargs); a null inside a filter block
  kTest,      // a is [not] name(items)
  kNeg,       // -a
  kPos,       // +a
  kNot,       // not a
  kBinary,    // a op b
  kAnd,       // a and b
  kOr,        // a or b
  kCompare,   // items[0] cmp[0] items[1] cmp[1] items[2]...
  kCond,      // a if b else c (c may be null)
  kConcat,    // items joined with ~
};

enum class BinOp : uint8_t { kAdd, kSub, kMul, kDiv, kFloorDiv, kMod, kPow };
enum class CmpOp : uint8_t { kEq, kNe, kLt, kLe, kGt, kGe, kIn, kNotIn };

struct Expr;
using ExprPtr = std::unique_ptr<Expr>;

struct Expr {
  ExprKind kind = ExprKind::kLiteral;
  BinOp op = BinOp::kAdd;
  bool negate = false;
  int line = 0;
  int col = 0;
  Value literal;
  std::string name;
  ExprPtr a, b, c;
  std::vector<ExprPtr> items;
  std::vector<std::pair<std::string, ExprPtr>> kwargs;
  std::vector<CmpOp> cmp;
  FilterFn filter = nullptr;
  PrintFn printer = nullptr;
  // The filter always returns a str (escape, format): its printed text can
  // stand for its result as the input of a chained printer.
  bool text_result = false;
  TestFn test = nullptr;
  // A filter's parameters after the value, comma-separated ("*": any).
  const char* params = "*";
  // The filter's arguments fit `params` (checked once by the parser: the
  // shape of a call is fixed; a misfit is still raised when rendered).
  bool args_fit = false;
  // kFilter, kCall: the arguments only read stored values (no call could
  // mutate what the filter input or the called object refers to), so that
  // one can be passed by reference.
  bool args_read_only = false;
  // kName: the name is `super` (a block's parent, not a variable).
  bool is_super = false;
  // kGetAttr: `name` is the name of some value's method (str, dict, list
  // or datetime); when false, obj.name on a dict is a plain item lookup.
  bool maybe_method = true;
};

// reads_only - `e` reads a literal, a variable or attributes of one: its
// evaluation cannot change any value.
inline bool reads_only(const Expr& e) {
  if (e.kind == ExprKind::kLiteral || e.kind == ExprKind::kName) return true;
  return e.kind == ExprKind::kGetAttr && reads_only(*e.a);
}

// Target - the left side of `for` and `set`: a name, `ns.attr`, or a
// tuple of targets.
struct Target {
  std::string name;
  std::string attr;
  std::vector<Target> items;
  bool is_tuple = false;
};

struct Param {
  std::string name;
  ExprPtr default_value;
};

enum class StmtKind : uint8_t {
  kData,         // text
  kPrint,        // {{ expr }}
  kIf,           // expr, body, else_body
  kFor,          // target in expr [if cond], body, else_body
  kSet,          // target = expr
  kSetBlock,     // {% set target | filter %}body{% endset %}
  kBlock,        // {% block text %}
  kExtends,      // expr
  kInclude,      // expr
  kMacro,        // text(params) body
  kCallBlock,    // {% call(params) expr %} body
  kFilterBlock,  // {% filter expr %} body
  kWith,         // assigns, body
  kAutoescape,   // expr, body
};

struct Stmt;
using StmtPtr = std::unique_ptr<Stmt>;
using Body = std::vector<StmtPtr>;

struct Stmt {
  StmtKind kind = StmtKind::kData;
  int line = 0;
  int col = 0;
  std::string text;
  ExprPtr expr;
  ExprPtr cond;
  Target target;
  Body body;
  Body else_body;
  std::vector<Param> params;
  std::vector<std::pair<Target, ExprPtr>> assigns;
  bool recursive = false;
  bool ignore_missing = false;
  bool scoped = false;
  bool catch_varargs = false;
  bool catch_kwargs = false;
  bool uses_caller = false;
};

struct TemplateImpl {
  std::string name;
  Options options;
  Body body;
  // Every {% block %} of the template, nested ones too, by name.
  std::unordered_map<std::string, const Stmt*> blocks;
  // The size of the last output rendered from this template: the next
  // render reserves it at once instead of growing the string step by step.
  mutable std::atomic<size_t> output_size_hint{0};
};

}  // namespace tattler::jinja
