// template_tree.cpp - listing and rendering the template tree.
//
// Limits: see template_tree.hpp.
#include "templates/template_tree.hpp"

#include <utility>

#include "templates/dir_cache.hpp"
#include "templates/file_names.hpp"
#include "templates/sample_context.hpp"
#include "templates/template_cache.hpp"
#include "templates/tree_layout.hpp"
#include "templates/tree_watch.hpp"

namespace tattler::templates {

namespace {

// Python's whitespace beyond ASCII, as UTF-8 (str.isspace()).
constexpr std::string_view kUnicodeSpaces[] = {
    "\u0085", "\u00a0", "\u1680", "\u2000", "\u2001", "\u2002", "\u2003",
    "\u2004", "\u2005", "\u2006", "\u2007", "\u2008", "\u2009", "\u200a",
    "\u2028", "\u2029", "\u202f", "\u205f", "\u3000"};

// space_length - the byte length of the whitespace character s starts
// with (back: ends with), 0 when it does not.
size_t space_length(std::string_view s, bool back) {
  if (s.empty()) return 0;
  char c = back ? s.back() : s.front();
  if (std::string_view(" \t\n\r\f\v\x1c\x1d\x1e\x1f").find(c) !=
      std::string_view::npos) {
    return 1;
  }
  for (std::string_view space : kUnicodeSpaces) {
    if (back ? s.ends_with(space) : s.starts_with(space)) return space.size();
  }
  return 0;
}

// strip - Python's str.strip(): whitespace off both ends.
std::string strip(std::string_view s) {
  while (size_t n = space_length(s, false)) s.remove_prefix(n);
  while (size_t n = space_length(s, true)) s.remove_suffix(n);
  return std::string(s);
}

// missing_file - the error of a required file that is not there.
Err missing_file(const std::filesystem::path& file) {
  Result<std::string> read = read_file(file);
  if (read.ok()) return Err{"Cannot use '" + file.string() + "'"};
  return Err{read.error()};
}

// What one render() call needs at every element.
struct ElementRenderer {
  const std::filesystem::path& root;
  TemplateCache& cache;
  Vector vector;
  const std::optional<std::filesystem::path>& base_dir;
  const DirCache::Listing& base_listing;  // of *base_dir
  const jinja::Dict& context;

  // name_of - the path of file inside the tree, for error messages.
  std::string name_of(const std::filesystem::path& file) const {
    return file.lexically_relative(root).generic_string();
  }

  // base_for - the compiled base template of element, if there is one.
  Result<std::optional<jinja::TemplatePtr>> base_for(
      std::string_view element) const {
    if (!base_dir || context.find("base_template") != nullptr) {
      return std::optional<jinja::TemplatePtr>();
    }
    std::optional<std::filesystem::path> file;
    TemplateCache::Kind kind = TemplateCache::Kind::kJinja;
    if (element == kBodyHtml) {
      file = find_element(*base_dir, base_listing, Vector::kEmail, kBodyMjml);
      if (file) kind = TemplateCache::Kind::kMjml;
    }
    if (!file) file = find_element(*base_dir, base_listing, vector, element);
    if (!file) return std::optional<jinja::TemplatePtr>();

    Result<jinja::TemplatePtr> tmpl =
        cache.compiled(*file, name_of(*file), kind);
    if (!tmpl.ok()) return Err{tmpl.error()};
    return std::optional<jinja::TemplatePtr>(*tmpl);
  }

  // render - renders file as element, with base_template when available.
  Result<std::string> render(const std::filesystem::path& file,
                             std::string_view element,
                             TemplateCache::Kind kind) const {
    Result<jinja::TemplatePtr> tmpl = cache.compiled(file, name_of(file), kind);
    if (!tmpl.ok()) return Err{tmpl.error()};
    Result<std::optional<jinja::TemplatePtr>> base = base_for(element);
    if (!base.ok()) return Err{base.error()};
    if (!*base) return jinja::render(**tmpl, context);

    jinja::Dict with_base = context;
    with_base.set("base_template", jinja::Value(**base));
    return jinja::render(**tmpl, with_base);
  }
};

// Folder - a directory with what it held when the render began.
struct Folder {
  const std::filesystem::path& path;
  const DirCache::Listing& listing;

