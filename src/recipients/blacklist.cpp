// blacklist.cpp - loading and matching the blacklist file.
//
// Limits: see blacklist.hpp.
#include "recipients/blacklist.hpp"

#include <spdlog/spdlog.h>

#include <cctype>
#include <fstream>
#include <sstream>
#include <system_error>
#include <utility>

namespace tattler::recipients {

namespace {

// normalise - trimmed and ASCII lower-cased, the form entries are kept in.
std::string normalise(std::string_view s) {
  const char* kBlanks = " \t\r\n\f\v";
  size_t first = s.find_first_not_of(kBlanks);
  if (first == std::string_view::npos) return "";
  size_t last = s.find_last_not_of(kBlanks);
  std::string out(s.substr(first, last - first + 1));
  for (char& c : out) {
    c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  }
  return out;
}

}  // namespace

// Blacklist::parse - one entry per line, '#' in column 0 is a comment.
Blacklist Blacklist::parse(std::string_view text) {
  Blacklist list;
  size_t start = 0;
  while (start < text.size()) {
    size_t end = text.find('\n', start);
    if (end == std::string_view::npos) end = text.size();
    std::string_view line = text.substr(start, end - start);
    if (line.empty() || line[0] != '#') {
      list.entries_.insert(normalise(line));
    }
    start = end + 1;
  }
  return list;
}

// Blacklist::read - parse of a file's content, or why it cannot be read.
Result<Blacklist> Blacklist::read(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    return Err{"Blacklist file '" + path.string() + "' cannot be opened."};
  }
  std::ostringstream text;
  text << in.rdbuf();
  if (in.bad()) {
    return Err{"Blacklist file '" + path.string() + "' cannot be read."};
  }
  return parse(text.str());
}

// Blacklist::load - read, or an empty list with a warning.
Blacklist Blacklist::load(const std::filesystem::path& path) {
  Result<Blacklist> list = read(path);
  if (list.ok()) return std::move(list).value();
  spdlog::warn("blacklist.unreadable path=\"{}\" error=\"{}\"", path.string(),
               list.error());
  return Blacklist();
}

// Blacklist::contains - membership of the normalised address.
bool Blacklist::contains(std::string_view address) const {
  return entries_.count(normalise(address)) > 0;
}

// BlacklistFile::BlacklistFile - a cache of path, read at first use.
BlacklistFile::BlacklistFile(std::filesystem::path path)
    : path_(std::move(path)), cached_(std::make_shared<Blacklist>()) {}

// BlacklistFile::current - the cached list, re-read when the file changed.
std::shared_ptr<const Blacklist> BlacklistFile::current() const {
  if (path_.empty()) return cached_;

  std::error_code ec;
  auto mtime = std::filesystem::last_write_time(path_, ec);
  std::uintmax_t size = ec ? 0 : std::filesystem::file_size(path_, ec);
  std::lock_guard<std::mutex> lock(mutex_);
  if (ec) {
    // A vanished file stops blocking, as a fresh read would; say so once.
    if (!missing_warned_) {
      spdlog::warn("blacklist.unreadable path=\"{}\" error=\"{}\"",
                   path_.string(), ec.message());
    }
    missing_warned_ = true;
    cached_ = std::make_shared<Blacklist>();
    loaded_ = false;
    return cached_;
  }
  missing_warned_ = false;
  if (!loaded_ || mtime != mtime_ || size != size_) {
    cached_ = std::make_shared<Blacklist>(Blacklist::load(path_));
    mtime_ = mtime;
    size_ = size;
    loaded_ = true;
  }
  return cached_;
}

}  // namespace tattler::recipients
