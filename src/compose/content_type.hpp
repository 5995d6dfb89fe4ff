// content_type.hpp - the MIME type of an attachment.
//
// Offers type_from_filename(), which types a file by its extension as
// Python's mimetypes.guess_type does (a built-in table of the common types,
// extended and overridden by /etc/mime.types; compression suffixes such as
// ".gz" are encodings, so "a.tar.gz" is application/x-tar and "a.gz" has no
// type), and sniff_image(), which recognises PNG, JPEG, GIF, WebP and SVG
// by their first bytes.
//
// Limits: /etc/mime.types is read once, at first use; the other files
// Python consults (Apache's mime.types) are not.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace tattler::compose {

struct SniffedImage {
  std::string content_type;  // "image/png"
  std::string extension;     // ".png"
};

// type_from_filename - the MIME type of filename, or nothing when its
// extension is unknown.
std::optional<std::string> type_from_filename(std::string_view filename);

// sniff_image - the image type of data, or nothing when it is none of the
// formats above.
std::optional<SniffedImage> sniff_image(std::string_view data);

}  // namespace tattler::compose
