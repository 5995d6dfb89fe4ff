// dir_cache.hpp - directory listings kept until the directory changes.
//
// Offers DirCache: the sorted names of the sub-directories and of the
// regular files of a directory, scanned again only when the directory's
// modification time changes. The GET listings and the POST pipeline ask for
// scopes, events, vectors and template files at every request; with the
// cache that costs one stat() per directory instead of a scan, or a stat()
// per name probed.
//
// Creating, removing or renaming an entry changes its directory's mtime, so
// a cached listing is right as long as the mtime is the same. But an mtime
// is only as fine as the file system's clock tick: a change made in the
// same tick as the scan would leave it unchanged. So, as git does for its
// index, a listing whose mtime was too young when it was scanned is not
// trusted: it is scanned again at the next call. Too young is within
// kFineWindow on file systems with sub-second timestamps (the kernel's
// tick is a few milliseconds), within kCoarseWindow on the others (FAT,
// ext3), told apart by whether the mtime has a fraction of a second.
//
// Limits: a change that keeps the same mtime (a clock set back, a tool that
// restores mtimes) is not seen. Entries of directories that no longer exist
// stay in memory; their number is bounded by the directories ever listed.
#pragma once

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <memory>
#include <shared_mutex>
#include <string>
#include <unordered_map>
#include <vector>

namespace tattler::templates {

// DirListing - what one directory holds, each list sorted by name.
struct DirListing {
  std::vector<std::string> dirs;   // sub-directories (symlinks followed)
  std::vector<std::string> files;  // regular files (symlinks followed)
};

class DirCache {
 public:
  using Listing = std::shared_ptr<const DirListing>;

  // A listing younger than this may miss a change made in the same clock
  // tick (see the header comment).
  static constexpr std::chrono::milliseconds kFineWindow{100};
  static constexpr std::chrono::seconds kCoarseWindow{2};

  // list - what dir holds; nullptr when dir is not a directory.
  Listing list(const std::filesystem::path& dir) const;

 private:
  struct Entry {
    std::int64_t mtime_ns = 0;
    Listing listing;
    bool trusted = false;
  };

  mutable std::shared_mutex mutex_;
  mutable std::unordered_map<std::string, Entry> entries_;
};

// has_dir, has_file - whether a listing (may be null) holds name.
bool has_dir(const DirCache::Listing& listing, std::string_view name);
bool has_file(const DirCache::Listing& listing, std::string_view name);

}  // namespace tattler::templates
