// renderer.hpp - the tree-walking renderer of one render() call, and the
// helpers that filters, tests and methods share with it: errors, call
// arguments, callables, Python operators and attribute lookup.
//
// Inside the engine, failures are thrown (PyError: a Python-like message
// without position; RenderError: the final, positioned message) and caught
// by render(), which turns them into a Result: no exception leaves the
// engine.
//
// Limits: one Renderer per render() call, not reused; names are looked up
// by string in a chain of small scopes.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

#include "templates/jinja/ast.hpp"
#include "templates/jinja/engine.hpp"
#include "templates/jinja/value.hpp"

namespace tattler::jinja {

// PyError - what Python would raise, without a position; the renderer adds
// the template name, line and column of the expression being evaluated.
struct PyError {
  std::string message;
};

// RenderError - a finished, positioned error message.
struct RenderError {
  std::string message;
};

// raise - throw a PyError with `message`.
[[noreturn]] void raise(std::string message);

struct CallArgs {
  std::vector<Value> args;
  std::vector<std::pair<std::string, Value>> kwargs;

  // arg - positional argument `pos`, else keyword `name`, else nullptr.
  const Value* arg(size_t pos, std::string_view name) const {
    if (pos < args.size()) return &args[pos];
    if (kwargs.empty()) return nullptr;
    return kwarg(name);
  }
  // kwarg - keyword argument `name`, or nullptr.
  const Value* kwarg(std::string_view name) const;
  // get - like arg(), with a default.
  Value get(size_t pos, std::string_view name, Value def) const;
};

// Callable - macros, loop objects, namespaces, builtins: anything a
// template can call or read attributes from besides plain data.
class Callable {
 public:
  virtual ~Callable() = default;
  // repr - how str() prints it.
  virtual std::string repr() const = 0;
  // call - obj(args); the default raises "... is not callable".
  virtual Value call(Renderer& r, CallArgs& args) const;
  // get_attr - obj.name; false when there is no such attribute.
  virtual bool get_attr(std::string_view name, Value* out) const;
  // call_attr - obj.name(args) in one step, for objects whose methods are
  // called in loops (loop.cycle); false: get_attr() and call() instead.
  virtual bool call_attr(Renderer& r, std::string_view name, CallArgs& args,
                         Value* out) const;
  // set_attr - obj.name = value (namespaces only); false if refused.
  virtual bool set_attr(std::string_view name, const Value& value) const;
};

// Scope - the variables of one frame (template top level, loop body,
// macro call, with block), chained to the frame it sees through.
struct Scope {
  Scope* parent = nullptr;
  std::vector<std::pair<std::string, Value>> vars;

  // find_local - this frame's variable, or nullptr.
  Value* find_local(std::string_view name) {
    for (auto& [k, v] : vars) {
      if (same_text(k, name)) return &v;
    }
    return nullptr;
  }
  // set - assign in this frame.
  void set(std::string_view name, Value value);
};

class Renderer {
 public:
  Renderer(const Template& top, const Dict& context);

  // run - render the top template; throws RenderError.
  std::string run();

  // eval - the value of an expression (throws RenderError).
  Value eval(const Expr& e);
  // eval_ref - the value of `e` without a copy when it is stored (a
  // literal, a variable, an attribute of a stored dict), else evaluated
  // into `tmp`. The reference is valid until the next evaluation (which
  // could mutate the dict it points into).
  const Value& eval_ref(const Expr& e, Value& tmp);

  // call - callee(args).
  Value call(const Value& callee, CallArgs& args);
  // getattr / getitem - Jinja's obj.name and obj[key].
  Value getattr(const Value& obj, std::string_view name);
  Value getitem(const Value& obj, const Value& key);
  // getitem_str - obj[key] for a string key, without making a Value.
  Value getitem_str(const Value& obj, std::string_view key);
  // filter / test by name at run time (map, select, ...).
  Value apply_filter(std::string_view name, const Value& v, CallArgs& args);
  bool apply_test(std::string_view name, const Value& v, CallArgs& args);

  // iterate - the items a for loop over `v` sees (keys of a dict,
  // characters of a string); raises for non-iterables.
  List iterate(const Value& v);

