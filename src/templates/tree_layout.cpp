// tree_layout.cpp - path rules of the template tree.
//
// Limits: see tree_layout.hpp.
#include "templates/tree_layout.hpp"

#include <algorithm>
#include <cctype>
#include <system_error>

#include "templates/dir_cache.hpp"

namespace tattler::templates {

// is_safe_name - one harmless path segment.
bool is_safe_name(std::string_view name) {
  return !name.empty() && name[0] != '.' &&
         name.find('/') == std::string_view::npos &&
         name.find('\0') == std::string_view::npos;
}

// is_visible_event_name - events starting with '_' are hidden.
bool is_visible_event_name(std::string_view name) {
  return is_safe_name(name) && name[0] != '_';
}

// is_dir - std::filesystem::is_directory without exceptions.
bool is_dir(const std::filesystem::path& p) {
  std::error_code ec;
  return std::filesystem::is_directory(p, ec);
}

// sorted_subdirs - directory entries that are directories, by name.
std::vector<std::string> sorted_subdirs(const std::filesystem::path& dir) {
  std::vector<std::string> names;
  std::error_code ec;
  std::filesystem::directory_iterator it(dir, ec);
  for (; !ec && it != std::filesystem::directory_iterator(); it.increment(ec)) {
    if (is_dir(it->path())) names.push_back(it->path().filename().string());
  }
  std::sort(names.begin(), names.end());
  return names;
}

// base_vector_dir - the scope's base first, then the global one.
std::optional<std::filesystem::path> base_vector_dir(
    const DirCache& dirs, const std::filesystem::path& base,
    std::string_view scope, Vector vector) {
  std::string name(vector_name(vector));
  for (auto holder : {base / std::string(scope), base}) {
    if (!has_dir(dirs.list(holder), kBaseDir)) continue;
    std::filesystem::path bases = holder / kBaseDir;
    if (has_dir(dirs.list(bases), name)) return bases / name;
  }
  return std::nullopt;
}

// language_dir - exact name, lower-cased name, then the primary subtag.
std::pair<std::filesystem::path, std::string> language_dir(
    const DirCache& dirs, const std::filesystem::path& vector_dir,
    const std::optional<std::string>& language) {
  if (!language || !is_safe_name(*language)) return {vector_dir, ""};

  std::string lowered = *language;
  for (char& c : lowered) {
    c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  }
  std::string primary = lowered.substr(0, lowered.find_first_of("-_"));
  DirCache::Listing listed = dirs.list(vector_dir);
  for (const std::string& candidate : {*language, lowered, primary}) {
    if (is_safe_name(candidate) && has_dir(listed, candidate)) {
      return {vector_dir / candidate, candidate};
    }
  }
  return {vector_dir, ""};
}

}  // namespace tattler::templates
