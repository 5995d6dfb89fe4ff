// tree_watch.hpp - one read() per request instead of a stat() per file to
// know that the template tree did not change.
//
// Offers TreeWatch: an inotify instance that watches every directory of
// the template tree the caches have looked at, plus the folders above the
// tree's base for the one name that leads to it (so a tree swapped by
// renaming a folder or re-pointing a symlink is seen). Any event bumps a
// generation number. The kernel queues an event before the call that
// changed the file returns, so draining the queue at the start of a
// request tells exactly whether anything changed before it.
//
// The caches (DirCache, TemplateCache) trust an entry without a stat()
// only inside a TreeWatch::Fresh scope on the calling thread, and only when
// the entry was checked at the generation that scope saw. Outside a scope,
// or when inotify is not available or a watch could not be added (the
// per-user watch limit), they stat() every time, as before.
//
// Limits: a template file reached through a symbolic link is not trusted
// from the watch (its target's folder is not watched): it is stat()ed at
// every request. A file changed through a hard link kept outside the tree
// is not seen (no event reaches the tree's folders) until its folder
// changes. Folders that left the tree keep their watch until removed.
#pragma once

#include <atomic>
#include <cstdint>
#include <filesystem>
#include <mutex>
#include <string>
#include <unordered_map>
#include <unordered_set>

namespace tattler::templates {

class TreeWatch {
 public:
  // A generation no entry is ever trusted at.
  static constexpr std::uint64_t kNever = UINT64_MAX;

  TreeWatch();
  ~TreeWatch();
  TreeWatch(const TreeWatch&) = delete;
  TreeWatch& operator=(const TreeWatch&) = delete;

  // Fresh - for its lifetime on this thread, entries checked at the
  // generation read when it was made are current. Nested scopes of the same
  // watch share the outer one's generation (one read() per request).
  class Fresh {
   public:
    explicit Fresh(const TreeWatch& watch);
    ~Fresh();
    Fresh(const Fresh&) = delete;
    Fresh& operator=(const Fresh&) = delete;

   private:
    const TreeWatch* previous_watch_;
    std::uint64_t previous_generation_;
  };

  // watch_base - watch the folders above base for the name leading to it,
  // and base. Call once, before any Fresh scope.
  void watch_base(const std::filesystem::path& base);

  // watch_dir - watch dir, and the folders between it and the base, for
  // any change of their entries or their content. Call before reading dir
  // (or a file in it), so that a change made while reading is seen next
  // time. Paths are compared as given: pass paths built from the base.
  void watch_dir(const std::filesystem::path& dir) const;

  // stamp - the generation to record on an entry checked now: the current
  // Fresh scope's, or kNever outside one.
  std::uint64_t stamp() const;

  // current - whether an entry checked at generation still needs no stat().
  bool current(std::uint64_t generation) const;

 private:
  std::uint64_t refresh() const;
  void add(const std::filesystem::path& dir, const std::string& only) const;
  void take(const char* bytes, long length) const;
  void broken(const char* why) const;

  int fd_ = -1;
  mutable std::atomic<bool> active_{false};
  mutable std::atomic<std::uint64_t> generation_{0};
  mutable std::mutex mutex_;  // guards the maps and reading fd_
  std::filesystem::path base_;  // as given to watch_base()
  // The folders watched, by descriptor: for a tree folder (empty) every
  // event counts; for a folder above the base only events naming this.
  mutable std::unordered_map<int, std::string> only_by_wd_;
  mutable std::unordered_set<std::string> tree_dirs_;  // watched by path
};

}  // namespace tattler::templates
