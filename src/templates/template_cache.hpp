// template_cache.hpp - compiled templates, re-read when their file changes.
//
// Offers TemplateCache: the compiled Jinja template of a file (MJML files
// are compiled to HTML first), and the raw text of a file, each kept until
// the file's modification time or size changes. Compile errors are cached
// too, so a broken file costs one compilation per change, not per request.
// Safe to use from many threads at once.
//
// Limits: a change that keeps both the size and the mtime (two writes in
// the same filesystem clock tick) is not seen until the next change;
// entries of deleted files stay in memory until looked up again.
#pragma once

#include <filesystem>
#include <memory>
#include <shared_mutex>
#include <string>
#include <unordered_map>

#include "common/result.hpp"
#include "templates/jinja/engine.hpp"

namespace tattler::templates {

class TemplateCache {
 public:
  enum class Kind { kJinja, kMjml, kText };

  // compiled - the template of file (kJinja or kMjml), named name in error
  // messages; an error when the file cannot be read or does not compile.
  Result<jinja::TemplatePtr> compiled(const std::filesystem::path& file,
                                      const std::string& name, Kind kind);

  // text - the raw content of file.
  Result<std::string> text(const std::filesystem::path& file);

 private:
  struct Entry {
    std::filesystem::file_time_type mtime;
    std::uintmax_t size = 0;
    std::shared_ptr<const Result<jinja::TemplatePtr>> compiled;
    std::shared_ptr<const std::string> text;
  };

  // lookup - the entry of key when it is still current for file.
  std::shared_ptr<const Entry> lookup(const std::string& key,
                                      std::filesystem::file_time_type mtime,
                                      std::uintmax_t size) const;

  // load - reads and (unless kText) compiles file into a fresh entry.
  static std::shared_ptr<Entry> load(const std::filesystem::path& file,
                                     const std::string& name, Kind kind);

  mutable std::shared_mutex mutex_;
  std::unordered_map<std::string, std::shared_ptr<const Entry>> entries_;
};

// read_file - a whole file as bytes, or "[Errno 2] No such file or
// directory: '<path>'"-style message.
Result<std::string> read_file(const std::filesystem::path& file);

}  // namespace tattler::templates