  // find - the file of an element in this folder.
  std::optional<std::filesystem::path> find(Vector vector,
                                            std::string_view element) const {
    return find_element(path, listing, vector, element);
  }
};

// render_email - subject, text and HTML parts and the priority; dir is the
// language folder (or vdir itself), vdir the vector folder.
Result<RenderedParts> render_email(const ElementRenderer& r, Folder dir,
                                   Folder vdir, TemplateCache& cache) {
  RenderedParts parts;
  std::optional<std::filesystem::path> subject =
      dir.find(Vector::kEmail, kSubject);
  if (!subject) return missing_file(dir.path / kSubject);
  Result<std::string> text =
      r.render(*subject, kSubject, TemplateCache::Kind::kJinja);
  if (!text.ok()) return Err{text.error()};
  parts.subject = strip(*text);

  // MJML is looked for first, as tattler does.
  std::optional<std::filesystem::path> html =
      dir.find(Vector::kEmail, kBodyMjml);
  TemplateCache::Kind html_kind = TemplateCache::Kind::kMjml;
  if (!html) {
    html = dir.find(Vector::kEmail, kBodyHtml);
    html_kind = TemplateCache::Kind::kJinja;
  }
  if (html) {
    text = r.render(*html, kBodyHtml, html_kind);
    if (!text.ok()) return Err{text.error()};
    parts.body_html = std::move(text).value();
  }

  // Without body.txt the compose layer derives the text from the HTML.
  std::optional<std::filesystem::path> body =
      dir.find(Vector::kEmail, kBodyText);
  if (!body && !html) return missing_file(dir.path / kBodyText);
  if (body) {
    text = r.render(*body, kBodyText, TemplateCache::Kind::kJinja);
    if (!text.ok()) return Err{text.error()};
    parts.body_text = std::move(text).value();
  }

  // The priority is not a text to translate: the vector folder serves it
  // when the language folder has none.
  std::optional<std::filesystem::path> priority =
      dir.find(Vector::kEmail, kPriority);
  if (!priority) priority = vdir.find(Vector::kEmail, kPriority);
  if (priority) {
    Result<std::string> raw = cache.text(*priority);
    if (!raw.ok()) return Err{raw.error()};
    parts.priority = strip(*raw);
  }
  return parts;
}

}  // namespace

// TemplateTree::TemplateTree - a tree rooted at base, with an empty cache.
TemplateTree::TemplateTree(std::filesystem::path base)
    : base_(std::move(base)),
      watch_(std::make_unique<TreeWatch>()),
      cache_(std::make_unique<TemplateCache>(watch_.get())),
      dirs_(std::make_unique<DirCache>(watch_.get())) {
  watch_->watch_base(base_);
}

// TemplateTree::~TemplateTree - drops the cache (defined where it is complete).
TemplateTree::~TemplateTree() = default;

// TemplateTree::fresh - a scope of the tree's watch.
TreeWatch::Fresh TemplateTree::fresh() const { return TreeWatch::Fresh(*watch_); }

// TemplateTree::scopes - sub-directories but `_base` and dot-names.
std::vector<std::string> TemplateTree::scopes() const {
  TreeWatch::Fresh fresh(*watch_);
  DirCache::Listing listed = dirs_->list(base_);
  if (!listed) return {};
  std::vector<std::string> names = listed->dirs;
  std::erase_if(names, [](const std::string& name) {
    return name == kBaseDir || !is_safe_name(name);
  });
  return names;
}

// TemplateTree::scope_exists - a listed scope.
bool TemplateTree::scope_exists(std::string_view scope) const {
  TreeWatch::Fresh fresh(*watch_);
  return is_safe_name(scope) && scope != kBaseDir &&
         has_dir(dirs_->list(base_), scope);
}

// TemplateTree::events - visible events holding a vector folder.
Result<std::vector<std::string>> TemplateTree::events(
    std::string_view scope) const {
  TreeWatch::Fresh fresh(*watch_);
  if (!scope_exists(scope)) {
    return Err{"Unknown scope '" + std::string(scope) + "'"};
  }
  DirCache::Listing listed = dirs_->list(base_ / std::string(scope));
  std::vector<std::string> names;
  if (!listed) return names;
  for (const std::string& name : listed->dirs) {
    if (!vector_folders(scope, name).empty()) names.push_back(name);
  }
  return names;
}

// TemplateTree::vectors - the vector folders of a visible event.
Result<std::vector<Vector>> TemplateTree::vectors(
    std::string_view scope, std::string_view event) const {
  TreeWatch::Fresh fresh(*watch_);
  if (!scope_exists(scope)) {
    return Err{"Unknown scope '" + std::string(scope) + "'"};
  }
  std::vector<Vector> found = vector_folders(scope, event);
  if (found.empty()) {
    return Err{"Event does not exist: '" + std::string(event) + "' in scope '" +
               std::string(scope) + "'"};
  }
  return found;
}

// TemplateTree::event_exists - visible, with at least one vector folder.
bool TemplateTree::event_exists(std::string_view scope,
                                std::string_view event) const {
  TreeWatch::Fresh fresh(*watch_);
  return scope_exists(scope) && !vector_folders(scope, event).empty();
}

// TemplateTree::vector_folders - the vectors an event has folders for, in
// kAllVectors order; none for a hidden or unsafe event name.
std::vector<Vector> TemplateTree::vector_folders(
    std::string_view scope, std::string_view event) const {
  std::vector<Vector> found;
  if (!is_safe_name(scope) || !is_visible_event_name(event)) return found;
  DirCache::Listing listed =
      dirs_->list(base_ / std::string(scope) / std::string(event));
  for (Vector v : kAllVectors) {
    if (has_dir(listed, vector_name(v))) found.push_back(v);
  }
  return found;
}

// TemplateTree::sample_context - the event's context.json, if any.
Result<jinja::Dict> TemplateTree::sample_context(std::string_view scope,
                                                 std::string_view event) const {
  TreeWatch::Fresh fresh(*watch_);
  if (!scope_exists(scope) || !is_safe_name(event)) {
    return Err{"Event does not exist: '" + std::string(event) + "' in scope '" +
               std::string(scope) + "'"};
  }
  std::filesystem::path file =
      base_ / std::string(scope) / std::string(event) / "context.json";
  std::error_code ec;
  if (!std::filesystem::exists(file, ec)) return jinja::Dict();
  return load_sample_context(file);
}

// TemplateTree::render - one event, one vector, one context.
Result<RenderedParts> TemplateTree::render(
    std::string_view scope, std::string_view event, Vector vector,
    const jinja::Dict& context,
    const std::optional<std::string>& language) const {
  TreeWatch::Fresh fresh(*watch_);
  // One listing on the way that works; the listing calls explain failures.
  std::filesystem::path vdir = base_ / std::string(scope) / std::string(event) /
                               std::string(vector_name(vector));
  bool names_ok =
      is_safe_name(scope) && scope != kBaseDir && is_visible_event_name(event);
  DirCache::Listing vdir_listing = names_ok ? dirs_->list(vdir) : nullptr;
  if (!vdir_listing) {
    Result<std::vector<Vector>> available = vectors(scope, event);
    if (!available.ok()) return Err{available.error()};
    return Err{"Event '" + std::string(event) + "' has no template for " +
               std::string(vector_name(vector)) + "."};
  }

  // Each folder is listed once (from the cache): the element lookups
  // below then cost no system call, only the template files' own stat().
  auto [dir, lang] = language_dir(*dirs_, vdir, language);
  std::optional<std::filesystem::path> base_dir =
      base_vector_dir(*dirs_, base_, scope, vector);
  if (base_dir) base_dir = language_dir(*dirs_, *base_dir, language).first;
  DirCache::Listing base_listing = base_dir ? dirs_->list(*base_dir) : nullptr;
  DirCache::Listing dir_listing =
      dir == vdir ? vdir_listing : dirs_->list(dir);
  ElementRenderer renderer{base_,    *cache_,      vector,
                           base_dir, base_listing, context};

  Result<RenderedParts> parts = RenderedParts();
  if (vector == Vector::kEmail) {
    parts = render_email(renderer, Folder{dir, dir_listing},
                         Folder{vdir, vdir_listing}, *cache_);
  } else {
    std::optional<std::filesystem::path> body =
        find_element(dir, dir_listing, vector, kBodyText);
    if (!body) return missing_file(dir / kBodyText);
    Result<std::string> text =
        renderer.render(*body, kBodyText, TemplateCache::Kind::kJinja);
    if (!text.ok()) return Err{text.error()};
    parts->body_text = strip(*text);
  }
  if (parts.ok()) parts->language = lang;
  return parts;
}

}  // namespace tattler::templates
