// file_names.cpp - element lookup with tattler's old file names.
//
// Limits: see file_names.hpp.
#include "templates/file_names.hpp"

#include <spdlog/spdlog.h>

#include <array>
#include <mutex>
#include <system_error>
#include <unordered_set>

namespace tattler::templates {

namespace {

struct NameEntry {
  std::string_view standard;
  std::string_view alias;  // the pre-2.0 name, empty when none
};

constexpr std::array<NameEntry, 5> kEmailNames = {{
    {kSubject, "subject"},
    {kBodyText, "body_plain"},
    {kBodyHtml, "body_html"},
    {kBodyMjml, ""},
    {kPriority, "priority"},
}};

constexpr std::array<NameEntry, 1> kBodyOnlyNames = {{{kBodyText, "body"}}};

// names_of - the element table of a vector.
std::pair<const NameEntry*, size_t> names_of(Vector vector) {
  if (vector == Vector::kEmail) return {kEmailNames.data(), kEmailNames.size()};
  return {kBodyOnlyNames.data(), kBodyOnlyNames.size()};
}

// is_file - a regular file (symlinks followed).
bool is_file(const std::filesystem::path& p) {
  std::error_code ec;
  return std::filesystem::is_regular_file(p, ec);
}

// warn_old_name_once - the deprecation warning, once per file per process.
void warn_old_name_once(const std::filesystem::path& file,
                        std::string_view standard) {
  static std::mutex mutex;
  static std::unordered_set<std::string> warned;
  std::lock_guard<std::mutex> lock(mutex);
  if (!warned.insert(file.string()).second) return;
  spdlog::warn(
      "templates.deprecated_name file=\"{}\" rename_to=\"{}\" Deprecation "
      "warning: Found template file named '{}'. Rename it to '{}' (since "
      "v2.0).",
      file.string(), standard, file.filename().string(), standard);
}

// find_in - new name first, then the old one; is_file(name) tells whether
// dir/name is a regular file.
template <typename IsFile>
std::optional<std::filesystem::path> find_in(const std::filesystem::path& dir,
                                             Vector vector,
                                             std::string_view element,
                                             IsFile is_file) {
  auto [names, count] = names_of(vector);
  for (size_t i = 0; i < count; ++i) {
    if (names[i].standard != element) continue;
    if (is_file(names[i].standard)) return dir / names[i].standard;
    if (names[i].alias.empty() || !is_file(names[i].alias)) {
      return std::nullopt;
    }
    std::filesystem::path old = dir / names[i].alias;
    warn_old_name_once(old, names[i].standard);
    return old;
  }
  return std::nullopt;
}

}  // namespace

// find_element - probing the file system.
std::optional<std::filesystem::path> find_element(
    const std::filesystem::path& dir, Vector vector, std::string_view element) {
  return find_in(dir, vector, element, [&](std::string_view name) {
    return is_file(dir / name);
  });
}

// find_element - from a listing of dir.
std::optional<std::filesystem::path> find_element(
    const std::filesystem::path& dir, const DirCache::Listing& listing,
    Vector vector, std::string_view element) {
  return find_in(dir, vector, element, [&](std::string_view name) {
    return has_file(listing, name);
  });
}

// standard_elements - which elements dir provides, by standard name.
std::set<std::string> standard_elements(const std::filesystem::path& dir,
                                        Vector vector) {
  std::set<std::string> found;
  std::error_code ec;
  auto [names, count] = names_of(vector);
  for (const auto& entry : std::filesystem::directory_iterator(dir, ec)) {
    std::string name = entry.path().filename().string();
    if (name.empty() || name[0] == '.' || !is_file(entry.path())) continue;
    for (size_t i = 0; i < count; ++i) {
      if (name == names[i].standard || name == names[i].alias) {
        found.insert(std::string(names[i].standard));
      }
    }
  }
  return found;
}

}  // namespace tattler::templates
