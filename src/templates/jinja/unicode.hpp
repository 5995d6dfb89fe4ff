// unicode.hpp - the bits of Python's str that need Unicode: UTF-8 decoding
// and encoding, upper/lower/title case, character classes (whitespace,
// letters, digits) as Python's str methods see them.
//
// Limits: the case table covers ASCII, Latin-1 Supplement, Latin
// Extended-A, Greek and Coptic (basic letters and tonos) and Cyrillic
// (U+0400..U+052F); other scripts are left unchanged. Special casings
// implemented: German sharp s (upper "SS"), dotted capital I, final sigma.
#pragma once

#include <string>
#include <string_view>

namespace tattler::jinja::uni {

// decode - UTF-8 to code points; invalid bytes become U+FFFD.
std::u32string decode(std::string_view s);

// encode - code points to UTF-8.
std::string encode(std::u32string_view s);

// append - one code point as UTF-8.
void append(std::string& out, char32_t cp);

// length - number of code points in UTF-8 `s`.
size_t length(std::string_view s);

// is_ascii - true when every byte is below 0x80 (fast paths).
bool is_ascii(std::string_view s);

// upper / lower - str.upper() / str.lower().
std::string upper(std::string_view s);
std::string lower(std::string_view s);

// capitalize - str.capitalize(): first character title-cased, rest lower.
std::string capitalize(std::string_view s);

// py_title - str.title(): word starts upper, the rest lower.
std::string py_title(std::string_view s);

// swapcase - str.swapcase().
std::string swapcase(std::string_view s);

// Character classes for one code point.
bool is_space(char32_t c);   // str.isspace()
bool is_upper(char32_t c);   // an upper-case letter of the table
bool is_lower(char32_t c);   // a lower-case letter of the table
bool is_alpha(char32_t c);   // letters (table, plus other scripts > U+00FF)
bool is_digit(char32_t c);   // ASCII digits
bool is_word(char32_t c);    // regex \w: letters, digits, '_'

// upper_full / lower_full - one code point in the target case (may be more
// than one code point, e.g. U+00DF upper is "SS").
std::u32string upper_full(char32_t c);
std::u32string lower_full(char32_t c);

}  // namespace tattler::jinja::uni
