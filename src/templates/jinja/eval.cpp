// eval.cpp - expressions: names, literals, operators, calls, filters,
// tests, attribute and item access, slices, and the globals range(),
// dict(), namespace(), cycler() and joiner().
//
// Limits: dict literals with non-string keys store str(key) as the key;
// range() builds a list (it prints as a list, not as "range(0, 3)").

#include <optional>

#include "fmt/format.h"
#include "templates/jinja/registry.hpp"
#include "templates/jinja/renderer.hpp"
#include "templates/jinja/unicode.hpp"

namespace tattler::jinja {
namespace {

// SuperObject - super() inside a block: the parent level's output.
class SuperObject : public Callable {
 public:
  SuperObject(std::string name, size_t level)
      : name_(std::move(name)), level_(level) {}
  std::string repr() const override { return "<bound method super>"; }
  Value call(Renderer& r, CallArgs&) const override {
    if (!r.has_block_level(name_, level_)) {
      raise(fmt::format("there is no parent block called '{}'.", name_));
    }
    return r.finish(r.render_block_at(name_, level_));
  }

 private:
  std::string name_;
  size_t level_;
};

// NamespaceObject - namespace(): the one mutable object of Jinja.
class NamespaceObject : public Callable {
 public:
  std::string repr() const override { return "<Namespace " + attrs_.str() + ">"; }
  bool get_attr(std::string_view n, Value* out) const override {
    const Value* v = attrs_.as_dict().find(n);
    if (v) *out = *v;
    return v != nullptr;
  }
  bool set_attr(std::string_view n, const Value& v) const override {
    Dict d = attrs_.as_dict();
    d.set(std::string(n), v);
    attrs_ = Value(std::move(d));
    return true;
  }

  mutable Value attrs_ = Value(Dict());
};

// CyclerObject - cycler(a, b, ...): .next(), .current, .reset().
class CyclerObject : public Callable {
 public:
  explicit CyclerObject(List items) : items_(std::move(items)) {}
  std::string repr() const override { return "<Cycler>"; }
  bool get_attr(std::string_view n, Value* out) const override {
    if (n == "current") {
      *out = items_[pos_];
      return true;
    }
    if (n == "next" || n == "reset") {
      *out = Value(std::static_pointer_cast<const Callable>(
          std::make_shared<Method>(this, n == "next")));
      return true;
    }
    return false;
  }

 private:
  class Method : public Callable {
   public:
    Method(const CyclerObject* c, bool next) : c_(c), next_(next) {}
    std::string repr() const override { return "<bound method>"; }
    Value call(Renderer&, CallArgs&) const override {
      if (!next_) {
        c_->pos_ = 0;
        return Value();
      }
      Value v = c_->items_[c_->pos_];
      c_->pos_ = (c_->pos_ + 1) % c_->items_.size();
      return v;
    }

   private:
    const CyclerObject* c_;
    bool next_;
  };

  List items_;
  mutable size_t pos_ = 0;
};

// JoinerObject - joiner(sep): "" the first call, sep afterwards.
class JoinerObject : public Callable {
 public:
  explicit JoinerObject(Value sep) : sep_(std::move(sep)) {}
  std::string repr() const override { return "<Joiner>"; }
  Value call(Renderer&, CallArgs&) const override {
    if (!used_) {
      used_ = true;
      return Value("");
    }
    return sep_;
  }

 private:
  Value sep_;
  mutable bool used_ = false;
};

// Builtin - a global function.
class Builtin : public Callable {
 public:
  using Fn = Value (*)(Renderer&, CallArgs&);
  Builtin(std::string name, Fn fn) : name_(std::move(name)), fn_(fn) {}
  std::string repr() const override {
    return "<built-in function " + name_ + ">";
  }
  Value call(Renderer& r, CallArgs& args) const override {
    return fn_(r, args);
  }

