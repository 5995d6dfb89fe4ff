// renderer.cpp - statements: output, if, for (with the loop object), set,
// blocks and template inheritance, include, macros and call blocks, filter
// and with blocks.
//
// A for loop keeps one frame for all its iterations, emptied at each one
// of what the body set (as Jinja2 scopes it), its variable kept in place.
//
// Limits: `import`/`from` are refused.

#include "templates/jinja/renderer.hpp"

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

namespace {

// LoopObject - the `loop` variable of a for loop.
class LoopObject : public Callable,
                   public std::enable_shared_from_this<LoopObject> {
 public:
  LoopObject(const List* items, int depth, const Stmt* recursive)
      : items_(items), depth_(depth), recursive_(recursive) {}

  std::string repr() const override { return "<LoopContext>"; }

  Value call(Renderer& r, CallArgs& args) const override {
    if (recursive_ == nullptr) {
      raise("Tried to call non recursive loop.  Maybe you forgot the "
            "'recursive' modifier.");
    }
    if (args.args.empty()) raise("loop() takes exactly one argument");
    return r.finish(r.capture_loop(*recursive_, args.args[0], depth_ + 1));
  }

  // loop.cycle(...) is called once per iteration: no bound method object.
  bool call_attr(Renderer&, std::string_view n, CallArgs& args,
                 Value* out) const override {
    if (n != "cycle") return false;
    *out = CycleMethod::pick(index0_, args);
    return true;
  }

  bool get_attr(std::string_view n, Value* out) const override {
    int64_t len = static_cast<int64_t>(items_->size());
    if (n == "index") *out = Value(index0_ + 1);
    else if (n == "index0") *out = Value(index0_);
    else if (n == "revindex") *out = Value(len - index0_);
    else if (n == "revindex0") *out = Value(len - index0_ - 1);
    else if (n == "first") *out = Value(index0_ == 0);
    else if (n == "last") *out = Value(index0_ == len - 1);
    else if (n == "length") *out = Value(len);
    else if (n == "depth") *out = Value(depth_);
    else if (n == "depth0") *out = Value(depth_ - 1);
    else if (n == "previtem") {
      *out = index0_ > 0 ? (*items_)[static_cast<size_t>(index0_ - 1)]
                         : Value::undefined("there is no previous item");
    } else if (n == "nextitem") {
      *out = index0_ + 1 < len ? (*items_)[static_cast<size_t>(index0_ + 1)]
                               : Value::undefined("there is no next item");
    } else if (n == "cycle") {
      *out = Value(std::static_pointer_cast<const Callable>(
          std::make_shared<CycleMethod>(index0_)));
    } else if (n == "changed") {
      *out = Value(std::static_pointer_cast<const Callable>(
          std::make_shared<ChangedMethod>(shared_from_this())));
    } else {
      return false;
    }
    return true;
  }

  mutable int64_t index0_ = 0;

 private:
  // CycleMethod - loop.cycle(a, b, ...) bound to one iteration.
  class CycleMethod : public Callable {
   public:
    explicit CycleMethod(int64_t index0) : index0_(index0) {}
    std::string repr() const override { return "<bound method cycle>"; }
    Value call(Renderer&, CallArgs& args) const override {
      return pick(index0_, args);
    }
    static Value pick(int64_t index0, const CallArgs& args) {
      if (args.args.empty()) raise("no items for cycling given");
      return args.args[static_cast<size_t>(index0) % args.args.size()];
    }

   private:
    int64_t index0_;
  };

  // ChangedMethod - loop.changed(*values): true when they differ from
  // the previous call's.
  class ChangedMethod : public Callable {
   public:
    explicit ChangedMethod(std::shared_ptr<const LoopObject> loop)
        : loop_(std::move(loop)) {}
    std::string repr() const override { return "<bound method changed>"; }
    Value call(Renderer&, CallArgs& args) const override {
      Value now = Value::tuple(args.args);
      if (loop_->has_last_ && py_equal(loop_->last_, now)) return Value(false);
      loop_->last_ = now;
      loop_->has_last_ = true;
      return Value(true);
    }

   private:
    std::shared_ptr<const LoopObject> loop_;
  };

  mutable Value last_;
  mutable bool has_last_ = false;
  const List* items_;
  int depth_;
  const Stmt* recursive_;
};

// bind_params - the arguments of a macro or caller call into `frame`.
void bind_params(Renderer& r, const Stmt& s, const std::string& what,
                 CallArgs& args, Scope* frame) {
  const auto& params = s.params;
  Scope* saved = r.swap_scope(frame);
  for (size_t i = 0; i < params.size(); ++i) {
    const Param& p = params[i];
    const Value* v = nullptr;
    if (i < args.args.size()) {
      v = &args.args[i];
    } else {
      for (const auto& [k, kv] : args.kwargs) {
        if (k == p.name) v = &kv;
      }
    }
    if (v) {
      frame->set(p.name, *v);
    } else if (p.default_value) {
      frame->set(p.name, r.eval(*p.default_value));
    } else {
      frame->set(p.name, Value::undefined(
                             fmt::format("parameter '{}' was not provided",
                                         p.name)));
    }
  }
  r.swap_scope(saved);

  List extra;
  for (size_t i = params.size(); i < args.args.size(); ++i) {
    extra.push_back(args.args[i]);
  }
  if (!extra.empty() && !s.catch_varargs) {
    raise(fmt::format("{} takes not more than {} argument(s)", what,
                      params.size()));
  }
  if (s.catch_varargs) frame->set("varargs", Value::tuple(std::move(extra)));

  Dict extra_kw;
  for (auto& [k, v] : args.kwargs) {
    bool known = false;
    for (const Param& p : params) known = known || p.name == k;
    if (known) continue;
    if (k == "caller" && s.uses_caller) {
      frame->set("caller", v);
    } else if (s.catch_kwargs) {
      extra_kw.set(k, v);
    } else {
      raise(fmt::format("{} takes no keyword argument '{}'", what, k));
    }
  }
  if (s.catch_kwargs) frame->set("kwargs", Value(std::move(extra_kw)));
  if (s.uses_caller && !frame->find_local("caller")) {
    frame->set("caller", Value::undefined("No caller defined"));
  }
}

// MacroObject - a {% macro %} as a callable value.
class MacroObject : public Callable {
 public:
  MacroObject(const Stmt* s, const TemplateImpl* t) : stmt_(s), tmpl_(t) {}
  std::string repr() const override {
    return "<Macro '" + stmt_->text + "'>";
  }
  Value call(Renderer& r, CallArgs& args) const override {
    r.enter();
    Scope frame;
    frame.parent = r.root();
    bind_params(r, *stmt_, "macro '" + stmt_->text + "'", args, &frame);
    const TemplateImpl* saved = r.swap_template(tmpl_);
    std::string out = r.capture_in(stmt_->body, &frame);
    r.swap_template(saved);
    r.leave();
    return r.finish(std::move(out));
  }

