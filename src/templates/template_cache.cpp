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

// stamp_of - stat() of a file, symlinks followed.
Result<FileStamp> stamp_of(const std::filesystem::path& file) {
  struct stat st {};
  if (::stat(file.c_str(), &st) != 0) return Err{errno_message(errno, file)};
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

// TemplateCache::compiled - cached compile of a template file.
Result<jinja::TemplatePtr> TemplateCache::compiled(
    const std::filesystem::path& file, const std::string& name, Kind kind) {
  Result<FileStamp> stamp = stamp_of(file);
  if (!stamp.ok()) return Err{stamp.error()};

  // The name is part of the key: errors quote it.
  std::string key = std::to_string(static_cast<int>(kind)) + '\0' +
                    file.string() + '\0' + name;
  return *get(key, file, name, kind, *stamp)->compiled;
}

// TemplateCache::text - cached raw content of a file.
Result<std::string> TemplateCache::text(const std::filesystem::path& file) {
  Result<FileStamp> stamp = stamp_of(file);
  if (!stamp.ok()) return Err{stamp.error()};

  std::string key = "text" + std::string(1, '\0') + file.string();
  std::shared_ptr<const Entry> entry = get(key, file, "", Kind::kText, *stamp);
  if (!entry->text) return Err{entry->compiled->error()};
  return *entry->text;
}

}  // namespace tattler::templates
