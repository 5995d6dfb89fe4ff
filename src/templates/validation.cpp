// validation.cpp - TemplateTree::validate: every problem of every scope.
//
// Checks, for every visible event of every scope and every language
// sub-folder: the required files (e-mail: subject.txt, and body.txt unless
// an HTML part makes the auto-text; others: body.txt), body.html and
// body.mjml not both, priority.txt readable as 1..5, every template
// compiling (syntax, unknown filters, MJML), a `_base` part for every part
// that extends base_template, and context.json parsing. The `_base`
// folders are compiled too.
//
// Limits: runtime errors (undefined attributes, bad arithmetic) depend on
// the context and are only found when rendering.
#include <algorithm>
#include <cctype>
#include <regex>
#include <set>
#include <system_error>

#include "templates/file_names.hpp"
#include "templates/jinja/pyconvert.hpp"
#include "templates/sample_context.hpp"
#include "templates/template_cache.hpp"
#include "templates/template_tree.hpp"
#include "templates/tree_layout.hpp"
#include "templates/tree_watch.hpp"

namespace tattler::templates {

namespace {

// py_set - Python's repr of a set of strings, sorted for stable output.
std::string py_set(const std::vector<std::string>& items) {
  std::string out = "{";
  for (size_t i = 0; i < items.size(); ++i) {
    if (i > 0) out += ", ";
    out += "'" + items[i] + "'";
  }
  return out + "}";
}

// priority_problem - why a priority.txt content is unusable, or "".
std::string priority_problem(std::string_view raw) {
  const char* kBlanks = " \t\r\n\f\v";
  size_t first = raw.find_first_not_of(kBlanks);
  std::string value;
  if (first != std::string_view::npos) {
    size_t last = raw.find_last_not_of(kBlanks);
    value = std::string(raw.substr(first, last - first + 1));
  }
  std::string lowered = value;
  for (char& c : lowered) {
    c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  }
  // The words compose::parse_priority accepts as well.
  if (lowered == "true" || lowered == "false" || lowered == "none" ||
      lowered == "null") {
    return "";
  }
  std::optional<int64_t> n = jinja::py::parse_int(value);
  if (n && *n >= 1 && *n <= 5) return "";
  return "Invalid priority '" + value +
         "', values are { None, [1, 2, 3, 4, 5] }, 1 highest.";
}

// has_base_part - true when base_dir provides element (the HTML part may
// be body.html or body.mjml).
bool has_base_part(const std::filesystem::path& base_dir, Vector vector,
                   std::string_view element) {
  if (element == kBodyHtml &&
      find_element(base_dir, vector, kBodyMjml).has_value()) {
    return true;
  }
  return find_element(base_dir, vector, element).has_value();
}

// Collects the problems of one tree.
class Validator {
 public:
  Validator(const std::filesystem::path& root, TemplateCache& cache,
            std::vector<std::string>& problems)
      : root_(root), cache_(cache), problems_(problems) {}

  // vector_dir - checks one folder of templates (an event's vector folder
  // or one of its language sub-folders).
  void vector_dir(const std::filesystem::path& dir, Vector vector,
                  std::string_view event,
                  const std::optional<std::filesystem::path>& base) {
    std::string label = name_of(dir);
    std::set<std::string> have = standard_elements(dir, vector);
    if (vector == Vector::kEmail) {
      email_parts(label, have, event);
    } else if (!have.count(std::string(kBodyText))) {
      add(label, "Required part 'body.txt' is missing.");
    }
    compile_all(dir, vector);
    base_coverage(dir, vector, base);
  }

  // base_coverage - a part that extends base_template needs a base part of
  // the same name in the `_base` folder that serves it.
  void base_coverage(const std::filesystem::path& dir, Vector vector,
                     const std::optional<std::filesystem::path>& base) {
    static const std::regex kExtendsBase(
        R"(\{%-?\s*extends\s+base_template\b)");
    for (std::string_view element :
         {kSubject, kBodyText, kBodyHtml, kBodyMjml}) {
      std::optional<std::filesystem::path> file =
          find_element(dir, vector, element);
      if (!file) continue;
      Result<std::string> source = cache_.text(*file);
      if (!source.ok() || !std::regex_search(*source, kExtendsBase)) continue;
      std::string_view wanted = element == kBodyMjml ? kBodyHtml : element;
      if (base && has_base_part(*base, vector, wanted)) continue;
      add(name_of(*file),
          "extends base_template, but no _base folder serving it has '" +
              std::string(wanted) + "'.");
    }
  }

  // compile_all - compiles every template file of dir.
  void compile_all(const std::filesystem::path& dir, Vector vector) {
    for (std::string_view element :
         {kSubject, kBodyText, kBodyHtml, kBodyMjml, kPriority}) {
      std::optional<std::filesystem::path> file =
          find_element(dir, vector, element);
      if (!file) continue;
      if (element == kPriority) {
        priority(*file);
        continue;
      }
      TemplateCache::Kind kind = element == kBodyMjml
                                     ? TemplateCache::Kind::kMjml
                                     : TemplateCache::Kind::kJinja;
      Result<jinja::TemplatePtr> compiled =
          cache_.compiled(*file, name_of(*file), kind);
      if (!compiled.ok()) problems_.push_back(compiled.error());
    }
  }

