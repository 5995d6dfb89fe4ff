// thread_name.hpp - name the calling thread, as `top -H`, `ps -L` and
// `perf report --sort comm` show it.
//
// Limits: Linux keeps 15 characters; longer names are cut there.
#pragma once

#include <pthread.h>

#include <string>

namespace tattler {

// NameThisThread - "tattler-" is left out: the process name says it.
inline void NameThisThread(const std::string& name) {
  const std::string cut = name.substr(0, 15);
  pthread_setname_np(pthread_self(), cut.c_str());
}

}  // namespace tattler
