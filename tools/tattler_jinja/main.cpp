// tattler_jinja - render Jinja2 templates with tattler's engine.
//
//   tattler_jinja TEMPLATE_FILE [CONTEXT_JSON_FILE]
//       Render one template; the context may use ^tattler^ typed strings.
//   tattler_jinja --batch CASES_JSON
//       Render every case of a corpus file (tests/jinja/README.md) and
//       print a JSON array of {"id", "output"} or {"id", "error"}.
//   tattler_jinja --check CASES_JSON
//       Compare every case with its checked-in expectation (error cases
//       marked exact_error: the message too); exit 1 on a difference.
//   tattler_jinja --bench N TEMPLATE_FILE CONTEXT_JSON_FILE [BASE_FILE]
//       Compile once, render N times, print microseconds per render.
//
// Limits: contexts must be JSON objects; no streaming output.

#include <cctype>
#include <ctime>
#include <cstdio>
#include <fstream>
#include <iostream>
#include <map>
#include <sstream>
#include <string>

#include <nlohmann/json.hpp>

#include "templates/jinja/engine.hpp"
#include "templates/jinja/json.hpp"

namespace {

using nlohmann::ordered_json;
namespace jinja = tattler::jinja;

struct CaseResult {
  bool ok = false;
  std::string text;  // output or error
};

// read_file - the whole file, or an empty optional on failure.
bool read_file(const std::string& path, std::string* out) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return false;
  std::ostringstream ss;
  ss << in.rdbuf();
  *out = ss.str();
  return true;
}

// run_case - compile and render one corpus case.
CaseResult run_case(const ordered_json& c) {
  auto named = std::make_shared<std::map<std::string, jinja::TemplatePtr>>();
  jinja::Options options;
  options.autoescape = c.value("autoescape", false);
  auto sources = c.value("templates", ordered_json::object());
  std::weak_ptr<std::map<std::string, jinja::TemplatePtr>> weak = named;
  options.loader = [weak](std::string_view name)
      -> tattler::Result<jinja::TemplatePtr> {
    auto map = weak.lock();
    auto it = map ? map->find(std::string(name)) : decltype(map->end()){};
    if (!map || it == map->end()) {
      return tattler::Err{"template '" + std::string(name) + "' not found"};
    }
    return it->second;
  };
  for (const auto& [name, src] : sources.items()) {
    auto t = jinja::compile(src.get<std::string>(), name, options);
    if (!t.ok()) return {false, t.error()};
    (*named)[name] = t.value();
  }

  auto ctx = jinja::from_wire_json(c.value("context", ordered_json::object()));
  if (!ctx.ok()) return {false, "context: " + ctx.error()};
  jinja::Dict context = ctx.value().as_dict();
  if (c.contains("base")) {
    auto base = jinja::compile(c["base"].get<std::string>(), "base", options);
    if (!base.ok()) return {false, base.error()};
    if (!context.find("base_template")) {
      context.set("base_template", jinja::Value(base.value()));
    }
  }
  auto tmpl = jinja::compile(c["template"].get<std::string>(),
                             c.value("id", "template"), options);
  if (!tmpl.ok()) return {false, tmpl.error()};
  auto out = jinja::render(*tmpl.value(), context);
  if (!out.ok()) return {false, out.error()};
  return {true, out.value()};
}

// error_message - an error without its "name:line:col: " prefix (ours) or
// "Type: " prefix (Python's), for cases whose messages must be equal.
std::string error_message(const std::string& text, bool python) {
  if (python) {
    size_t colon = text.find(": ");
    return colon == std::string::npos ? text : text.substr(colon + 2);
  }
  // name:<digits>:<digits>: message
  for (size_t i = text.find(':'); i != std::string::npos;
       i = text.find(':', i + 1)) {
    size_t j = i + 1;
    auto digit = [&](size_t k) {
      return k < text.size() &&
             std::isdigit(static_cast<unsigned char>(text[k]));
    };
    size_t digits1 = j;
    while (digit(j)) ++j;
    if (j == digits1 || j >= text.size() || text[j] != ':') continue;
    size_t digits2 = ++j;
    while (digit(j)) ++j;
    if (j == digits2 || text.compare(j, 2, ": ") != 0) continue;
    return text.substr(j + 2);
  }
  return text;
}

// matches - whether a result is what the case expects: the same output;
// or an error, with Python's very message when the case says exact_error.
bool matches(const ordered_json& c, const CaseResult& r) {
  const auto& expect = c["expect"];
  if (!expect.contains("error")) {
    return r.ok && r.text == expect["output"].get<std::string>();
  }
  if (r.ok) return false;
  if (!c.value("exact_error", false)) return true;
  return error_message(r.text, false) ==
         error_message(expect["error"].get<std::string>(), true);
}

bool load_cases(const std::string& path, ordered_json* cases) {
  std::string text;
  if (!read_file(path, &text)) {
    std::cerr << "cannot read " << path << "\n";
    return false;
  }
  *cases = ordered_json::parse(text, nullptr, false);
  if (cases->is_discarded() || !cases->is_array()) {
    std::cerr << path << ": not a JSON array of cases\n";
    return false;
  }
  return true;
}

