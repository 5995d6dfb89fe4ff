// template_tree.hpp - the tree of notification templates on disk.
//
// Offers TemplateTree: scopes, events and vectors of a template base
// directory (tattler's layout), rendering of one event for one vector with
// the `_base` templates, language sub-folders and MJML, and validation of
// every template of every scope. Compiled templates are cached and a file
// is read again as soon as it changes on disk, so edits are live without a
// restart.
//
// Layout: <base>/<scope>/<event>/<vector>/<file>, vectors email, sms,
// telegram, whatsapp. Scopes are the sub-directories except `_base` and
// names starting with '.'; events are entries of a scope not starting with
// '_' or '.' holding at least one vector folder. Language sub-folders
// (<vector>/<lang>/) are chosen by the recipient's language ("de-CH" tries
// "de-CH" then "de"), falling back to the language-free files; the chosen
// folder is used for every element, except priority.txt which falls back
// to the vector folder. Every vector may use `_base` (tattler gave none to
// SMS); `_base` folders may have language sub-folders too. Old file names
// (subject, body_plain, body_html, priority, body) still work, the new
// name winning when both exist.
//
// Limits: a `_base` directory is chosen whole (the scope's, else the
// global one); when it lacks an element, that element gets no
// base_template (validate() reports parts that would need it). Listings
// are cached until a directory's mtime changes (dir_cache.hpp), templates
// until a file's does; each public call first asks the tree's inotify
// watch whether anything changed at all (tree_watch.hpp), which spares
// the stat() calls when nothing did. Hidden events are neither rendered nor validated.
#pragma once

#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/result.hpp"
#include "templates/jinja/value.hpp"
#include "templates/tree_watch.hpp"
#include "templates/vector.hpp"

namespace tattler::templates {

class DirCache;
class TemplateCache;

struct RenderedParts {
  // E-mail: the rendered subject, stripped.
  std::optional<std::string> subject;

  // The plain body (stripped for sms, telegram and whatsapp). Absent for an
  // e-mail with an HTML part and no body.txt (compose makes the auto-text).
  std::optional<std::string> body_text;

  // E-mail only: from body.html, or body.mjml compiled to HTML first.
  std::optional<std::string> body_html;

  // The raw content of priority.txt, stripped, when the file exists.
  std::optional<std::string> priority;

  // The language folder used ("de"), empty for the language-free files.
  std::string language;
};

class TemplateTree {
 public:
  // base is the TATTLER_TEMPLATE_BASE directory (it need not exist yet).
  explicit TemplateTree(std::filesystem::path base);
  ~TemplateTree();
  TemplateTree(const TemplateTree&) = delete;
  TemplateTree& operator=(const TemplateTree&) = delete;

  // demo_base - the built-in demo tree: the source tree's templates/ when
  // it exists (path compiled in), else ../share/tattler/templates next to
  // the running binary.
  static std::filesystem::path demo_base();

  // base_from_setting - the base for a TATTLER_TEMPLATE_BASE value: the
  // demo tree when unset or empty (after trimming), else that path.
  static std::filesystem::path base_from_setting(
      const std::optional<std::string>& setting);

  const std::filesystem::path& base() const { return base_; }

  // scopes - the scope names, sorted; empty when the base is missing.
  std::vector<std::string> scopes() const;

  // scope_exists - true when scope is one of scopes().
  bool scope_exists(std::string_view scope) const;

  // events - the visible events of scope, sorted; "Unknown scope '<s>'"
  // when the scope does not exist.
  Result<std::vector<std::string>> events(std::string_view scope) const;

  // vectors - the vectors of an event, sorted by name; errors as events(),
  // and "Event does not exist: '<e>' in scope '<s>'" for an unknown or
  // hidden event.
  Result<std::vector<Vector>> vectors(std::string_view scope,
                                      std::string_view event) const;

  // event_exists - true for a visible event of an existing scope.
  bool event_exists(std::string_view scope, std::string_view event) const;

  // fresh - one look at the tree's watch for several calls in a row (one
  // request): calls made while the returned scope lives share it. Each
  // call looks again by itself otherwise.
  TreeWatch::Fresh fresh() const;

  // validate - every problem of every template of every scope, one line
  // each ("<scope>/<event>/<vector>: <what is wrong>"); empty when all is
  // well. Compiles every template, so syntax errors and unknown filters
  // are found here.
  std::vector<std::string> validate() const;

  // render - renders the event's templates for vector with context (built
  // by build_context). base_template is added from `_base` unless the
  // context already has one. language picks a language sub-folder.
  Result<RenderedParts> render(
      std::string_view scope, std::string_view event, Vector vector,
      const jinja::Dict& context,
      const std::optional<std::string>& language) const;

  // sample_context - the event's context.json (comments "//" removed,
  // ^tattler^ typed strings decoded); an empty dict when there is none.
  Result<jinja::Dict> sample_context(std::string_view scope,
                                     std::string_view event) const;

 private:
  // vector_folders - the vectors an event has folders for (no scope check).
  std::vector<Vector> vector_folders(std::string_view scope,
                                     std::string_view event) const;

  std::filesystem::path base_;
  std::unique_ptr<TreeWatch> watch_;  // before the caches that use it
  std::unique_ptr<TemplateCache> cache_;
  std::unique_ptr<DirCache> dirs_;
};

}  // namespace tattler::templates
