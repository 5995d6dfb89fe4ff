// tree_layout.hpp - where things are in a template tree.
//
// Offers the path rules shared by listing, rendering and validation: which
// names may be scopes and events, which `_base` folder serves a vector,
// and which language sub-folder serves a recipient's language.
//
// Limits: names are compared exactly; the only language fallback is from
// "xx-YY"/"xx_YY" to "xx" (and a lower-cased retry).
#pragma once

#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "templates/vector.hpp"

namespace tattler::templates {

class DirCache;

// kBaseDir - the folder of base templates, per scope and global.
inline constexpr std::string_view kBaseDir = "_base";

// is_safe_name - a single path segment: not empty, no '/', no NUL, not
// starting with '.' (so never "." nor "..").
bool is_safe_name(std::string_view name);

// is_visible_event_name - a safe name not starting with '_'.
bool is_visible_event_name(std::string_view name);

// is_dir - a directory (symlinks followed), without throwing.
bool is_dir(const std::filesystem::path& p);

// sorted_subdirs - names of the sub-directories of dir, sorted.
std::vector<std::string> sorted_subdirs(const std::filesystem::path& dir);

// base_vector_dir - <base>/<scope>/_base/<vector>, else
// <base>/_base/<vector>: the first that is a directory, as the listings of
// dirs tell.
std::optional<std::filesystem::path> base_vector_dir(
    const DirCache& dirs, const std::filesystem::path& base,
    std::string_view scope, Vector vector);

// language_dir - the sub-folder of vector_dir for language, with the
// language name found ("" and vector_dir itself when none fits).
std::pair<std::filesystem::path, std::string> language_dir(
    const DirCache& dirs, const std::filesystem::path& vector_dir,
    const std::optional<std::string>& language);

}  // namespace tattler::templates
