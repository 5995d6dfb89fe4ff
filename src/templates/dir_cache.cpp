// dir_cache.cpp - directory listings kept until the directory changes.
//
// Limits: see dir_cache.hpp.
#include "templates/dir_cache.hpp"

#include <algorithm>
#include <mutex>
#include <system_error>

#include <sys/stat.h>
#include <time.h>


namespace tattler::templates {
namespace {

// nanoseconds - a timespec as one number.
std::int64_t nanoseconds(const timespec& t) {
  return static_cast<std::int64_t>(t.tv_sec) * 1'000'000'000 + t.tv_nsec;
}

// scan - read dir; each entry is stat()ed, so symlinks count as what they
// point to.
DirListing scan(const std::filesystem::path& dir) {
  DirListing out;
  std::error_code ec;
  std::filesystem::directory_iterator it(dir, ec);
  for (; !ec && it != std::filesystem::directory_iterator(); it.increment(ec)) {
    std::error_code type_ec;
    auto status = it->status(type_ec);
    std::string name = it->path().filename().string();
    if (std::filesystem::is_directory(status)) {
      out.dirs.push_back(std::move(name));
    } else if (std::filesystem::is_regular_file(status)) {
      out.files.push_back(std::move(name));
    }
  }
  std::sort(out.dirs.begin(), out.dirs.end());
  std::sort(out.files.begin(), out.files.end());
  return out;
}

// holds - binary search in a sorted list.
bool holds(const std::vector<std::string>& names, std::string_view name) {
  return std::binary_search(names.begin(), names.end(), name);
}

// racy_window - how young (ns) an mtime may be and still hide a change:
// a whole-second mtime says the file system keeps only seconds.
std::int64_t racy_window(std::int64_t mtime_ns) {
  bool fine = mtime_ns % 1'000'000'000 != 0;
  return fine ? std::chrono::nanoseconds(DirCache::kFineWindow).count()
              : std::chrono::nanoseconds(DirCache::kCoarseWindow).count();
}

}  // namespace

// DirCache::watched - the listing, if checked in this generation.
DirCache::Listing DirCache::watched(const std::string& key) const {
  if (!watch_) return nullptr;
  std::shared_lock lock(mutex_);
  auto it = entries_.find(key);
  if (it == entries_.end() || !watch_->current(it->second.generation)) {
    return nullptr;
  }
  return it->second.listing;
}

// DirCache::list - the cached listing, or a new scan when it changed.
DirCache::Listing DirCache::list(const std::filesystem::path& dir) const {
  const std::string& key = dir.native();
  if (Listing listing = watched(key)) return listing;

  // Watched before the stat() and the scan: a change made after them is
  // an event, and makes the next scope's generation newer.
  std::uint64_t generation = TreeWatch::kNever;
  if (watch_) {
    generation = watch_->stamp();
    if (generation != TreeWatch::kNever) watch_->watch_dir(dir);
  }

  // One stat() tells both whether dir is a directory and its mtime.
  struct stat st {};
  if (::stat(dir.c_str(), &st) != 0 || !S_ISDIR(st.st_mode)) return nullptr;
  std::int64_t mtime = nanoseconds(st.st_mtim);
  {
    std::unique_lock lock(mutex_);
    auto it = entries_.find(key);
    if (it != entries_.end() && it->second.trusted &&
        it->second.mtime_ns == mtime) {
      it->second.generation = generation;
      return it->second.listing;
    }
  }

  // Scan outside the lock: concurrent scans of one directory are harmless.
  timespec now{};
  ::clock_gettime(CLOCK_REALTIME, &now);
  std::int64_t scanned_at = nanoseconds(now);
  Listing listing = std::make_shared<const DirListing>(scan(dir));
  std::unique_lock lock(mutex_);
  entries_[key] = Entry{mtime, listing,
                        mtime + racy_window(mtime) < scanned_at, generation};
  return listing;
}

// has_dir - a sub-directory of the listing.
bool has_dir(const DirCache::Listing& listing, std::string_view name) {
  return listing && holds(listing->dirs, name);
}

// has_file - a regular file of the listing.
bool has_file(const DirCache::Listing& listing, std::string_view name) {
  return listing && holds(listing->files, name);
}

}  // namespace tattler::templates
