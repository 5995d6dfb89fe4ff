// template_cache.hpp - compiled templates, re-read when their file changes.
//
// Offers TemplateCache: the compiled Jinja template of a file (MJML files
// are compiled to HTML first), and the raw text of a file, each kept until
// the file changes: another modification or status-change time, size or
// inode (editors that save by renaming a new file are seen too). Compile
// errors are cached as well, so a broken file costs one compilation per
// change, not one per request. Safe to use from many threads at once;
// MJML compilations (a node process each) run one at a time, so a burst of
// requests on a changed file compiles it once.
//
// With a TreeWatch, inside its Fresh scope, an entry checked at the
// scope's generation is used without a stat() (see tree_watch.hpp).
//
// Limits: a rewrite that keeps size, inode and both times (two writes of
// equal length within one filesystem clock tick) is not seen until the
// next change; entries of deleted files stay in memory.
#pragma once

#include <atomic>
#include <cstdint>
#include <filesystem>
#include <memory>
#include <mutex>
#include <shared_mutex>
#include <string>
#include <unordered_map>

#include "common/result.hpp"
#include "templates/jinja/engine.hpp"
#include "templates/tree_watch.hpp"

namespace tattler::templates {

// FileStamp - what tells that a file changed.
struct FileStamp {
  int64_t mtime_ns = 0;
  int64_t ctime_ns = 0;
  int64_t size = 0;
  uint64_t inode = 0;

  friend bool operator==(const FileStamp&, const FileStamp&) = default;
};

// stamp_of - the current stamp of file, or the read error; *link (when
// given) tells whether file itself is a symbolic link.
Result<FileStamp> stamp_of(const std::filesystem::path& file,
                           bool* link = nullptr);

class TemplateCache {
 public:
  enum class Kind { kJinja, kMjml, kText };

  // watch may be null (every call stat()s); it must outlive the cache.
  explicit TemplateCache(const TreeWatch* watch = nullptr) : watch_(watch) {}

  // compiled - the template of file (kJinja or kMjml), named name in error
  // messages; an error when the file cannot be read or does not compile.
  Result<jinja::TemplatePtr> compiled(const std::filesystem::path& file,
                                      const std::string& name, Kind kind);

  // text - the raw content of file.
  Result<std::string> text(const std::filesystem::path& file);

 private:
  struct Entry {
    FileStamp stamp;
    std::shared_ptr<const Result<jinja::TemplatePtr>> compiled;
    std::shared_ptr<const std::string> text;
    mutable std::atomic<std::uint64_t> generation{TreeWatch::kNever};
  };

  // current - the entry of key for file, checked against the watch or the
  // file's stamp, loaded again when the file changed.
  Result<std::shared_ptr<const Entry>> current(
      const std::string& key, const std::filesystem::path& file,
      const std::string& name, Kind kind);

  // watched - the entry of key when the watch says nothing changed since
  // it was last checked; else null.
  std::shared_ptr<const Entry> watched(const std::string& key) const;

  // get - the current entry for key, loading the file when needed.
  std::shared_ptr<const Entry> get(const std::string& key,
                                   const std::filesystem::path& file,
                                   const std::string& name, Kind kind,
                                   const FileStamp& stamp);

  // lookup - the entry of key when it is still current for stamp.
  std::shared_ptr<const Entry> lookup(const std::string& key,
                                      const FileStamp& stamp) const;

  // load - reads and (unless kText) compiles file into a fresh entry.
  static std::shared_ptr<Entry> load(const std::filesystem::path& file,
                                     const std::string& name, Kind kind);

  const TreeWatch* watch_;
  mutable std::shared_mutex mutex_;
  std::mutex mjml_mutex_;  // one MJML compilation at a time
  std::unordered_map<std::string, std::shared_ptr<const Entry>> entries_;
};

// read_file - a whole file as bytes, or a Python-like message such as
// "[Errno 2] No such file or directory: '<path>'".
Result<std::string> read_file(const std::filesystem::path& file);

}  // namespace tattler::templates
