// logging.hpp - the server's log set-up: level and format.
//
// Offers setup_logging(): spdlog on stderr, level from LOG_LEVEL, text
// lines ("2026-12-03 16:02:01.123 info tattler:… http.request …") or one
// JSON object per line ({"time", "level", "msg"}) for TATTLER_LOG_FORMAT
// =json.
//
// Limits: no log files or rotation (stderr goes where the supervisor puts
// it).
#pragma once

#include "config/settings.hpp"

namespace tattler::server {

// setup_logging - configure the default spdlog logger.
void setup_logging(const config::Settings& settings);

}  // namespace tattler::server
