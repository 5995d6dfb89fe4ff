// datetime_format.cpp - Python's strftime for datetime, date and time.
//
// Python replaces %z, %Z and %f itself and hands the rest to the C
// library's strftime; we do the same, in the "C" locale whatever the
// process locale is, so "%b" is always "Jan".
//
// Limits: see datetime.hpp.
#include <fmt/format.h>
#include <locale.h>

#include <ctime>
#include <vector>

#include "templates/jinja/datetime.hpp"
#include "templates/jinja/datetime_detail.hpp"

namespace tattler::jinja {
namespace {

// expand_python_directives - the format with %z, %Z and %f replaced as
// Python's datetime module replaces them.
std::string expand_python_directives(std::string_view format, const Time& t) {
  std::string out;
  for (size_t i = 0; i < format.size(); ++i) {
    char c = format[i];
    if (c != '%' || i + 1 >= format.size()) {
      out.push_back(c);
      continue;
    }

    char next = format[++i];
    int64_t offset = t.offset().total_microseconds();
    if (next == 'z') {
      if (t.aware()) out += detail::format_utc_offset(offset, "");
    } else if (next == 'Z') {
      if (t.aware()) {
        out += offset == 0 ? "UTC"
                           : "UTC" + detail::format_utc_offset(offset, ":");
      }
    } else if (next == 'f') {
      out += fmt::format("{:06d}", t.microsecond);
    } else {
      out.push_back('%');
      out.push_back(next);
    }
  }
  return out;
}

// c_strftime - the C library's strftime in the "C" locale.
std::string c_strftime(const std::string& format, const std::tm& tm) {
  static locale_t c_locale = newlocale(LC_ALL_MASK, "C", locale_t{});
  if (format.empty()) return "";

  // strftime answers 0 both for "too small" and for an empty result;
  // Python gives up growing at 256 times the format length.
  for (size_t size = 1024; size <= 256 * format.size() + 1024; size *= 4) {
    std::vector<char> buf(size);
    size_t n =
        strftime_l(buf.data(), buf.size(), format.c_str(), &tm, c_locale);
    if (n > 0) return std::string(buf.data(), n);
  }
  return "";
}

// format_parts - strftime of a broken-down time and its zone.
std::string format_parts(const std::tm& tm, const Time& t,
                         std::string_view format) {
  return c_strftime(expand_python_directives(format, t), tm);
}

// tm_of - the struct tm Python builds from a date and a time.
std::tm tm_of(const Date& d, const Time& t) {
  std::tm tm{};
  tm.tm_year = d.year - 1900;
  tm.tm_mon = d.month - 1;
  tm.tm_mday = d.day;
  tm.tm_hour = t.hour;
  tm.tm_min = t.minute;
  tm.tm_sec = t.second;
  tm.tm_wday = (d.weekday() + 1) % 7;  // C counts from Sunday
  tm.tm_yday = static_cast<int>(d.toordinal() - Date{d.year, 1, 1}.toordinal());
  tm.tm_isdst = -1;
  return tm;
}

}  // namespace

// strftime - datetime.strftime(format).
std::string strftime(const DateTime& value, std::string_view format) {
  return format_parts(tm_of(value.date, value.time), value.time, format);
}

// strftime - date.strftime(format), at midnight.
std::string strftime(const Date& value, std::string_view format) {
  return format_parts(tm_of(value, Time{}), Time{}, format);
}

// strftime - time.strftime(format), on 1900-01-01.
std::string strftime(const Time& value, std::string_view format) {
  return format_parts(tm_of(Date{1900, 1, 1}, value), value, format);
}

// IsoCalendar::repr - Python's repr of the IsoCalendarDate tuple.
std::string IsoCalendar::repr() const {
  return fmt::format("datetime.IsoCalendarDate(year={}, week={}, weekday={})",
                     year, week, weekday);
}

// isocalendar - the week holding the year's first Thursday is week 1.
IsoCalendar isocalendar(const Date& d) {
  auto week1_monday = [](int year) {
    int64_t jan1 = Date{year, 1, 1}.toordinal();
    int64_t weekday = (jan1 + 6) % 7;
    return jan1 - weekday + (weekday > 3 ? 7 : 0);
  };

  int year = d.year;
  int64_t ordinal = d.toordinal();
  int64_t monday = week1_monday(year);
  if (ordinal < monday) {
    --year;
    monday = week1_monday(year);
  } else if (year < 9999 && ordinal >= week1_monday(year + 1)) {
    ++year;
    monday = week1_monday(year);
  }
  int64_t days = ordinal - monday;
  return IsoCalendar{year, static_cast<int>(days / 7 + 1),
                     static_cast<int>(days % 7 + 1)};
}

// ctime - "%a %b %e %H:%M:%S %Y" with the year always four digits.
std::string ctime(const DateTime& value) {
  static constexpr const char* kDays[7] = {"Mon", "Tue", "Wed", "Thu",
                                           "Fri", "Sat", "Sun"};
  static constexpr const char* kMonths[13] = {"",    "Jan", "Feb", "Mar", "Apr",
                                              "May", "Jun", "Jul", "Aug", "Sep",
                                              "Oct", "Nov", "Dec"};
  const Date& d = value.date;
  const Time& t = value.time;
  return fmt::format("{} {} {:2d} {:02d}:{:02d}:{:02d} {:04d}",
                     kDays[d.weekday()], kMonths[d.month], d.day, t.hour,
                     t.minute, t.second, d.year);
}

std::string ctime(const Date& value) { return ctime(DateTime{value, Time{}}); }

}  // namespace tattler::jinja