 private:
  std::string name_;
  Fn fn_;
};

int64_t int_arg(const Value& v) {
  if (!v.is_int() && !v.is_bool()) {
    raise(fmt::format("'{}' object cannot be interpreted as an integer",
                      v.type_name()));
  }
  return v.as_int();
}

Value builtin_range(Renderer& r, CallArgs& args) {
  if (args.args.empty() || args.args.size() > 3) {
    raise("range expected at least 1 argument");
  }
  int64_t start = 0, stop = 0, step = 1;
  if (args.args.size() == 1) {
    stop = int_arg(args.args[0]);
  } else {
    start = int_arg(args.args[0]);
    stop = int_arg(args.args[1]);
    if (args.args.size() == 3) step = int_arg(args.args[2]);
  }
  if (step == 0) raise("range() arg 3 must not be zero");
  List out;
  for (int64_t i = start; step > 0 ? i < stop : i > stop; i += step) {
    r.count_iterations(1);
    out.push_back(Value(i));
  }
  return Value(std::move(out));
}

Value builtin_dict(Renderer&, CallArgs& args) {
  Dict d;
  if (!args.args.empty() && args.args[0].is_dict()) d = args.args[0].as_dict();
  for (auto& [k, v] : args.kwargs) d.set(k, v);
  return Value(std::move(d));
}

Value builtin_namespace(Renderer&, CallArgs& args) {
  auto ns = std::make_shared<NamespaceObject>();
  Dict d;
  if (!args.args.empty() && args.args[0].is_dict()) d = args.args[0].as_dict();
  for (auto& [k, v] : args.kwargs) d.set(k, v);
  ns->attrs_ = Value(std::move(d));
  return Value(std::static_pointer_cast<const Callable>(ns));
}

Value builtin_cycler(Renderer&, CallArgs& args) {
  if (args.args.empty()) raise("at least one item has to be provided");
  return Value(std::static_pointer_cast<const Callable>(
      std::make_shared<CyclerObject>(args.args)));
}

Value builtin_joiner(Renderer&, CallArgs& args) {
  return Value(std::static_pointer_cast<const Callable>(
      std::make_shared<JoinerObject>(args.get(0, "sep", Value(", ")))));
}

}  // namespace

bool global_value(std::string_view name, Value* out) {
  static const struct {
    const char* name;
    Builtin::Fn fn;
  } kGlobals[] = {{"range", builtin_range},
                  {"dict", builtin_dict},
                  {"namespace", builtin_namespace},
                  {"cycler", builtin_cycler},
                  {"joiner", builtin_joiner}};
  for (const auto& g : kGlobals) {
    if (name == g.name) {
      *out = Value(std::static_pointer_cast<const Callable>(
          std::make_shared<Builtin>(g.name, g.fn)));
      return true;
    }
  }
  return false;
}

// stored_name - the stored variable a name expression reads; null for
// anything else, for super() inside a block, and for a name not set
// (eval_inner() makes or raises those).
const Value* Renderer::stored_name(const Expr& e) {
  if (e.kind != ExprKind::kName) return nullptr;
  if (e.is_super && !block_name_.empty()) return nullptr;
  return lookup_ref(e.name);
}

Value Renderer::eval(const Expr& e) {
  // Reads of stored values first: they raise nothing of their own.
  switch (e.kind) {
    case ExprKind::kLiteral: return e.literal;
    case ExprKind::kName:
      if (const Value* v = stored_name(e)) return *v;
      break;
    case ExprKind::kGetAttr: {
      Value tmp;
      const Value& v = eval_attr_ref(e, tmp);
      return &v == &tmp ? std::move(tmp) : v;
    }
    default: break;
  }
  try {
    return eval_inner(e);
  } catch (const PyError& err) {
    fail(e.line, e.col, err.message);
  }
}

const Value& Renderer::eval_ref(const Expr& e, Value& tmp) {
  switch (e.kind) {
    case ExprKind::kLiteral: return e.literal;
    case ExprKind::kName:
      if (const Value* v = stored_name(e)) return *v;
      break;
    case ExprKind::kGetAttr: return eval_attr_ref(e, tmp);
    case ExprKind::kCall:
    case ExprKind::kFilter:
      // Calls and filters straight away (eval() would only dispatch).
      try {
        tmp = e.kind == ExprKind::kCall ? eval_call(e) : eval_filter(e);
      } catch (const PyError& err) {
        fail(e.line, e.col, err.message);
      }
      return tmp;
    default: break;
  }
  tmp = eval(e);
  return tmp;
}

const Value& Renderer::eval_attr_ref(const Expr& e, Value& tmp) {
  // name.attr, the usual form, looks the name up directly.
  const Expr& base = *e.a;
  const Value* stored = stored_name(base);
  Value base_tmp;
  const Value& obj = stored ? *stored : eval_ref(base, base_tmp);
  try {
    // An item of a stored dict is returned in place; one of a dict made
    // by the expression is copied out before that dict goes away.
    if (obj.is_dict() && !e.maybe_method) {
      if (const Value* v = obj.as_dict().find(e.name)) {
        if (&obj != &base_tmp) return *v;
        tmp = *v;
        return tmp;
      }
    }
    // loop.index and the like: the object answers into tmp directly.
    if (obj.is_callable() && obj.as_callable().get_attr(e.name, &tmp)) {
      return tmp;
    }
    tmp = getattr(obj, e.name);
  } catch (const PyError& err) {
    fail(e.line, e.col, err.message);
  }
  return tmp;
}

const Value* Renderer::lookup_ref(std::string_view name) {
  for (Scope* s = scope_; s != nullptr; s = s->parent) {
    if (Value* v = s->find_local(name)) return v;
  }
  return ctx_.find(name);
}

Value Renderer::lookup(std::string_view name) {
  if (const Value* v = lookup_ref(name)) return *v;
  Value g;
  if (global_value(name, &g)) return g;
  return Value::undefined(fmt::format("'{}' is undefined", name));
}

Value Renderer::eval_name(const Expr& e) {
  if (e.is_super && !block_name_.empty()) {
    return Value(std::static_pointer_cast<const Callable>(
        std::make_shared<SuperObject>(block_name_, block_level_ + 1)));
  }
  return lookup(e.name);
}

void Renderer::eval_args(const Expr& e, CallArgs* args) {
  for (const ExprPtr& a : e.items) {
    if (a->kind == ExprKind::kLiteral) {
      args->args.push_back(a->literal);
    } else {
      args->args.push_back(eval(*a));
    }
  }
  for (const auto& [k, v] : e.kwargs) args->kwargs.emplace_back(k, eval(*v));
}

Value Renderer::call(const Value& callee, CallArgs& args) {
  if (callee.is_callable()) return callee.as_callable().call(*this, args);
  if (callee.is_undefined()) raise(callee.undefined_message());
  raise(fmt::format("'{}' object is not callable", callee.type_name()));
}

void Renderer::grow_args_pool() {
  args_pool_.push_back(std::make_unique<CallArgs>());
}

Value Renderer::eval_call(const Expr& e) {
  const Expr& callee = *e.a;
  ArgsLease args(*this);
  if (callee.kind == ExprKind::kGetAttr) {
    // The object is read in place unless an argument could mutate it.
    Value tmp;
    const Value& obj =
        e.args_read_only ? eval_ref(*callee.a, tmp) : (tmp = eval(*callee.a));
    eval_args(e, &*args);
    if (obj.is_undefined()) raise(obj.undefined_message());
    Value out;
    if (obj.is_callable()
            ? obj.as_callable().call_attr(*this, callee.name, *args, &out)
            : call_method(*this, obj, callee.name, *args, &out)) {
      return out;
    }
    return call(getattr(obj, callee.name), *args);
  }
  Value fn = eval(callee);
  eval_args(e, &*args);
  return call(fn, *args);
}

Value Renderer::eval_filter(const Expr& e) {
  Value tmp;
  const Value& in = e.args_read_only ? eval_ref(*e.a, tmp) : (tmp = eval(*e.a));
  ArgsLease args(*this);
  eval_args(e, &*args);
  if (!e.args_fit) check_args(e.name, e.params, *args);
  return e.filter(*this, in, *args);
}

std::string& Renderer::acquire_text() {
  if (text_used_ == text_pool_.size()) {
    text_pool_.push_back(std::make_unique<std::string>());
  }
  std::string& t = *text_pool_[text_used_++];
  t.clear();
  return t;
}

void Renderer::release_text() { --text_used_; }

void Renderer::print_filtered(const Expr& e) {
  bool safe = false;
  filter_into(e, *out_, &safe);
  check_output_size();
}

void Renderer::filter_into(const Expr& e, std::string& out, bool* safe) {
  // The input: a chained printer filter writes into scratch text that is
  // read in place; anything else is evaluated as usual.
  const Expr& input = *e.a;
  bool chained = input.kind == ExprKind::kFilter && input.printer != nullptr &&
                 input.text_result;
  std::optional<TextLease> text;
  bool text_safe = false;
  Value tmp;
  const Value* in = &tmp;
  if (chained) {
    text.emplace(*this);
    filter_into(input, **text, &text_safe);
    tmp = Value::borrowed_string(**text, text_safe);
  } else if (e.args_read_only) {
    in = &eval_ref(input, tmp);
  } else {
    tmp = eval(input);
  }

  ArgsLease args(*this);
  eval_args(e, &*args);
  try {
    if (!e.args_fit) check_args(e.name, e.params, *args);
    if (e.printer(*this, *in, *args, out, safe)) return;

    // The filter itself, on an owned copy of scratch text.
    Value owned = chained ? (text_safe ? Value::safe_string(**text)
                                       : Value(std::string(**text)))
                          : *in;
    Value result = e.filter(*this, owned, *args);
    *safe = result.is_safe();
    result.append_str(out);
  } catch (const PyError& err) {
    fail(e.line, e.col, err.message);
  }
}

Value apply_filter_chain(Renderer& r, const Expr& e, const Value& input) {
  Value in = e.a ? apply_filter_chain(r, *e.a, input) : input;
  ArgsLease args(r);
  r.eval_args(e, &*args);
  try {
    if (!e.args_fit) check_args(e.name, e.params, *args);
    return e.filter(r, in, *args);
  } catch (const PyError& err) {
    r.fail(e.line, e.col, err.message);
  }
}

Value Renderer::eval_compare(const Expr& e) {
  Value left = eval(*e.items[0]);
  for (size_t i = 0; i < e.cmp.size(); ++i) {
    Value right = eval(*e.items[i + 1]);
    bool ok = false;
    switch (e.cmp[i]) {
      case CmpOp::kEq: ok = py_equal(left, right); break;
      case CmpOp::kNe: ok = !py_equal(left, right); break;
      case CmpOp::kLt: ok = py_compare(left, right) < 0; break;
      case CmpOp::kLe: ok = py_compare(left, right) <= 0; break;
      case CmpOp::kGt: ok = py_compare(left, right) > 0; break;
      case CmpOp::kGe: ok = py_compare(left, right) >= 0; break;
      case CmpOp::kIn: ok = py_contains(right, left); break;
      case CmpOp::kNotIn: ok = !py_contains(right, left); break;
    }
    if (!ok) return Value(false);
    left = std::move(right);
  }
  return Value(true);
}

namespace {

// positive - unary plus.
Value positive(const Value& v) {
  if (v.is_bool()) return Value(v.as_int());
  if (!v.is_number() && !v.is_timedelta()) {
    raise(fmt::format("bad operand type for unary +: '{}'", v.type_name()));
  }
  return v;
}

}  // namespace

Value Renderer::eval_collection(const Expr& e) {
  if (e.kind == ExprKind::kDict) {
    Dict d;
    for (size_t i = 0; i + 1 < e.items.size(); i += 2) {
      Value k = eval(*e.items[i]);
      d.set(k.str(), eval(*e.items[i + 1]));
    }
    return Value(std::move(d));
  }
  List items;
  items.reserve(e.items.size());
  for (const ExprPtr& i : e.items) items.push_back(eval(*i));
  return e.kind == ExprKind::kList ? Value(std::move(items))
                                   : Value::tuple(std::move(items));
}

Value Renderer::eval_concat(const Expr& e) {
  std::vector<Value> parts;
  bool any_safe = false;
  for (const ExprPtr& p : e.items) {
    parts.push_back(eval(*p));
    any_safe = any_safe || parts.back().is_safe();
  }
  // With autoescape, joining a Markup escapes the plain parts.
  std::string out;
  bool escape = autoescape_ && any_safe;
  for (const Value& p : parts) {
    if (escape && !p.is_safe()) {
      out += escape_html(p.str());
    } else {
      p.append_str(out);
    }
  }
  return escape ? Value::safe_string(std::move(out)) : Value(std::move(out));
}

Value Renderer::eval_inner(const Expr& e) {
  switch (e.kind) {
    case ExprKind::kLiteral: return e.literal;
    case ExprKind::kName: return eval_name(e);
    case ExprKind::kList:
    case ExprKind::kTuple:
    case ExprKind::kDict: return eval_collection(e);
    case ExprKind::kGetAttr: {
      Value tmp;
      const Value& v = eval_attr_ref(e, tmp);
      return &v == &tmp ? std::move(tmp) : v;
    }
    case ExprKind::kGetItem: {
      Value obj = eval(*e.a);
      if (e.b->kind == ExprKind::kSlice) return eval_slice(obj, *e.b);
      return getitem(obj, eval(*e.b));
    }
    case ExprKind::kSlice: raise("a slice is only valid inside []");
    case ExprKind::kCall: return eval_call(e);
    case ExprKind::kFilter: return eval_filter(e);
    case ExprKind::kTest: {
      Value v = eval(*e.a);
      ArgsLease args(*this);
      eval_args(e, &*args);
      bool r = e.test(*this, v, *args);
      return Value(e.negate ? !r : r);
    }
    case ExprKind::kNeg: return negate(eval(*e.a));
    case ExprKind::kPos: return positive(eval(*e.a));
    case ExprKind::kNot: return Value(!eval(*e.a).truthy());
    case ExprKind::kBinary: {
      // Both operands in place when the right one only reads (it then
      // cannot change what the left one refers to).
      Value ta, tb;
      if (reads_only(*e.b)) {
        const Value& a = eval_ref(*e.a, ta);
        return binary_op(e.op, a, eval_ref(*e.b, tb));
      }
      ta = eval(*e.a);
      return binary_op(e.op, ta, eval_ref(*e.b, tb));
    }
    case ExprKind::kAnd: {
      Value a = eval(*e.a);
      return a.truthy() ? eval(*e.b) : a;
    }
    case ExprKind::kOr: {
      Value a = eval(*e.a);
      return a.truthy() ? a : eval(*e.b);
    }
    case ExprKind::kCompare: return eval_compare(e);
    case ExprKind::kCond:
      if (eval(*e.b).truthy()) return eval(*e.a);
      if (e.c) return eval(*e.c);
      return Value::undefined(fmt::format(
          "the inline if-expression on line {} evaluated to false and no "
          "else section was defined.",
          e.line));
    case ExprKind::kConcat: return eval_concat(e);
  }
  return Value();
}

}  // namespace tattler::jinja
