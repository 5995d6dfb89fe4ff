// file_names.hpp - the files a vector folder may hold, old and new names.
//
// Offers the element names of each vector (email: subject.txt, body.txt,
// body.html, body.mjml, priority.txt; the others: body.txt), lookup of an
// element by its standard name or by one of tattler's pre-2.0 aliases
// (subject, body_plain, body_html, priority, body), the new name winning
// when both exist, and the set of elements a folder holds. Using an old
// name logs a deprecation warning once per file.
//
// Limits: names are matched exactly (case-sensitive, as on disk).
#pragma once

#include <filesystem>
#include <optional>
#include <set>
#include <string>
#include <string_view>

#include "templates/dir_cache.hpp"
#include "templates/vector.hpp"

namespace tattler::templates {

inline constexpr std::string_view kSubject = "subject.txt";
inline constexpr std::string_view kBodyText = "body.txt";
inline constexpr std::string_view kBodyHtml = "body.html";
inline constexpr std::string_view kBodyMjml = "body.mjml";
inline constexpr std::string_view kPriority = "priority.txt";

// find_element - the file of an element (standard name first, then its
// aliases) in dir, or empty when none is a regular file.
std::optional<std::filesystem::path> find_element(
    const std::filesystem::path& dir, Vector vector, std::string_view element);

// find_element - the same, answered from a listing of dir (dir_cache.hpp)
// instead of a stat() per name; none when listing is null.
std::optional<std::filesystem::path> find_element(
    const std::filesystem::path& dir, const DirCache::Listing& listing,
    Vector vector, std::string_view element);

// standard_elements - the standard names of the elements present in dir
// (regular files not starting with '.'; unknown names are left out).
std::set<std::string> standard_elements(const std::filesystem::path& dir,
                                        Vector vector);

}  // namespace tattler::templates
