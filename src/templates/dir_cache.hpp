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
// With a TreeWatch, inside its Fresh scope, a listing checked at the
// scope's generation is returned without even the stat(): nothing in the
// tree changed since (see tree_watch.hpp).
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

#include "templates/tree_watch.hpp"

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

  // watch may be null (every call stat()s); it must outlive the cache.
  explicit DirCache(const TreeWatch* watch = nullptr) : watch_(watch) {}

  // list - what dir holds; nullptr when dir is not a directory.
  Listing list(const std::filesystem::path& dir) const;

 private:
  struct Entry {
    std::int64_t mtime_ns = 0;
    Listing listing;
    bool trusted = false;  // mtime old enough to tell every change
    std::uint64_t generation = TreeWatch::kNever;  // last checked at
  };

  // watched - the listing, when the watch says dir did not change since it
  // was last checked; else null.
  Listing watched(const std::string& key) const;

  const TreeWatch* watch_;

  mutable std::shared_mutex mutex_;
  mutable std::unordered_map<std::string, Entry> entries_;
};

// has_dir, has_file - whether a listing (may be null) holds name.
bool has_dir(const DirCache::Listing& listing, std::string_view name);
bool has_file(const DirCache::Listing& listing, std::string_view name);

}  // namespace tattler::templates
