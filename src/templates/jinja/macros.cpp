// macros.cpp - macros and `caller` as callable values.
//
// Limits: see macros.hpp.
#include "templates/jinja/macros.hpp"

#include <memory>
#include <string>

#include "fmt/format.h"

namespace tattler::jinja {
namespace {

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

// make_macro - a MacroObject as a Value.
Value make_macro(const Stmt& s, const TemplateImpl* t) {
  return Value(std::static_pointer_cast<const Callable>(
      std::make_shared<MacroObject>(&s, t)));
}

// make_caller - a CallerObject as a Value.
Value make_caller(const Stmt& s, Scope* scope, const TemplateImpl* t) {
  return Value(std::static_pointer_cast<const Callable>(
      std::make_shared<CallerObject>(&s, scope, t)));
}

}  // namespace tattler::jinja
