// auto_text.hpp - a readable plain-text version of an HTML e-mail body.
//
// Offers html_to_text(), used when an event has body.html and no body.txt:
// block elements become line breaks, links become "text (url)", list items
// get "- " or "1. " markers, table cells are separated by " | " one row per
// line, images show their alt text, entities are decoded, and <head>,
// <style> and <script> are dropped.
//
// Limits: a forgiving scanner, not an HTML5 parser: no CSS is applied
// (display:none content stays), no line wrapping.
#pragma once

#include <string>
#include <string_view>

namespace tattler::compose {

// html_to_text - the plain text of html, ending with one newline.
std::string html_to_text(std::string_view html);

}  // namespace tattler::compose
