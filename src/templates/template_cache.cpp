// template_cache.cpp - change-checked cache of compiled templates.
//
// Limits: see template_cache.hpp.
#include "templates/template_cache.hpp"

#include <sys/stat.h>

#include <cerrno>
#include <cstring>
#include <fstream>
#include <sstream>

#include "templates/mjml.hpp"

namespace tattler::templates {

namespace {

// errno_message - Python's OSError text for errno err on file.
std::string errno_message(int err, const std::filesystem::path& file) {
  return "[Errno " + std::to_string(err) + "] " + std::strerror(err) + ": '" +
         file.string() + "'";
}

// nanoseconds - a timespec as one number.
int64_t nanoseconds(const struct timespec& ts) {
  return static_cast<int64_t>(ts.tv_sec) * 1'000'000'000 + ts.tv_nsec;
}

}  // namespace

// stamp_of - stat() of a file, symlinks followed: lstat() first, which is
// the same answer for a file that is not a link.
Result<FileStamp> stamp_of(const std::filesystem::path& file, bool* link) {
  struct stat st {};
  if (::lstat(file.c_str(), &st) != 0) return Err{errno_message(errno, file)};
  bool is_link = S_ISLNK(st.st_mode);
  if (link) *link = is_link;
  if (is_link && ::stat(file.c_str(), &st) != 0) {
    return Err{errno_message(errno, file)};
  }
  FileStamp stamp;
  stamp.mtime_ns = nanoseconds(st.st_mtim);
  stamp.ctime_ns = nanoseconds(st.st_ctim);
  stamp.size = static_cast<int64_t>(st.st_size);
  stamp.inode = static_cast<uint64_t>(st.st_ino);
  return stamp;
}

// read_file - whole-file read with a Python-like error message.
Result<std::string> read_file(const std::filesystem::path& file) {
  std::ifstream in(file, std::ios::binary);
  if (!in) return Err{errno_message(errno, file)};
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

// TemplateCache::lookup - a current entry, or null.
std::shared_ptr<const TemplateCache::Entry> TemplateCache::lookup(
    const std::string& key, const FileStamp& stamp) const {
  std::shared_lock<std::shared_mutex> lock(mutex_);
  auto it = entries_.find(key);
  if (it == entries_.end() || !(it->second->stamp == stamp)) return nullptr;
  return it->second;
}

// TemplateCache::load - one read and one compilation of a file.
std::shared_ptr<TemplateCache::Entry> TemplateCache::load(
    const std::filesystem::path& file, const std::string& name, Kind kind) {
  auto entry = std::make_shared<Entry>();
  Result<std::string> source = read_file(file);
  if (!source.ok()) {
    entry->compiled =
        std::make_shared<Result<jinja::TemplatePtr>>(Err{source.error()});
    return entry;
  }
  entry->text = std::make_shared<std::string>(*source);
  if (kind == Kind::kText) return entry;

  // MJML is compiled before Jinja sees it: its tags pass through MJML.
  std::string jinja_source = std::move(source).value();
  if (kind == Kind::kMjml) {
    Result<std::string> html = compile_mjml(jinja_source);
    if (!html.ok()) {
      entry->compiled = std::make_shared<Result<jinja::TemplatePtr>>(Err{
          "Failed to compile MJML template '" + name + "': " + html.error()});
      return entry;
    }
    jinja_source = std::move(html).value();
  }
  entry->compiled = std::make_shared<Result<jinja::TemplatePtr>>(
      jinja::compile(jinja_source, name));
  return entry;
}

// TemplateCache::get - cached entry, loaded again after a change.
std::shared_ptr<const TemplateCache::Entry> TemplateCache::get(
    const std::string& key, const std::filesystem::path& file,
    const std::string& name, Kind kind, const FileStamp& stamp) {
  std::shared_ptr<const Entry> entry = lookup(key, stamp);
  if (entry) return entry;

  // A slow MJML compile is done once even when many requests miss at once.
  std::unique_lock<std::mutex> mjml_lock(mjml_mutex_, std::defer_lock);
  if (kind == Kind::kMjml) {
    mjml_lock.lock();
    entry = lookup(key, stamp);
    if (entry) return entry;
  }

  std::shared_ptr<Entry> fresh = load(file, name, kind);
  fresh->stamp = stamp;
  std::unique_lock<std::shared_mutex> lock(mutex_);
  entries_[key] = fresh;
  return fresh;
}

// TemplateCache::watched - the entry, if checked in this generation.
std::shared_ptr<const TemplateCache::Entry> TemplateCache::watched(
    const std::string& key) const {
  if (!watch_) return nullptr;
  std::shared_lock<std::shared_mutex> lock(mutex_);
  auto it = entries_.find(key);
  if (it == entries_.end() || !watch_->current(it->second->generation)) {
    return nullptr;
  }
  return it->second;
}

// TemplateCache::current - the watch's word, else the file's stamp.
Result<std::shared_ptr<const TemplateCache::Entry>> TemplateCache::current(
    const std::string& key, const std::filesystem::path& file,
    const std::string& name, Kind kind) {
  if (auto entry = watched(key)) return entry;

  // Watched before the stat() and the read: a later change is an event.
  std::uint64_t generation = TreeWatch::kNever;
  if (watch_) {
    generation = watch_->stamp();
    if (generation != TreeWatch::kNever) watch_->watch_dir(file.parent_path());
  }

  bool link = false;
  Result<FileStamp> stamp = stamp_of(file, &link);
  if (!stamp.ok()) return Err{stamp.error()};
  std::shared_ptr<const Entry> entry = get(key, file, name, kind, *stamp);

  // A link's target may live in a folder nobody watches.
  if (!link) entry->generation = generation;
  return entry;
}

// TemplateCache::compiled - cached compile of a template file.
Result<jinja::TemplatePtr> TemplateCache::compiled(
    const std::filesystem::path& file, const std::string& name, Kind kind) {
  // The name is part of the key: errors quote it.
  std::string key = std::to_string(static_cast<int>(kind)) + '\0' +
                    file.string() + '\0' + name;
  auto entry = current(key, file, name, kind);
  if (!entry.ok()) return Err{entry.error()};
  return *(*entry)->compiled;
}

// TemplateCache::text - cached raw content of a file.
Result<std::string> TemplateCache::text(const std::filesystem::path& file) {
  std::string key = "text" + std::string(1, '\0') + file.string();
  auto entry = current(key, file, "", Kind::kText);
  if (!entry.ok()) return Err{entry.error()};
  if (!(*entry)->text) return Err{(*entry)->compiled->error()};
  return *(*entry)->text;
}

}  // namespace tattler::templates
