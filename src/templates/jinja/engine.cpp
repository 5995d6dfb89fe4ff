// engine.cpp - compile() and render(): the engine's entry points, where
// internal exceptions become Results.
//
// Limits: see engine.hpp.

#include "templates/jinja/engine.hpp"

#include <new>

#include "templates/jinja/parser.hpp"
#include "templates/jinja/renderer.hpp"

namespace tattler::jinja {

Template::Template(std::unique_ptr<TemplateImpl> impl)
    : impl_(std::move(impl)) {}

Template::~Template() = default;

const std::string& Template::name() const { return impl_->name; }

const Options& Template::options() const { return impl_->options; }

tattler::Result<TemplatePtr> compile(std::string_view source, std::string name,
                                     const Options& options) {
  auto impl = parse(source, std::move(name), options);
  if (!impl.ok()) return tattler::Err{impl.error()};
  return TemplatePtr(std::make_shared<const Template>(std::move(impl).value()));
}

tattler::Result<std::string> render(const Template& tmpl, const Dict& context) {
  try {
    Renderer renderer(tmpl, context);
    return renderer.run();
  } catch (const RenderError& e) {
    return tattler::Err{e.message};
  } catch (const PyError& e) {
    return tattler::Err{tmpl.name() + ": " + e.message};
  } catch (const std::bad_alloc&) {
    return tattler::Err{tmpl.name() + ": out of memory while rendering"};
  } catch (const std::exception& e) {
    return tattler::Err{tmpl.name() + ": " + e.what()};
  }
}

}  // namespace tattler::jinja
