// template_cache.cpp - mtime-checked cache of compiled templates.
//
// Limits: see template_cache.hpp.
#include "templates/template_cache.hpp"

#include <cerrno>
#include <cstring>
#include <fstream>
#include <mutex>
#include <sstream>
#include <system_error>

#include "templates/mjml.hpp"

namespace tattler::templates {

// read_file - whole-file read with a Python-like error message.
Result<std::string> read_file(const std::filesystem::path& file) {
  std::ifstream in(file, std::ios::binary);
  if (!in) {
    int err = errno;
    return Err{"[Errno " + std::to_string(err) + "] " + std::strerror(err) +
               ": '" + file.string() + "'"};
  }
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

// TemplateCache::lookup - a current entry, or null.
std::shared_ptr<const TemplateCache::Entry> TemplateCache::lookup(
    const std::string& key, std::filesystem::file_time_type mtime,
    std::uintmax_t size) const {
  std::shared_lock<std::shared_mutex> lock(mutex_);
  auto it = entries_.find(key);
  if (it == entries_.end()) return nullptr;
  if (it->second->mtime != mtime || it->second->size != size) return nullptr;
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

// TemplateCache::compiled - cached compile of a template file.
Result<jinja::TemplatePtr> TemplateCache::compiled(
    const std::filesystem::path& file, const std::string& name, Kind kind) {
  std::error_code ec;
  auto mtime = std::filesystem::last_write_time(file, ec);
  std::uintmax_t size = ec ? 0 : std::filesystem::file_size(file, ec);
  if (ec) {
    Result<std::string> unreadable = read_file(file);
    return Err{unreadable.ok() ? ec.message() : unreadable.error()};
  }

  // The name is part of the key: errors quote it.
  std::string key = std::to_string(static_cast<int>(kind)) + '\0' +
                    file.string() + '\0' + name;
  std::shared_ptr<const Entry> entry = lookup(key, mtime, size);
  if (!entry) {
    std::shared_ptr<Entry> fresh = load(file, name, kind);
    fresh->mtime = mtime;
    fresh->size = size;
    std::unique_lock<std::shared_mutex> lock(mutex_);
    entries_[key] = fresh;
    entry = fresh;
  }
  return *entry->compiled;
}

// TemplateCache::text - cached raw content of a file.
Result<std::string> TemplateCache::text(const std::filesystem::path& file) {
  std::error_code ec;
  auto mtime = std::filesystem::last_write_time(file, ec);
  std::uintmax_t size = ec ? 0 : std::filesystem::file_size(file, ec);
  if (ec) return read_file(file);

  std::string key = "text" + std::string(1, '\0') + file.string();
  std::shared_ptr<const Entry> entry = lookup(key, mtime, size);
  if (!entry) {
    std::shared_ptr<Entry> fresh = load(file, "", Kind::kText);
    fresh->mtime = mtime;
    fresh->size = size;
    std::unique_lock<std::shared_mutex> lock(mutex_);
    entries_[key] = fresh;
    entry = fresh;
  }
  if (!entry->text) return Err{entry->compiled->error()};
  return *entry->text;
}

}  // namespace tattler::templates