int batch(const std::string& path) {
  ordered_json cases;
  if (!load_cases(path, &cases)) return 2;
  ordered_json out = ordered_json::array();
  for (const auto& c : cases) {
    CaseResult r = run_case(c);
    ordered_json o;
    o["id"] = c.value("id", "");
    o[r.ok ? "output" : "error"] = r.text;
    out.push_back(o);
  }
  std::cout << out.dump(1, ' ', false, ordered_json::error_handler_t::replace)
            << "\n";
  return 0;
}

int check(const std::string& path) {
  ordered_json cases;
  if (!load_cases(path, &cases)) return 2;
  int failed = 0;
  for (const auto& c : cases) {
    CaseResult r = run_case(c);
    const auto& expect = c["expect"];
    if (matches(c, r)) continue;
    ++failed;
    std::cout << "FAIL " << c.value("id", "?") << "\n  template: "
              << ordered_json(c["template"].get<std::string>()).dump()
              << "\n  expected: " << expect.dump()
              << "\n  got " << (r.ok ? "output: " : "error: ")
              << ordered_json(r.text).dump(-1, ' ', false,
                                           ordered_json::error_handler_t::replace)
              << "\n";
  }
  std::cout << cases.size() - failed << "/" << cases.size()
            << " corpus cases match\n";
  return failed == 0 ? 0 : 1;
}

int bench(long n, const std::string& tpath, const std::string& cpath,
          const std::string& bpath) {
  std::string src, ctx_text, base_src;
  if (!read_file(tpath, &src) || !read_file(cpath, &ctx_text) ||
      (!bpath.empty() && !read_file(bpath, &base_src))) {
    std::cerr << "cannot read inputs\n";
    return 2;
  }
  auto ctx = jinja::from_wire_json(ordered_json::parse(ctx_text));
  if (!ctx.ok()) {
    std::cerr << ctx.error() << "\n";
    return 2;
  }
  jinja::Dict context = ctx.value().as_dict();
  if (!bpath.empty()) {
    auto base = jinja::compile(base_src, "base");
    if (!base.ok()) {
      std::cerr << base.error() << "\n";
      return 2;
    }
    context.set("base_template", jinja::Value(base.value()));
  }
  auto tmpl = jinja::compile(src, tpath);
  if (!tmpl.ok()) {
    std::cerr << tmpl.error() << "\n";
    return 2;
  }
  // CPU time of this process, not wall time: the machine may be shared.
  size_t bytes = 0;
  std::clock_t start = std::clock();
  for (long i = 0; i < n; ++i) {
    auto out = jinja::render(*tmpl.value(), context);
    if (!out.ok()) {
      std::cerr << out.error() << "\n";
      return 2;
    }
    bytes = out.value().size();
  }
  double us = 1e6 * static_cast<double>(std::clock() - start) / CLOCKS_PER_SEC;
  std::printf("renders=%ld bytes=%zu us_per_render=%.2f\n", n, bytes, us / n);
  return 0;
}

int render_one(const std::string& tpath, const std::string& cpath) {
  std::string src, ctx_text = "{}";
  if (!read_file(tpath, &src) || (!cpath.empty() && !read_file(cpath, &ctx_text))) {
    std::cerr << "cannot read inputs\n";
    return 2;
  }
  auto json = ordered_json::parse(ctx_text, nullptr, false);
  if (json.is_discarded() || !json.is_object()) {
    std::cerr << "the context must be a JSON object\n";
    return 2;
  }
  auto ctx = jinja::from_wire_json(json);
  if (!ctx.ok()) {
    std::cerr << ctx.error() << "\n";
    return 1;
  }
  auto tmpl = jinja::compile(src, tpath);
  if (!tmpl.ok()) {
    std::cerr << tmpl.error() << "\n";
    return 1;
  }
  auto out = jinja::render(*tmpl.value(), ctx.value().as_dict());
  if (!out.ok()) {
    std::cerr << out.error() << "\n";
    return 1;
  }
  std::cout << out.value();
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  std::string a1 = argc > 1 ? argv[1] : "";
  if (a1 == "--batch" && argc == 3) return batch(argv[2]);
  if (a1 == "--check" && argc == 3) return check(argv[2]);
  if (a1 == "--bench" && (argc == 5 || argc == 6)) {
    return bench(std::atol(argv[2]), argv[3], argv[4], argc == 6 ? argv[5] : "");
  }
  if (argc == 2 || (argc == 3 && a1.rfind("--", 0) != 0)) {
    return render_one(argv[1], argc == 3 ? argv[2] : "");
  }
  std::cerr << "usage: tattler_jinja TEMPLATE_FILE [CONTEXT_JSON]\n"
               "       tattler_jinja --batch|--check CASES_JSON\n"
               "       tattler_jinja --bench N TEMPLATE CONTEXT_JSON [BASE]\n";
  return 2;
}
