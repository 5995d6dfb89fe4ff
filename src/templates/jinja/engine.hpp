// engine.hpp - compile and render Jinja2 templates with Python Jinja2 3.1
// semantics (default environment: autoescape off, no trim_blocks, no
// lstrip_blocks, one trailing newline of the source dropped, default
// Undefined), plus tattler's `humanize` filter in every template.
//
// A template is compiled once and can then be rendered any number of times,
// from any number of threads at once. Every error names the template, the
// line and the column: "<name>:<line>:<col>: <what is wrong>".
//
// Limits:
// - No sandbox; `import`/`from` are parsed but refused when rendered; no
//   line statements and no extensions (`do`, loop controls, i18n).
// - Ints are 64-bit: a result that does not fit is an error, where Python
//   grows the int.
// - list.append/extend/insert/pop/clear and dict.update/pop/setdefault/
//   clear mutate in place as in Python (the caller's context too: do not
//   render one such context from two threads at once); list.remove/sort/
//   reverse and dict.popitem are errors.
// - Dict keys are strings: a dict literal's other keys become str(key).
// - map/select/reject/reverse give lists, groupby (grouper, list) tuples,
//   dict.items()/keys()/values() and range() lists: printed directly they
//   read as lists, where Python prints generators, views or "range(0, 3)".
// - wordwrap does not break at hyphens; striptags knows the common named
//   entities only; upper/lower/title know Latin, Greek and Cyrillic.
// - Error texts follow Python's wording where practical, not always to
//   the letter; positions are line:column of the failing expression.
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <string_view>

#include "common/result.hpp"
#include "templates/jinja/value.hpp"

namespace tattler::jinja {

class Template;
using TemplatePtr = std::shared_ptr<const Template>;

struct Options {
  // autoescape - escape every printed value that is not marked safe.
  bool autoescape = false;
  size_t max_output_bytes = 16u << 20;
  // max_depth - nesting of macro calls, includes, extends and expressions.
  int max_depth = 64;
  int64_t max_loop_iterations = 1'000'000;
  // Resolves a template name for {% include "x" %} / {% extends "x" %};
  // unset = like tattler's BaseLoader: every name is "not found".
  std::function<tattler::Result<std::shared_ptr<const Template>>(
      std::string_view name)>
      loader;
};

// compile - parse once; syntax errors and unknown filters are reported here
// as "<name>:<line>:<col>: <what is wrong>".
tattler::Result<TemplatePtr> compile(std::string_view source, std::string name,
                                     const Options& options = {});

// render - thread-safe on a shared Template; runtime errors carry
// "<name>:<line>:<col>: …".
tattler::Result<std::string> render(const Template& tmpl, const Dict& context);

struct TemplateImpl;  // compiled form, private to the engine

// Template - a compiled template; immutable once compiled.
class Template {
 public:
  explicit Template(std::unique_ptr<TemplateImpl> impl);
  ~Template();
  Template(const Template&) = delete;
  Template& operator=(const Template&) = delete;

  // name - the name given to compile().
  const std::string& name() const;
  // options - the options given to compile().
  const Options& options() const;
  // impl - the compiled form, for the engine's renderer.
  const TemplateImpl& impl() const { return *impl_; }

 private:
  std::unique_ptr<TemplateImpl> impl_;
};

}  // namespace tattler::jinja
