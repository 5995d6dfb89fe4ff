// client_log.hpp - the client library's internal logging entry point.
//
// The library does not use spdlog (it is installed on its own); its lines go
// to the handler set with tattler::set_log_handler(). Lines follow the
// project's form: correlation id first, then key=value fields.
//
// Limits: lines are formatted even when the handler then drops them.
#pragma once

#include <string>

#include "tattler/client.hpp"

namespace tattler::client {

// log - hands one line to the current handler.
void log(LogLevel level, const std::string& line);

}  // namespace tattler::client
