// datetime_detail.hpp - helpers shared by the datetime_*.cpp files only.
//
// Offers the 128-bit integer used for exact microsecond arithmetic and the
// UTC-offset printer. Not for use outside the datetime implementation.
//
// Limits: none beyond datetime.hpp's.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace tattler::jinja::detail {

// Int128 - exact room for every timedelta in microseconds (about 2^67).
__extension__ typedef __int128 Int128;

constexpr int64_t kUsPerSecond = 1000000;
constexpr int64_t kUsPerDay = 86400 * kUsPerSecond;
constexpr int64_t kMaxOrdinal = 3652059;  // 9999-12-31

// format_utc_offset - "+02:00" with sep ":", "+0200" with sep "" (seconds
// and microseconds only when present), as Python prints offsets.
std::string format_utc_offset(int64_t offset_us, std::string_view sep);

}  // namespace tattler::jinja::detail
