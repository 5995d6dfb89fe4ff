// blacklist.hpp - addresses that must never receive a notification.
//
// Offers Blacklist, loaded from a UTF-8 file with one address per line
// ('#' in the first column starts a comment), matched without regard to
// case (tattler compared case-sensitively on the file side), and
// BlacklistFile, which keeps a loaded copy and re-reads the file when its
// modification time changes.
//
// Limits: case folding is ASCII-only; one list for all vectors, as tattler.
#pragma once

#include <filesystem>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <unordered_set>

#include "common/result.hpp"

namespace tattler::recipients {

class Blacklist {
 public:
  Blacklist() = default;  // blocks nothing

  // read - parses a blacklist file; an error when it cannot be read.
  static Result<Blacklist> read(const std::filesystem::path& path);

  // load - like read, but an unreadable file logs a warning and gives an
  // empty blacklist (tattler delivers unfiltered in that case).
  static Blacklist load(const std::filesystem::path& path);

  // parse - builds a blacklist from the text of a blacklist file.
  static Blacklist parse(std::string_view text);

  // contains - true when the address, trimmed, is listed (any case).
  bool contains(std::string_view address) const;

  size_t size() const { return entries_.size(); }

 private:
  std::unordered_set<std::string> entries_;  // trimmed, lower-cased
};

// Thread-safe cache of one blacklist file, re-read when its mtime or size
// changes. An empty path means "no blacklist".
class BlacklistFile {
 public:
  explicit BlacklistFile(std::filesystem::path path);

  // current - the blacklist as the file reads now.
  std::shared_ptr<const Blacklist> current() const;

 private:
  std::filesystem::path path_;
  mutable std::mutex mutex_;
  mutable std::shared_ptr<const Blacklist> cached_;
  mutable std::filesystem::file_time_type mtime_{};
  mutable std::uintmax_t size_ = 0;
  mutable bool loaded_ = false;
  mutable bool missing_warned_ = false;
};

}  // namespace tattler::recipients