 private:
  const Stmt* stmt_;
  const TemplateImpl* tmpl_;
};

// CallerObject - `caller` inside a macro invoked by {% call %}.
class CallerObject : public Callable {
 public:
  CallerObject(const Stmt* s, Scope* scope, const TemplateImpl* t)
      : stmt_(s), scope_(scope), tmpl_(t) {}
  std::string repr() const override { return "<Macro 'caller'>"; }
  Value call(Renderer& r, CallArgs& args) const override {
    r.enter();
    Scope frame;
    frame.parent = scope_;
    bind_params(r, *stmt_, "macro 'caller'", args, &frame);
    const TemplateImpl* saved = r.swap_template(tmpl_);
    std::string out = r.capture_in(stmt_->body, &frame);
    r.swap_template(saved);
    r.leave();
    return r.finish(std::move(out));
  }

 private:
  const Stmt* stmt_;
  Scope* scope_;
  const TemplateImpl* tmpl_;
};

}  // namespace

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
        scope_->set(s.text, Value(std::static_pointer_cast<const Callable>(
                                std::make_shared<MacroObject>(&s, tmpl_))));
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
  args->kwargs.emplace_back(
      "caller", Value(std::static_pointer_cast<const Callable>(
                    std::make_shared<CallerObject>(&s, scope_, tmpl_))));
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
