// mjml.hpp - compiles an MJML e-mail template to HTML.
//
// Offers compile_mjml(), which runs Node's `mjml` package (tools/mjml/,
// installed by scripts/install-node-deps.sh) on the raw template text, before
// any Jinja rendering: Jinja tags ({{ }}, {% %}, {# #}) come out unchanged.
// An MJML error is returned with MJML's own message.
//
// Limits: starts one node process per new source text (tens of
// milliseconds, seconds on a loaded machine): callers cache the result per
// file change; a small in-process cache (64 sources) also skips repeats. The
// compiler is found next to the source tree (TATTLER_MJML_DIR overrides it);
// without node or the package the call fails with a message saying how to
// install them.
#pragma once

#include <string>
#include <string_view>

#include "common/result.hpp"

namespace tattler::templates {

// compile_mjml - the HTML of mjml_source, or MJML's error.
Result<std::string> compile_mjml(std::string_view mjml_source);

}  // namespace tattler::templates