  bool autoescape() const { return autoescape_; }
  const Options& options() const { return opts_; }

  // count_iterations - charge `n` loop iterations (or items produced by
  // range and friends) against the limit.
  void count_iterations(int64_t n);

  // enter / leave - nesting of macro calls, includes and templates.
  void enter();
  void leave() { --depth_; }

  // capture - render `body` in a new scope under `parent`, as a string.
  std::string capture(const Body& body, Scope* parent);
  // capture_with - render `body` in the given scope.
  std::string capture_in(const Body& body, Scope* scope);

  // render_block_at - the output of block `name` at chain level `level`.
  std::string render_block_at(const std::string& name, size_t level);
  // has_block_level - whether block `name` has a level `level`.
  bool has_block_level(const std::string& name, size_t level) const;

  // capture_loop - a recursive loop's output for `iterable` at `depth`.
  std::string capture_loop(const Stmt& s, const Value& iterable, int depth);

  // swap_scope / swap_template - make `s` current; answer the previous.
  Scope* swap_scope(Scope* s) {
    std::swap(s, scope_);
    return s;
  }
  const TemplateImpl* swap_template(const TemplateImpl* t) {
    std::swap(t, tmpl_);
    return t;
  }
  // lookup - a variable as templates see it (undefined when absent).
  Value lookup(std::string_view name);
  // lookup_ref - the stored variable, or nullptr (no copy: hot path).
  const Value* lookup_ref(std::string_view name);

  // stored_name - the stored variable a name expression reads, or nullptr
  // (not a name, super() in a block, or not set).
  const Value* stored_name(const Expr& e);
  // eval_args - the evaluated arguments of a call, filter or test node.
  void eval_args(const Expr& e, CallArgs* args);
  // acquire_args / release_args - a cleared CallArgs from the render's
  // pool (calls nest, so the pool is a stack); ArgsLease pairs them.
  CallArgs& acquire_args() {
    if (args_used_ == args_pool_.size()) grow_args_pool();
    return *args_pool_[args_used_++];
  }
  void release_args() {
    CallArgs& a = *args_pool_[--args_used_];
    a.args.clear();
    a.kwargs.clear();
  }
  void grow_args_pool();
  // acquire_text / release_text - a cleared scratch string from the
  // render's pool, for chained printers; TextLease pairs them.
  std::string& acquire_text();
  void release_text();
  // fail - throw a RenderError at line:col of the current template.
  [[noreturn]] void fail(int line, int col, const std::string& what) const;

  Scope* root() { return &root_; }
  Scope* scope() { return scope_; }
  const TemplateImpl* current_template() const { return tmpl_; }

  // finish - wrap captured output as a Markup when autoescaping.
  Value finish(std::string s) const;

 private:
  // Statements (renderer.cpp).
  void exec(const Body& body);
  void exec_stmt(const Stmt& s);
  void exec_for(const Stmt& s);
  void exec_set(const Stmt& s);
  void exec_block(const Stmt& s);
  void exec_extends(const Stmt& s);
  void exec_include(const Stmt& s);
  void exec_call_block(const Stmt& s);
  void exec_with(const Stmt& s);
  void render_template(const TemplateImpl& t);
  void assign(const Target& target, const Value& v, Scope* scope);
  // write / check_output_size - every statement writes: inline.
  void write(std::string_view s) {
    if (suppress_) return;
    out_->append(s.data(), s.size());
    check_output_size();
  }
  void check_output_size() const {
    if (out_->size() > opts_.max_output_bytes) output_too_large();
  }
  [[noreturn]] void output_too_large() const;
  void print_value(const Value& v);
  void print_filtered(const Expr& e);
  void filter_into(const Expr& e, std::string& out, bool* safe);
  const TemplateImpl& resolve_template(const Value& v, const Stmt& at,
                                       TemplatePtr* keep);
  void run_loop(const Stmt& s, const Value& iterable, int depth);
  void run_block(const std::string& name, size_t level, Scope* parent);

