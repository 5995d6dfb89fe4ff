// content_type.cpp - extension table, /etc/mime.types and image sniffing.
//
// Limits: see content_type.hpp.
#include "compose/content_type.hpp"

#include <algorithm>
#include <cctype>
#include <fstream>
#include <mutex>
#include <sstream>
#include <unordered_map>
#include <vector>

namespace tattler::compose {

namespace {

// The common types every Python installation knows, before any system file.
constexpr std::pair<std::string_view, std::string_view> kBuiltinTypes[] = {
    {".3g2", "audio/3gpp2"},
    {".3gp", "audio/3gpp"},
    {".3gpp", "audio/3gpp"},
    {".3gpp2", "audio/3gpp2"},
    {".a", "application/octet-stream"},
    {".aac", "audio/aac"},
    {".adts", "audio/aac"},
    {".ai", "application/postscript"},
    {".aif", "audio/x-aiff"},
    {".aifc", "audio/x-aiff"},
    {".aiff", "audio/x-aiff"},
    {".ass", "audio/aac"},
    {".au", "audio/basic"},
    {".avi", "video/x-msvideo"},
    {".avif", "image/avif"},
    {".bat", "text/plain"},
    {".bcpio", "application/x-bcpio"},
    {".bin", "application/octet-stream"},
    {".bmp", "image/bmp"},
    {".c", "text/plain"},
    {".cdf", "application/x-netcdf"},
    {".cpio", "application/x-cpio"},
    {".csh", "application/x-csh"},
    {".css", "text/css"},
    {".csv", "text/csv"},
    {".dll", "application/octet-stream"},
    {".doc", "application/msword"},
    {".dot", "application/msword"},
    {".dvi", "application/x-dvi"},
    {".eml", "message/rfc822"},
    {".eps", "application/postscript"},
    {".etx", "text/x-setext"},
    {".exe", "application/octet-stream"},
    {".gif", "image/gif"},
    {".gtar", "application/x-gtar"},
    {".h", "text/plain"},
    {".h5", "application/x-hdf5"},
    {".hdf", "application/x-hdf"},
    {".heic", "image/heic"},
    {".heif", "image/heif"},
    {".htm", "text/html"},
    {".html", "text/html"},
    {".ico", "image/vnd.microsoft.icon"},
    {".ief", "image/ief"},
    {".jpe", "image/jpeg"},
    {".jpeg", "image/jpeg"},
    {".jpg", "image/jpeg"},
    {".js", "application/javascript"},
    {".json", "application/json"},
    {".ksh", "text/plain"},
    {".latex", "application/x-latex"},
    {".loas", "audio/aac"},
    {".m1v", "video/mpeg"},
    {".m3u", "application/vnd.apple.mpegurl"},
    {".m3u8", "application/vnd.apple.mpegurl"},
    {".man", "application/x-troff-man"},
    {".me", "application/x-troff-me"},
    {".mht", "message/rfc822"},
    {".mhtml", "message/rfc822"},
    {".mif", "application/x-mif"},
    {".mjs", "application/javascript"},
    {".mov", "video/quicktime"},
    {".movie", "video/x-sgi-movie"},
    {".mp2", "audio/mpeg"},
    {".mp3", "audio/mpeg"},
    {".mp4", "video/mp4"},
    {".mpa", "video/mpeg"},
    {".mpe", "video/mpeg"},
    {".mpeg", "video/mpeg"},
    {".mpg", "video/mpeg"},
    {".ms", "application/x-troff-ms"},
    {".n3", "text/n3"},
    {".nc", "application/x-netcdf"},
    {".nq", "application/n-quads"},
    {".nt", "application/n-triples"},
    {".nws", "message/rfc822"},
    {".o", "application/octet-stream"},
    {".obj", "application/octet-stream"},
    {".oda", "application/oda"},
    {".opus", "audio/opus"},
    {".p12", "application/x-pkcs12"},
    {".p7c", "application/pkcs7-mime"},
    {".pbm", "image/x-portable-bitmap"},
    {".pdf", "application/pdf"},
    {".pfx", "application/x-pkcs12"},
    {".pgm", "image/x-portable-graymap"},
    {".pl", "text/plain"},
    {".png", "image/png"},
    {".pnm", "image/x-portable-anymap"},
    {".pot", "application/vnd.ms-powerpoint"},
    {".ppa", "application/vnd.ms-powerpoint"},
    {".ppm", "image/x-portable-pixmap"},
    {".pps", "application/vnd.ms-powerpoint"},
    {".ppt", "application/vnd.ms-powerpoint"},
    {".ps", "application/postscript"},
    {".pwz", "application/vnd.ms-powerpoint"},
    {".py", "text/x-python"},
    {".pyc", "application/x-python-code"},
    {".pyo", "application/x-python-code"},
    {".qt", "video/quicktime"},
    {".ra", "audio/x-pn-realaudio"},
    {".ram", "application/x-pn-realaudio"},
    {".ras", "image/x-cmu-raster"},
    {".rdf", "application/xml"},
    {".rgb", "image/x-rgb"},
    {".roff", "application/x-troff"},
    {".rtx", "text/richtext"},
    {".sgm", "text/x-sgml"},
    {".sgml", "text/x-sgml"},
    {".sh", "application/x-sh"},
    {".shar", "application/x-shar"},
    {".snd", "audio/basic"},
    {".so", "application/octet-stream"},
    {".src", "application/x-wais-source"},
    {".srt", "text/plain"},
    {".sv4cpio", "application/x-sv4cpio"},
    {".sv4crc", "application/x-sv4crc"},
    {".svg", "image/svg+xml"},
    {".swf", "application/x-shockwave-flash"},
    {".t", "application/x-troff"},
    {".tar", "application/x-tar"},
    {".tcl", "application/x-tcl"},
    {".tex", "application/x-tex"},
    {".texi", "application/x-texinfo"},
    {".texinfo", "application/x-texinfo"},
    {".tif", "image/tiff"},
    {".tiff", "image/tiff"},
    {".tr", "application/x-troff"},
    {".trig", "application/trig"},
    {".tsv", "text/tab-separated-values"},
    {".txt", "text/plain"},
    {".ustar", "application/x-ustar"},
    {".vcf", "text/x-vcard"},
    {".vtt", "text/vtt"},
    {".wasm", "application/wasm"},
    {".wav", "audio/x-wav"},
    {".webm", "video/webm"},
    {".webmanifest", "application/manifest+json"},
    {".wiz", "application/msword"},
    {".wsdl", "application/xml"},
    {".xbm", "image/x-xbitmap"},
    {".xlb", "application/vnd.ms-excel"},
    {".xls", "application/vnd.ms-excel"},
    {".xml", "text/xml"},
    {".xpdl", "application/xml"},
    {".xpm", "image/x-xpixmap"},
    {".xsl", "application/xml"},
    {".xwd", "image/x-xwindowdump"},
    {".zip", "application/zip"},
};

// Aliases that stand for a longer double extension.
constexpr std::pair<std::string_view, std::string_view> kSuffixAliases[] = {
    {".svgz", ".svg.gz"}, {".tgz", ".tar.gz"},   {".taz", ".tar.gz"},
    {".tz", ".tar.gz"},   {".tbz2", ".tar.bz2"}, {".txz", ".tar.xz"},
};

// Extensions that name a compression, not a content type.
constexpr std::string_view kEncodingSuffixes[] = {".gz", ".Z", ".bz2", ".xz",
                                                  ".br"};

constexpr std::string_view kSystemTypesFile = "/etc/mime.types";

using TypeTable = std::unordered_map<std::string, std::string>;

// read_system_types - entries of a mime.types file into table, overriding.
void read_system_types(std::string_view path, TypeTable& table) {
  std::ifstream in{std::string(path)};
  std::string line;
  while (std::getline(in, line)) {
    line = line.substr(0, line.find('#'));
    std::istringstream words(line);
    std::string type;
    if (!(words >> type)) continue;
    for (std::string ext; words >> ext;) table["." + ext] = type;
  }
}

// type_table - the built-in table merged with the system file, built once.
const TypeTable& type_table() {
  static const TypeTable table = [] {
    TypeTable t;
    for (const auto& [ext, type] : kBuiltinTypes) {
      t.emplace(std::string(ext), std::string(type));
    }
    read_system_types(kSystemTypesFile, t);
    return t;
  }();
  return table;
}

// lower - s in ASCII lower case.
std::string lower(std::string_view s) {
  std::string out(s);
  std::transform(out.begin(), out.end(), out.begin(),
                 [](unsigned char c) { return std::tolower(c); });
  return out;
}

// split_extension - (base, ".ext") as Python's posixpath.splitext: leading
// dots of the last component do not start an extension.
std::pair<std::string, std::string> split_extension(std::string_view path) {
  size_t slash = path.rfind('/');
  size_t name_start = slash == std::string_view::npos ? 0 : slash + 1;
  size_t dot = path.rfind('.');
  if (dot == std::string_view::npos || dot < name_start) {
    return {std::string(path), ""};
  }
  size_t first_non_dot = path.find_first_not_of('.', name_start);
  if (first_non_dot == std::string_view::npos || dot < first_non_dot) {
    return {std::string(path), ""};
  }
  return {std::string(path.substr(0, dot)), std::string(path.substr(dot))};
}

// alias_of - the double extension ext stands for, or empty.
std::string_view alias_of(std::string_view ext) {
  std::string low = lower(ext);
  for (const auto& [alias, full] : kSuffixAliases) {
    if (alias == low) return full;
  }
  return {};
}

// is_encoding_suffix - whether ext names a compression.
bool is_encoding_suffix(std::string_view ext) {
  std::string low = lower(ext);
  for (std::string_view e : kEncodingSuffixes) {
    if (e == ext || e == low) return true;
  }
  return false;
}

// starts_with - whether data begins with prefix.
bool starts_with(std::string_view data, std::string_view prefix) {
  return data.substr(0, prefix.size()) == prefix;
}

}  // namespace

// type_from_filename - the MIME type of a file name, as Python guesses it.
std::optional<std::string> type_from_filename(std::string_view filename) {
  auto [base, ext] = split_extension(filename);

  // Expand aliases (".tgz" is ".tar.gz"), then drop a compression suffix.
  for (std::string_view full = alias_of(ext); !full.empty();
       full = alias_of(ext)) {
    std::tie(base, ext) = split_extension(base + std::string(full));
  }
  if (is_encoding_suffix(ext)) std::tie(base, ext) = split_extension(base);
  if (ext.empty()) return std::nullopt;

  const TypeTable& table = type_table();
  auto it = table.find(ext);
  if (it == table.end()) it = table.find(lower(ext));
  if (it == table.end()) return std::nullopt;
  return it->second;
}

// sniff_image - the image type of data from its first bytes.
std::optional<SniffedImage> sniff_image(std::string_view data) {
  using namespace std::string_view_literals;
  if (starts_with(data, "\x89PNG\r\n\x1a\n"sv)) {
    return SniffedImage{"image/png", ".png"};
  }
  if (starts_with(data, "\xff\xd8\xff"sv)) {
    return SniffedImage{"image/jpeg", ".jpg"};
  }
  if (starts_with(data, "GIF87a") || starts_with(data, "GIF89a")) {
    return SniffedImage{"image/gif", ".gif"};
  }
  if (data.size() >= 12 && starts_with(data, "RIFF") &&
      data.substr(8, 4) == "WEBP") {
    return SniffedImage{"image/webp", ".webp"};
  }

  // SVG is text: look at the start of the first 512 bytes, blanks skipped.
  std::string head = lower(data.substr(0, 512));
  size_t start = head.find_first_not_of(" \t\n\r\x0b\x0c");
  if (start != std::string::npos && (head.compare(start, 5, "<?xml") == 0 ||
                                     head.compare(start, 4, "<svg") == 0)) {
    return SniffedImage{"image/svg+xml", ".svg"};
  }
  return std::nullopt;
}

}  // namespace tattler::compose