  // context_json - the event's sample context must parse.
  void context_json(const std::filesystem::path& event_dir) {
    std::filesystem::path file = event_dir / "context.json";
    std::error_code ec;
    if (!std::filesystem::exists(file, ec)) return;
    Result<jinja::Dict> parsed = load_sample_context(file);
    if (!parsed.ok()) {
      std::string message = parsed.error();
      std::string prefix = file.string() + ": ";
      if (message.rfind(prefix, 0) == 0) message.erase(0, prefix.size());
      add(name_of(file), message);
    }
  }

  // name_of - a path inside the tree, as problems quote it.
  std::string name_of(const std::filesystem::path& p) const {
    return p.lexically_relative(root_).generic_string();
  }

  // add - one problem line.
  void add(std::string_view where, std::string_view what) {
    problems_.push_back(std::string(where) + ": " + std::string(what));
  }

 private:
  // email_parts - the e-mail rules on the set of elements present.
  void email_parts(const std::string& label, const std::set<std::string>& have,
                   std::string_view event) {
    bool html = have.count(std::string(kBodyHtml)) > 0;
    bool mjml = have.count(std::string(kBodyMjml)) > 0;
    std::vector<std::string> missing;
    if (!html && !mjml && !have.count(std::string(kBodyText))) {
      missing.emplace_back(kBodyText);
    }
    if (!have.count(std::string(kSubject))) missing.emplace_back(kSubject);
    if (!missing.empty()) {
      add(label, "Required parts are missing: " + py_set(missing));
    }
    if (html && mjml) {
      add(label, "Template '" + std::string(event) +
                     "' provides both 'body.html' and 'body.mjml', while "
                     "only one of them is allowed.");
    }
  }

  // priority - priority.txt must hold 1..5 (or true/false).
  void priority(const std::filesystem::path& file) {
    Result<std::string> raw = cache_.text(file);
    if (!raw.ok()) {
      add(name_of(file), raw.error());
      return;
    }
    std::string problem = priority_problem(*raw);
    if (!problem.empty()) add(name_of(file), problem);
  }

  const std::filesystem::path& root_;
  TemplateCache& cache_;
  std::vector<std::string>& problems_;
};

// language_subdirs - the language folders inside a vector folder.
std::vector<std::string> language_subdirs(const std::filesystem::path& dir) {
  std::vector<std::string> names = sorted_subdirs(dir);
  std::erase_if(names, [](const std::string& n) { return !is_safe_name(n); });
  return names;
}

// base_dirs - the `_base` vector folders of the tree that exist.
std::vector<std::pair<std::filesystem::path, Vector>> base_dirs(
    const std::filesystem::path& root, const std::vector<std::string>& scopes) {
  std::vector<std::pair<std::filesystem::path, Vector>> dirs;
  std::vector<std::filesystem::path> bases = {root / kBaseDir};
  for (const std::string& scope : scopes) {
    bases.push_back(root / scope / kBaseDir);
  }
  for (const std::filesystem::path& base : bases) {
    for (Vector v : kAllVectors) {
      std::filesystem::path dir = base / std::string(vector_name(v));
      if (!is_dir(dir)) continue;
      dirs.emplace_back(dir, v);
      for (const std::string& lang : language_subdirs(dir)) {
        dirs.emplace_back(dir / lang, v);
      }
    }
  }
  return dirs;
}

}  // namespace

// TemplateTree::validate - every problem, one line each.
std::vector<std::string> TemplateTree::validate() const {
  TreeWatch::Fresh fresh(*watch_);
  std::vector<std::string> problems;
  if (!is_dir(base_)) {
    problems.push_back("Cannot access templates at path '" + base_.string() +
                       "'.");
    return problems;
  }
  Validator check(base_, *cache_, problems);
  std::vector<std::string> all_scopes = scopes();

  for (const std::string& scope : all_scopes) {
    Result<std::vector<std::string>> scope_events = events(scope);
    if (!scope_events.ok()) continue;  // removed while we looked
    for (const std::string& event : *scope_events) {
      std::filesystem::path event_dir = base_ / scope / event;
      Result<std::vector<Vector>> event_vectors = vectors(scope, event);
      if (!event_vectors.ok()) continue;
      for (Vector v : *event_vectors) {
        std::filesystem::path dir = event_dir / std::string(vector_name(v));
        std::optional<std::filesystem::path> base =
            base_vector_dir(*dirs_, base_, scope, v);
        check.vector_dir(dir, v, event, base);
        for (const std::string& lang : language_subdirs(dir)) {
          std::optional<std::filesystem::path> lang_base = base;
          if (base) lang_base = language_dir(*dirs_, *base, lang).first;
          check.vector_dir(dir / lang, v, event, lang_base);
        }
      }
      check.context_json(event_dir);
    }
  }

  // Base templates are only compiled: they need not have every part.
  for (const auto& [dir, vector] : base_dirs(base_, all_scopes)) {
    check.compile_all(dir, vector);
  }
  return problems;
}

}  // namespace tattler::templates
