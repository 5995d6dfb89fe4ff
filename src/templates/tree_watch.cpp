// tree_watch.cpp - inotify behind TreeWatch.
//
// Limits: see tree_watch.hpp.
#include "templates/tree_watch.hpp"

#include <spdlog/spdlog.h>
#include <sys/inotify.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <vector>

namespace tattler::templates {

namespace {

// What changes a tree folder's listing or a template file in it.
constexpr uint32_t kTreeMask = IN_MODIFY | IN_ATTRIB | IN_CLOSE_WRITE |
                               IN_MOVED_FROM | IN_MOVED_TO | IN_CREATE |
                               IN_DELETE | IN_DELETE_SELF | IN_MOVE_SELF;

// What changes the path leading to the tree's base (not the content of the
// other files next to it, which may change all the time).
constexpr uint32_t kAboveMask = IN_MOVED_FROM | IN_MOVED_TO | IN_CREATE |
                                IN_DELETE | IN_DELETE_SELF | IN_MOVE_SELF;

// The scope of this thread: which watch, at which generation.
thread_local const TreeWatch* t_watch = nullptr;
thread_local std::uint64_t t_generation = TreeWatch::kNever;

}  // namespace

TreeWatch::TreeWatch() {
  fd_ = ::inotify_init1(IN_NONBLOCK | IN_CLOEXEC);
  if (fd_ < 0) {
    spdlog::warn("- templates.watch_unavailable error=\"{}\" (every request "
                 "checks the template files)",
                 std::strerror(errno));
    return;
  }
  active_ = true;
}

TreeWatch::~TreeWatch() {
  if (fd_ >= 0) ::close(fd_);
}

// Fresh::Fresh - read the events once, unless a scope of this watch is open.
TreeWatch::Fresh::Fresh(const TreeWatch& watch)
    : previous_watch_(t_watch), previous_generation_(t_generation) {
  if (t_watch == &watch) return;
  t_watch = &watch;
  t_generation = watch.active_ ? watch.refresh() : kNever;
}

// Fresh::~Fresh - back to the enclosing scope, if any.
TreeWatch::Fresh::~Fresh() {
  t_watch = previous_watch_;
  t_generation = previous_generation_;
}

// watch_base - each folder above base, for the next name on the way down,
// and base itself as a tree folder.
void TreeWatch::watch_base(const std::filesystem::path& base) {
  std::error_code ec;
  std::filesystem::path absolute =
      std::filesystem::absolute(base, ec).lexically_normal();
  if (ec) return broken("the template base has no absolute path");
  if (!absolute.has_filename()) absolute = absolute.parent_path();

  // The caches build their paths from base as given: compare with that.
  base_ = base;
  while (!base_.has_filename() && base_.has_relative_path()) {
    base_ = base_.parent_path();
  }

  std::filesystem::path above = absolute.root_path();
  for (const auto& part : absolute.relative_path()) {
    add(above, part.string());
    above /= part;
  }
  watch_dir(base_);
}

// watch_dir - dir and every folder between it and the base, each the
// first time only (again after the tree's folders moved).
void TreeWatch::watch_dir(const std::filesystem::path& dir) const {
  if (!active_) return;
  std::vector<std::filesystem::path> missing;
  {
    std::lock_guard lock(mutex_);
    bool inside = dir.native().starts_with(base_.native());
    for (auto at = dir; !tree_dirs_.count(at.native());
         at = at.parent_path()) {
      missing.push_back(at);
      if (!inside || at == base_ || !at.has_relative_path()) break;
    }
  }
  for (const auto& folder : missing) add(folder, "");
}

// stamp - the scope's generation, when this watch's scope is open.
std::uint64_t TreeWatch::stamp() const {
  return t_watch == this && active_ ? t_generation : kNever;
}

// current - checked in this scope's generation, nothing changed since.
bool TreeWatch::current(std::uint64_t generation) const {
  return generation != kNever && t_watch == this && active_ &&
         generation == t_generation;
}

// refresh - drain the queued events; the generation after them.
std::uint64_t TreeWatch::refresh() const {
  std::lock_guard lock(mutex_);
  alignas(inotify_event) char buffer[16384];
  for (;;) {
    long n = ::read(fd_, buffer, sizeof buffer);
    if (n > 0) {
      take(buffer, n);
      continue;
    }
    if (n < 0 && errno == EINTR) continue;
    if (n < 0 && errno != EAGAIN) broken(std::strerror(errno));
    break;
  }
  return generation_;
}

// take - count the events of one read; forget folders that went away.
// Called with mutex_ held.
void TreeWatch::take(const char* bytes, long length) const {
  long at = 0;
  while (at + static_cast<long>(sizeof(inotify_event)) <= length) {
    const auto* event = reinterpret_cast<const inotify_event*>(bytes + at);
    at += static_cast<long>(sizeof(inotify_event)) + event->len;

    auto it = only_by_wd_.find(event->wd);
    const bool self = event->mask & (IN_DELETE_SELF | IN_MOVE_SELF | IN_IGNORED);
    bool counts = event->wd < 0 || (event->mask & IN_Q_OVERFLOW) ||
                  it == only_by_wd_.end() || it->second.empty() || self;
    if (!counts && event->len > 0) counts = it->second == event->name;
    if (it != only_by_wd_.end() && (event->mask & IN_IGNORED)) {
      only_by_wd_.erase(it);
    }
    if (!counts) continue;
    ++generation_;

    // A folder created, moved or deleted: a path may now lead to another
    // folder than the one watched, so every folder is watched again by
    // path the next time it is read (rare: trees are edited, not churned).
    if ((event->mask & IN_ISDIR) || self) tree_dirs_.clear();
  }
}

// add - watch dir; a folder that does not exist is left alone (the caller
// finds it missing), any other failure ends trusting the watch.
void TreeWatch::add(const std::filesystem::path& dir,
                    const std::string& only) const {
  uint32_t mask = (only.empty() ? kTreeMask : kAboveMask) | IN_MASK_ADD;
  int wd = ::inotify_add_watch(fd_, dir.c_str(), mask);
  if (wd < 0) {
    if (errno == ENOENT || errno == ENOTDIR) return;
    return broken(std::strerror(errno));
  }
  std::lock_guard lock(mutex_);
  // A folder both above the base and in the tree (a symlink loop) counts
  // as a tree folder.
  auto it = only_by_wd_.try_emplace(wd, only).first;
  if (only.empty()) {
    it->second.clear();
    tree_dirs_.insert(dir.native());
  }
}

// broken - stop trusting the watch for good: every request stat()s again.
void TreeWatch::broken(const char* why) const {
  if (!active_.exchange(false)) return;
  spdlog::warn("- templates.watch_stopped error=\"{}\" (every request checks "
               "the template files from now on)",
               why);
}

}  // namespace tattler::templates
