// renderer.cpp - statements: output, if, for (the loop object is
// loop_object.hpp), set, blocks and template inheritance, include, macro
// and call blocks (the callables are macros.hpp), filter and with blocks.
//
// A for loop keeps one frame for all its iterations, emptied at each one
// of what the body set (as Jinja2 scopes it), its variable kept in place.
//
// Limits: `import`/`from` are refused.

#include "templates/jinja/renderer.hpp"

#include "templates/jinja/loop_object.hpp"
#include "templates/jinja/macros.hpp"

#include <algorithm>

#include "fmt/format.h"

namespace tattler::jinja {

void raise(std::string message) { throw PyError{std::move(message)}; }

const Value* CallArgs::kwarg(std::string_view name) const {
  for (const auto& [k, v] : kwargs) {
    if (k == name) return &v;
  }
  return nullptr;
}

Value CallArgs::get(size_t pos, std::string_view name, Value def) const {
  const Value* v = arg(pos, name);
  return v ? *v : def;
}

Value Callable::call(Renderer&, CallArgs&) const {
  raise("'" + repr() + "' object is not callable");
}

bool Callable::get_attr(std::string_view, Value*) const { return false; }

bool Callable::call_attr(Renderer&, std::string_view, CallArgs&,
                         Value*) const {
  return false;
}

bool Callable::set_attr(std::string_view, const Value&) const {
  return false;
}

void Scope::set(std::string_view name, Value value) {
  if (Value* v = find_local(name)) {
    *v = std::move(value);
    return;
  }
  vars.emplace_back(std::string(name), std::move(value));
}

Renderer::Renderer(const Template& top, const Dict& context)
    : opts_(top.options()),
      ctx_(context),
      top_(&top.impl()),
      tmpl_(top_),
      autoescape_(opts_.autoescape) {}

std::string Renderer::run() {
  // At most 1 MiB ahead: one huge output must not make every later
  // render reserve as much.
  constexpr size_t kMaxReserve = 1u << 20;
  output_.reserve(std::min(
      top_->output_size_hint.load(std::memory_order_relaxed), kMaxReserve));
  render_template(*top_);
  top_->output_size_hint.store(output_.size(), std::memory_order_relaxed);
  return std::move(output_);
}

void Renderer::fail(int line, int col, const std::string& what) const {
  throw RenderError{fmt::format("{}:{}:{}: {}", tmpl_->name, line, col, what)};
}

void Renderer::enter() {
  if (++depth_ > opts_.max_depth) {
    raise(fmt::format("maximum nesting depth of {} exceeded (recursive "
                      "macro, include or extends?)",
                      opts_.max_depth));
  }
}

void Renderer::count_iterations(int64_t n) {
  iterations_ += n;
  if (iterations_ > opts_.max_loop_iterations) {
    raise(fmt::format("more than {} loop iterations",
                      opts_.max_loop_iterations));
  }
}

Value Renderer::finish(std::string s) const {
  return autoescape_ ? Value::safe_string(std::move(s)) : Value(std::move(s));
}

void Renderer::print_value(const Value& v) {
  if (suppress_) return;
  if (autoescape_ && !v.is_safe()) {
    write(escape_html(v.str()));
    return;
  }
  if (v.is_string()) {
    write(v.as_string());
    return;
  }
  v.append_str(*out_);
  check_output_size();
}

void Renderer::output_too_large() const {
  raise(fmt::format("output exceeds the limit of {} bytes",
                    opts_.max_output_bytes));
}

std::string Renderer::capture_in(const Body& body, Scope* scope) {
  std::string buf;
  std::string* saved_out = out_;
  Scope* saved_scope = scope_;
  bool saved_suppress = suppress_;
  out_ = &buf;
  scope_ = scope;
  suppress_ = false;
  exec(body);
  out_ = saved_out;
  scope_ = saved_scope;
  suppress_ = saved_suppress;
  return buf;
}

std::string Renderer::capture(const Body& body, Scope* parent) {
  Scope frame;
  frame.parent = parent;
  return capture_in(body, &frame);
}

void Renderer::render_template(const TemplateImpl& t) {
  int saved_depth = depth_;
  enter();
  const TemplateImpl* cur = &t;
  while (true) {
    for (const auto& [name, stmt] : cur->blocks) {
      blocks_[name].push_back({stmt, cur});
    }
    tmpl_ = cur;
    parent_ = nullptr;
    suppress_ = false;
    exec(cur->body);
    if (parent_ == nullptr) break;
    cur = parent_;
    enter();
  }
  depth_ = saved_depth;
}

void Renderer::exec(const Body& body) {
  for (const StmtPtr& s : body) exec_stmt(*s);
}

void Renderer::exec_stmt(const Stmt& s) {
  try {
    switch (s.kind) {
      case StmtKind::kData: write(s.text); return;
      case StmtKind::kPrint: {
        const Expr& e = *s.expr;
        if (e.printer != nullptr && !autoescape_ && !suppress_) {
          return print_filtered(e);
        }
        Value tmp;
        print_value(eval_ref(e, tmp));
        return;
      }
      case StmtKind::kIf:
        return exec(eval(*s.expr).truthy() ? s.body : s.else_body);
      case StmtKind::kFor: return run_loop(s, eval(*s.expr), 1);
      case StmtKind::kSet: return assign(s.target, eval(*s.expr), scope_);
      case StmtKind::kSetBlock: return exec_set(s);
      case StmtKind::kBlock: return exec_block(s);
      case StmtKind::kExtends: return exec_extends(s);
      case StmtKind::kInclude: return exec_include(s);
      case StmtKind::kMacro:
        scope_->set(s.text, make_macro(s, tmpl_));
        return;
      case StmtKind::kCallBlock: return exec_call_block(s);
      case StmtKind::kFilterBlock: {
        Value in = finish(capture(s.body, scope_));
        return print_value(apply_filter_chain(*this, *s.expr, in));
      }
      case StmtKind::kWith: return exec_with(s);
      case StmtKind::kAutoescape: {
        bool saved = autoescape_;
        autoescape_ = eval(*s.expr).truthy();
        exec(s.body);
        autoescape_ = saved;
        return;
      }
    }
  } catch (const PyError& e) {
    fail(s.line, s.col, e.message);
  }
}

void Renderer::run_loop(const Stmt& s, const Value& iterable, int depth) {
  // A list is walked live, by index, as Python does: the body may append
  // to it (the iteration limit bounds that), so no element reference is
  // kept across the body.
  Value holder = iterable.is_list() ? iterable : Value(iterate(iterable));
  if (s.cond) {
    List kept;
    Scope probe;
    probe.parent = scope_;
    Scope* saved = swap_scope(&probe);
    const List& all = holder.as_list();
    for (size_t i = 0; i < all.size(); ++i) {
      count_iterations(1);
      Value item = all[i];
      assign(s.target, item, &probe);
      if (eval(*s.cond).truthy()) kept.push_back(std::move(item));
    }
    swap_scope(saved);
    holder = Value(std::move(kept));
  }
  const List& items = holder.as_list();
  if (items.empty()) return exec(s.else_body);

  Scope frame;
  frame.parent = scope_;
  auto loop = std::make_shared<LoopObject>(&items, depth,
                                           s.recursive ? &s : nullptr);
  frame.set("loop", Value(std::static_pointer_cast<const Callable>(loop)));
  Scope* saved = swap_scope(&frame);
  // A single-name target keeps its slot after `loop`: each iteration only
  // replaces its value.
  const Target& t = s.target;
  bool plain = !t.is_tuple && t.attr.empty() && t.name != "loop";
  if (plain) frame.vars.emplace_back(t.name, Value());
  size_t kept = frame.vars.size();
  for (size_t i = 0; i < items.size(); ++i) {
    count_iterations(1);
    loop->index0_ = static_cast<int64_t>(i);
    // Each iteration starts from the outer values: what the previous one
    // assigned with {% set %} is forgotten, as in Jinja2.
    frame.vars.resize(kept);
    if (plain) {
      frame.vars[1].second = items[i];
    } else {
      Value item = items[i];
      assign(t, item, &frame);
    }
    exec(s.body);
  }
  swap_scope(saved);
}

std::string Renderer::capture_loop(const Stmt& s, const Value& iterable,
                                   int depth) {
  enter();
  std::string buf;
  std::string* saved = out_;
  out_ = &buf;
  run_loop(s, iterable, depth);
  out_ = saved;
  leave();
  return buf;
}

void Renderer::assign(const Target& t, const Value& v, Scope* scope) {
  if (!t.is_tuple) {
    if (t.attr.empty()) return scope->set(t.name, v);
    Value ns = lookup(t.name);
    if (!ns.is_callable() || !ns.as_callable().set_attr(t.attr, v)) {
      raise("cannot assign attribute on non-namespace object");
    }
    return;
  }
  List items = iterate(v);
  if (items.size() != t.items.size()) {
    if (items.size() > t.items.size()) {
      raise(fmt::format("too many values to unpack (expected {})",
                        t.items.size()));
    }
    raise(fmt::format("not enough values to unpack (expected {}, got {})",
                      t.items.size(), items.size()));
  }
  for (size_t i = 0; i < items.size(); ++i) assign(t.items[i], items[i], scope);
}

void Renderer::exec_set(const Stmt& s) {
  Value v = finish(capture(s.body, scope_));
  if (s.expr) v = apply_filter_chain(*this, *s.expr, v);
  assign(s.target, v, scope_);
}

void Renderer::run_block(const std::string& name, size_t level,
                         Scope* parent) {
  const auto& chain = blocks_.at(name);
  const auto& [stmt, owner] = chain[level];
  std::string saved_name = block_name_;
  size_t saved_level = block_level_;
  const TemplateImpl* saved_tmpl = swap_template(owner);
  block_name_ = name;
  block_level_ = level;
  Scope frame;
  frame.parent = stmt->scoped ? parent : &root_;
  Scope* saved_scope = swap_scope(&frame);
  exec(stmt->body);
  swap_scope(saved_scope);
  swap_template(saved_tmpl);
  block_name_ = saved_name;
  block_level_ = saved_level;
}

void Renderer::exec_block(const Stmt& s) {
  if (suppress_) return;
  run_block(s.text, 0, scope_);
}

bool Renderer::has_block_level(const std::string& name, size_t level) const {
  auto it = blocks_.find(name);
  return it != blocks_.end() && level < it->second.size();
}

std::string Renderer::render_block_at(const std::string& name, size_t level) {
  std::string buf;
  std::string* saved = out_;
  bool saved_suppress = suppress_;
  out_ = &buf;
  suppress_ = false;
  run_block(name, level, scope_);
  out_ = saved;
  suppress_ = saved_suppress;
  return buf;
}

const TemplateImpl& Renderer::resolve_template(const Value& v, const Stmt& at,
                                               TemplatePtr* keep) {
  if (v.is_template()) {
    *keep = v.as_template();
    return (*keep)->impl();
  }
  if (v.is_undefined()) raise(v.undefined_message());
  if (!v.is_string()) {
    raise(fmt::format("a template name must be a string or a template, not "
                      "'{}'",
                      v.type_name()));
  }
  if (!opts_.loader) {
    fail(at.line, at.col, fmt::format("template '{}' not found", v.str()));
  }
  auto loaded = opts_.loader(v.as_string());
  if (!loaded.ok()) fail(at.line, at.col, loaded.error());
  *keep = loaded.value();
  if (!*keep) fail(at.line, at.col, "template not found: " + v.str());
  return (*keep)->impl();
}

void Renderer::exec_extends(const Stmt& s) {
  if (parent_ != nullptr) raise("extended multiple times");
  TemplatePtr keep;
  const TemplateImpl& p = resolve_template(eval(*s.expr), s, &keep);
  keep_alive_.push_back(keep);
  parent_ = &p;
  suppress_ = true;
}

void Renderer::exec_include(const Stmt& s) {
  Value name = eval(*s.expr);
  if (s.ignore_missing && name.is_string() &&
      (!opts_.loader || !opts_.loader(name.as_string()).ok())) {
    return;
  }
  TemplatePtr keep;
  const TemplateImpl& t = resolve_template(name, s, &keep);
  if (s.scoped) raise("import of macros from another template is not "
                      "supported");
  keep_alive_.push_back(keep);
  auto saved_blocks = std::move(blocks_);
  blocks_.clear();
  const TemplateImpl* saved_parent = parent_;
  const TemplateImpl* saved_tmpl = tmpl_;
  bool saved_suppress = suppress_;
  Scope frame;
  frame.parent = scope_;
  Scope* saved_scope = swap_scope(&frame);
  render_template(t);
  swap_scope(saved_scope);
  blocks_ = std::move(saved_blocks);
  parent_ = saved_parent;
  tmpl_ = saved_tmpl;
  suppress_ = saved_suppress;
}

void Renderer::exec_call_block(const Stmt& s) {
  const Expr& call_expr = *s.expr;
  ArgsLease args(*this);
  eval_args(call_expr, &*args);
  args->kwargs.emplace_back("caller", make_caller(s, scope_, tmpl_));
  Value callee = eval(*call_expr.a);
  print_value(call(callee, *args));
}

void Renderer::exec_with(const Stmt& s) {
  Scope frame;
  frame.parent = scope_;
  for (const auto& [target, expr] : s.assigns) {
    assign(target, eval(*expr), &frame);
  }
  Scope* saved = swap_scope(&frame);
  exec(s.body);
  swap_scope(saved);
}

}  // namespace tattler::jinja
