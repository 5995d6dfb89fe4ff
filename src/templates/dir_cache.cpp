// dir_cache.cpp - directory listings kept until the directory changes.
//
// Limits: see dir_cache.hpp.
#include "templates/dir_cache.hpp"

#include <algorithm>
#include <mutex>

#include <sys/stat.h>
#include <time.h>

#include "templates/tree_layout.hpp"

namespace tattler::templates {
namespace {

// nanoseconds - a timespec as one number.
std::int64_t nanoseconds(const timespec& t) {
  return static_cast<std::int64_t>(t.tv_sec) * 1'000'000'000 + t.tv_nsec;
}

}  // namespace

// DirCache::subdirs - the cached listing, or a new scan when it changed.
DirCache::Names DirCache::subdirs(const std::filesystem::path& dir) const {
  // One stat() tells both whether dir is a directory and its mtime.
  struct stat st {};
  if (::stat(dir.c_str(), &st) != 0 || !S_ISDIR(st.st_mode)) return nullptr;
  std::int64_t mtime = nanoseconds(st.st_mtim);

  const std::string& key = dir.native();
  {
    std::shared_lock lock(mutex_);
    auto it = entries_.find(key);
    if (it != entries_.end() && it->second.trusted &&
        it->second.mtime_ns == mtime) {
      return it->second.names;
    }
  }

  // Scan outside the lock: concurrent scans of one directory are harmless.
  timespec now{};
  ::clock_gettime(CLOCK_REALTIME, &now);
  std::int64_t scanned_at = nanoseconds(now);
  Names names = std::make_shared<const std::vector<std::string>>(
      sorted_subdirs(dir));
  std::unique_lock lock(mutex_);
  auto racy = std::chrono::nanoseconds(kRacyWindow).count();
  entries_[key] = Entry{mtime, names, mtime + racy < scanned_at};
  return names;
}

// contains - binary search in a sorted listing.
bool contains(const DirCache::Names& names, std::string_view name) {
  return names && std::binary_search(names->begin(), names->end(), name);
}

}  // namespace tattler::templates
