// demo_base.cpp - where the built-in demo templates are.
//
// The build compiles in TATTLER_DEMO_TEMPLATES, the templates/ folder of
// the source tree; an installed binary finds them in
// ../share/tattler/templates next to itself.
//
// Limits: the binary's location is read from /proc/self/exe (Linux).
#include <system_error>

#include "templates/template_tree.hpp"

#ifndef TATTLER_DEMO_TEMPLATES
#define TATTLER_DEMO_TEMPLATES ""
#endif

namespace tattler::templates {

namespace {

// trim - without leading and trailing blanks.
std::string_view trim(std::string_view s) {
  size_t first = s.find_first_not_of(" \t\r\n");
  if (first == std::string_view::npos) return {};
  size_t last = s.find_last_not_of(" \t\r\n");
  return s.substr(first, last - first + 1);
}

}  // namespace

// TemplateTree::demo_base - compiled-in path, else next to the binary.
std::filesystem::path TemplateTree::demo_base() {
  std::error_code ec;
  std::filesystem::path built_in(TATTLER_DEMO_TEMPLATES);
  if (!built_in.empty() && std::filesystem::is_directory(built_in, ec)) {
    return built_in;
  }

  std::filesystem::path exe =
      std::filesystem::read_symlink("/proc/self/exe", ec);
  if (!ec) {
    std::filesystem::path installed =
        exe.parent_path().parent_path() / "share" / "tattler" / "templates";
    if (std::filesystem::is_directory(installed, ec)) return installed;
  }
  return built_in;
}

// TemplateTree::base_from_setting - TATTLER_TEMPLATE_BASE or the demo.
std::filesystem::path TemplateTree::base_from_setting(
    const std::optional<std::string>& setting) {
  if (!setting || trim(*setting).empty()) return demo_base();
  return std::filesystem::path(*setting);
}

}  // namespace tattler::templates