  // Expressions (eval.cpp).
  Value eval_inner(const Expr& e);
  const Value& eval_attr_ref(const Expr& e, Value& tmp);
  Value eval_name(const Expr& e);
  Value eval_call(const Expr& e);
  Value eval_filter(const Expr& e);
  Value eval_compare(const Expr& e);
  Value eval_collection(const Expr& e);
  Value eval_concat(const Expr& e);
  Value eval_slice(const Value& obj, const Expr& slice);

  const Options& opts_;
  const Dict& ctx_;
  const TemplateImpl* top_;
  const TemplateImpl* tmpl_;
  std::string output_;
  std::string* out_ = &output_;
  Scope root_;
  Scope* scope_ = &root_;
  int depth_ = 0;
  int64_t iterations_ = 0;
  bool autoescape_ = false;
  // After {% extends %}: top-level output of the child is dropped.
  bool suppress_ = false;
  const TemplateImpl* parent_ = nullptr;
  TemplatePtr parent_keep_;
  // The inheritance chain of each block, most derived first.
  std::unordered_map<std::string,
                     std::vector<std::pair<const Stmt*, const TemplateImpl*>>>
      blocks_;
  // The block being rendered and its level (for super()).
  std::string block_name_;
  size_t block_level_ = 0;
  std::vector<TemplatePtr> keep_alive_;
  // Argument lists reused by every call of the render: a filter call in a
  // loop allocates nothing once the pool is as deep as the nesting.
  std::vector<std::unique_ptr<CallArgs>> args_pool_;
  size_t args_used_ = 0;
  // Scratch texts of chained filters ({{ x|e|truncate(9) }}), reused.
  std::vector<std::unique_ptr<std::string>> text_pool_;
  size_t text_used_ = 0;
};

// TextLease - a scratch string borrowed from the renderer.
class TextLease {
 public:
  explicit TextLease(Renderer& r) : r_(r), text_(r.acquire_text()) {}
  ~TextLease() { r_.release_text(); }
  TextLease(const TextLease&) = delete;
  TextLease& operator=(const TextLease&) = delete;
  std::string& operator*() { return text_; }

 private:
  Renderer& r_;
  std::string& text_;
};

// ArgsLease - a CallArgs borrowed from the renderer for one call.
class ArgsLease {
 public:
  explicit ArgsLease(Renderer& r) : r_(r), args_(r.acquire_args()) {}
  ~ArgsLease() { r_.release_args(); }
  ArgsLease(const ArgsLease&) = delete;
  ArgsLease& operator=(const ArgsLease&) = delete;
  CallArgs& operator*() { return args_; }
  CallArgs* operator->() { return &args_; }

 private:
  Renderer& r_;
  CallArgs& args_;
};

// apply_filter_chain - a filter block's chain applied to `input`.
Value apply_filter_chain(Renderer& r, const Expr& e, const Value& input);

// Python operators (ops.cpp).
Value binary_op(BinOp op, const Value& a, const Value& b);
Value negate(const Value& a);
bool py_equal(const Value& a, const Value& b);
// py_compare - -1/0/1; raises TypeError's text when unordered.
int py_compare(const Value& a, const Value& b);
bool py_contains(const Value& container, const Value& item);
// py_len - len(v); raises for values without one.
int64_t py_len(const Value& v);
// escape_html - markupsafe.escape of a string.
std::string escape_html(std::string_view s);
// append_escaped - escape_html(s) appended to `out`.
void append_escaped(std::string& out, std::string_view s);
// object_type_repr - "dict object", "None", as Jinja's messages say.
std::string object_type_repr(const Value& v);

// call_method - obj.name(args) for str, list, dict, datetime values;
// false when `obj` has no such method (methods.cpp).
bool call_method(Renderer& r, const Value& obj, std::string_view name,
                 CallArgs& args, Value* out);
// has_method - whether obj.name is a method (for obj.name without a call).
bool has_method(const Value& obj, std::string_view name);
// is_method_name - whether `name` is a method of any kind of value.
bool is_method_name(std::string_view name);

// make_bound_method - a callable for obj.name used as a value.
Value make_bound_method(const Value& obj, std::string_view name);

// global_value - range, dict, namespace, cycler, joiner; false if unknown.
bool global_value(std::string_view name, Value* out);

}  // namespace tattler::jinja
