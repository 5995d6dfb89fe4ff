// macros.hpp - {% macro %} definitions and the `caller` of {% call %}
// blocks as callable values.
//
// Offers make_macro() and make_caller(). Calling either binds its
// arguments as Jinja2 does (positional, then by name, then defaults;
// varargs, kwargs and caller when the body uses them) into a fresh frame
// and renders the body there, in the template that defined it.
//
// Limits: engine internal; the Stmt, the template and (for caller) the
// scope must outlive the value, which holds for a render.
#pragma once

#include "templates/jinja/renderer.hpp"

namespace tattler::jinja {

// make_macro - the macro defined by s (a kMacro statement) in t.
Value make_macro(const Stmt& s, const TemplateImpl* t);

// make_caller - `caller` for the {% call %} block s, whose body sees scope.
Value make_caller(const Stmt& s, Scope* scope, const TemplateImpl* t);

}  // namespace tattler::jinja
