#include "depeche/ingest/ingest.h"

#include <gumbo.h>
#include <simdjson.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <sstream>

#include "depeche/core/unicode.h"

namespace depeche::ingest {
namespace fs = std::filesystem;

namespace {

bool LooksBinary(std::string_view b) {
  // NUL bytes or a high share of control characters: not text in any encoding we read.
  const size_t n = std::min<size_t>(b.size(), 64 * 1024);
  size_t control = 0;
  for (size_t i = 0; i < n; ++i) {
    const unsigned char c = static_cast<unsigned char>(b[i]);
    if (c == 0) return true;
    if (c < 0x20 && c != '\n' && c != '\r' && c != '\t' && c != '\f') ++control;
  }
  return n > 0 && control * 10 > n;
}

std::string ExtensionOf(const std::string& path) {
  std::string ext = fs::path(path).extension().string();
  for (char& c : ext) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return ext;
}

Format Sniff(std::string_view b) {
  size_t i = 0;
  if (b.substr(0, 3) == "\xEF\xBB\xBF") i = 3;
  while (i < b.size() && std::isspace(static_cast<unsigned char>(b[i]))) ++i;
  if (i < b.size() && b[i] == '{') return Format::kJsonLines;
  if (i < b.size() && b[i] == '<') {
    const std::string head = FoldCase(b.substr(i, 512));
    if (head.find("<html") != std::string::npos || head.find("<!doctype") != std::string::npos ||
        head.find("<body") != std::string::npos || head.find("<head") != std::string::npos)
      return Format::kHtml;
  }
  return Format::kText;
}

Format FormatOf(const std::string& path, Format given) {
  if (given != Format::kAuto) return given;
  const std::string ext = ExtensionOf(path);
  if (ext == ".jsonl" || ext == ".ndjson") return Format::kJsonLines;
  if (ext == ".html" || ext == ".htm" || ext == ".xhtml") return Format::kHtml;
  if (ext == ".txt" || ext == ".text") return Format::kText;
  return Format::kAuto;  // sniffed from the bytes
}

// ---- HTML ----

bool IsBlock(GumboTag t) {
  switch (t) {
    case GUMBO_TAG_P: case GUMBO_TAG_DIV: case GUMBO_TAG_BR: case GUMBO_TAG_H1:
    case GUMBO_TAG_H2: case GUMBO_TAG_H3: case GUMBO_TAG_H4: case GUMBO_TAG_H5:
    case GUMBO_TAG_H6: case GUMBO_TAG_LI: case GUMBO_TAG_UL: case GUMBO_TAG_OL:
    case GUMBO_TAG_TR: case GUMBO_TAG_TABLE: case GUMBO_TAG_SECTION: case GUMBO_TAG_ARTICLE:
    case GUMBO_TAG_HEADER: case GUMBO_TAG_BLOCKQUOTE: case GUMBO_TAG_FIGURE:
    case GUMBO_TAG_FIGCAPTION: case GUMBO_TAG_TIME: case GUMBO_TAG_DT: case GUMBO_TAG_DD:
    case GUMBO_TAG_PRE: case GUMBO_TAG_HR: case GUMBO_TAG_MAIN: case GUMBO_TAG_ADDRESS:
      return true;
    default:
      return false;
  }
}

bool IsSkipped(GumboTag t) {
  switch (t) {
    case GUMBO_TAG_SCRIPT: case GUMBO_TAG_STYLE: case GUMBO_TAG_NOSCRIPT:
    case GUMBO_TAG_TEMPLATE: case GUMBO_TAG_SVG: case GUMBO_TAG_IFRAME: case GUMBO_TAG_HEAD:
    case GUMBO_TAG_NAV: case GUMBO_TAG_FOOTER: case GUMBO_TAG_ASIDE: case GUMBO_TAG_FORM:
    case GUMBO_TAG_BUTTON: case GUMBO_TAG_SELECT: case GUMBO_TAG_OBJECT: case GUMBO_TAG_CANVAS:
      return true;
    default:
      return false;
  }
}

const char* Attr(const GumboElement& e, const char* name) {
  const GumboAttribute* a = gumbo_get_attribute(&e.attributes, name);
  return a ? a->value : nullptr;
}

// Appends text with runs of whitespace collapsed to one space.
void AppendCollapsed(std::string& out, std::string_view s) {
  for (char c : s) {
    const bool space = c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f';
    if (space) {
      if (!out.empty() && out.back() != ' ' && out.back() != '\n') out.push_back(' ');
    } else {
      out.push_back(c);
    }
  }
}

void EndBlock(std::string& out) {
  while (!out.empty() && out.back() == ' ') out.pop_back();
  if (!out.empty() && out.back() != '\n') out.push_back('\n');
}

void ReadHead(const GumboNode* root, Metadata& m) {
  // Iterative walk: pages nested thousands deep must not exhaust the stack.
  std::vector<const GumboNode*> stack{root};
  while (!stack.empty()) {
    const GumboNode* n = stack.back();
    stack.pop_back();
    if (n->type != GUMBO_NODE_ELEMENT) continue;
    const GumboElement& e = n->v.element;
    if (e.tag == GUMBO_TAG_HTML) {
      if (const char* l = Attr(e, "lang")) m.lang = std::string(l).substr(0, 2);
    } else if (e.tag == GUMBO_TAG_TITLE && e.children.length > 0) {
      const auto* t = static_cast<const GumboNode*>(e.children.data[0]);
      if (t->type == GUMBO_NODE_TEXT && m.title.empty()) {
        AppendCollapsed(m.title, t->v.text.text);
      }
    } else if (e.tag == GUMBO_TAG_META) {
      const char* key = Attr(e, "property");
      if (!key) key = Attr(e, "name");
      if (!key) key = Attr(e, "itemprop");
      const char* content = Attr(e, "content");
      if (key && content) {
        const std::string k = FoldCase(key);
        if (k == "og:title") m.title = content;
        else if (k == "article:published_time" || k == "datepublished" || k == "pubdate" ||
                 k == "date" || k == "dc.date" || k == "dc.date.issued" || k == "publish-date")
          m.pubdate = std::string(content).substr(0, 10);
        else if (k == "author" || k == "article:author" || k == "dc.creator") m.author = content;
        else if (k == "og:site_name") m.outlet = content;
        else if (k == "og:url" && m.url.empty()) m.url = content;
      }
    } else if (e.tag == GUMBO_TAG_LINK) {
      const char* rel = Attr(e, "rel");
      const char* href = Attr(e, "href");
      if (rel && href && FoldCase(rel) == "canonical") m.url = href;
    }
    if (e.tag == GUMBO_TAG_BODY) continue;  // metadata lives in the head
    for (unsigned i = e.children.length; i-- > 0;)
      stack.push_back(static_cast<const GumboNode*>(e.children.data[i]));
  }
  while (!m.title.empty() && m.title.back() == ' ') m.title.pop_back();
}

std::string BodyText(const GumboNode* root) {
  std::string out;
  // (node, closing) pairs: a block element ends its line when closed.
  std::vector<std::pair<const GumboNode*, bool>> stack{{root, false}};
  while (!stack.empty()) {
    auto [n, closing] = stack.back();
    stack.pop_back();
    if (closing) {
      EndBlock(out);
      continue;
    }
    if (n->type == GUMBO_NODE_TEXT || n->type == GUMBO_NODE_WHITESPACE ||
        n->type == GUMBO_NODE_CDATA) {
      AppendCollapsed(out, n->v.text.text);
      continue;
    }
    if (n->type != GUMBO_NODE_ELEMENT && n->type != GUMBO_NODE_DOCUMENT) continue;
    const GumboVector& children =
        n->type == GUMBO_NODE_DOCUMENT ? n->v.document.children : n->v.element.children;
    if (n->type == GUMBO_NODE_ELEMENT) {
      const GumboTag tag = n->v.element.tag;
      if (IsSkipped(tag)) continue;
      if (IsBlock(tag)) {
        EndBlock(out);
        stack.push_back({n, true});
      }
    }
    for (unsigned i = children.length; i-- > 0;)
      stack.push_back({static_cast<const GumboNode*>(children.data[i]), false});
  }
  EndBlock(out);
  // Drop blank lines left by empty blocks.
  std::string text;
  text.reserve(out.size());
  std::istringstream lines(out);
  for (std::string line; std::getline(lines, line);) {
    size_t a = line.find_first_not_of(' ');
    if (a == std::string::npos) continue;
    text.append(line, a, std::string::npos);
    text.push_back('\n');
  }
  if (!text.empty()) text.pop_back();
  return text;
}

std::string Str(simdjson::dom::element obj, const char* key) {
  std::string_view v;
  if (obj[key].get(v) == simdjson::SUCCESS) return std::string(v);
  int64_t n;
  if (obj[key].get(n) == simdjson::SUCCESS) return std::to_string(n);
  return {};
}

}  // namespace

Result<std::string> DecodeText(std::string_view bytes, const std::string& where) {
  if (bytes.substr(0, 3) == "\xEF\xBB\xBF") bytes.remove_prefix(3);
  if (bytes.substr(0, 2) == "\xFF\xFE" || bytes.substr(0, 2) == "\xFE\xFF")
    return DataError(where + ": UTF-16 input is not supported; convert it to UTF-8");
  if (LooksBinary(bytes)) return DataError(where + ": binary data, not a text document");
  if (IsValidUtf8(bytes)) return std::string(bytes);
  return Windows1252ToUtf8(bytes);
}

Result<Document> FromText(std::string_view bytes, std::string id, const std::string& where) {
  auto text = DecodeText(bytes, where);
  if (!text.ok()) return text.status();
  Document doc;
  doc.id = std::move(id);
  doc.text = std::move(text).value();
  doc.source = where;
  return doc;
}

Result<Document> FromHtml(std::string_view html, std::string id, const std::string& where) {
  auto decoded = DecodeText(html, where);
  if (!decoded.ok()) return decoded.status();
  const std::string& s = decoded.value();
  GumboOptions options = kGumboDefaultOptions;
  options.max_errors = 100;
  GumboOutput* out = gumbo_parse_with_options(&options, s.data(), s.size());
  if (!out) return DataError(where + ": the HTML parser gave up");
  Document doc;
  doc.id = std::move(id);
  doc.source = where;
  ReadHead(out->root, doc.given);
  doc.text = BodyText(out->document);
  gumbo_destroy_output(&options, out);
  if (!doc.given.title.empty() && doc.text.find(doc.given.title) == std::string::npos)
    doc.text = doc.given.title + "\n" + doc.text;  // so the title has offsets too
  return doc;
}

Result<Document> FromJsonLine(std::string_view line, const std::string& where) {
  // The parser is per call so that readers on several threads never share one.
  simdjson::dom::parser parser;
  simdjson::dom::element obj;
  if (auto err = parser.parse(line.data(), line.size()).get(obj); err)
    return DataError(where + ": malformed JSON: " + simdjson::error_message(err));
  if (!obj.is_object()) return DataError(where + ": a JSON Lines record must be an object");
  std::string id = Str(obj, "id");
  if (id.empty()) return DataError(where + ": record has no \"id\"");
  const std::string text = Str(obj, "text");
  const std::string html = Str(obj, "html");
  Result<Document> doc = !html.empty() && text.empty() ? FromHtml(html, id, where)
                                                       : FromText(text, id, where);
  if (!doc.ok()) return doc;
  if (text.empty() && html.empty())
    return DataError(where + ": record \"" + id + "\" has neither \"text\" nor \"html\"");
  Metadata& g = doc->given;
  auto set = [&](std::string& field, const char* key) {
    std::string v = Str(obj, key);
    if (!v.empty()) field = std::move(v);
  };
  set(g.pubdate, "pubdate");
  set(g.url, "url");
  set(g.lang, "lang");
  set(g.outlet, "outlet");
  set(g.title, "title");
  set(g.author, "author");
  return doc;
}

std::string IdFromPath(const std::string& path, const std::string& root) {
  fs::path p(path);
  fs::path rel = root.empty() ? p.filename() : fs::relative(p, root);
  if (rel.empty() || rel.string().rfind("..", 0) == 0) rel = p.filename();
  rel.replace_extension();
  return rel.generic_string();
}

DocumentReader::DocumentReader(std::vector<std::string> inputs, Format format) : format_(format) {
  for (const std::string& in : inputs) {
    if (in == "-") {
      queue_.emplace_back("-", "stdin");
      continue;
    }
    std::error_code ec;
    if (fs::is_directory(in, ec)) {
      std::vector<std::string> files;
      for (auto it = fs::recursive_directory_iterator(in, fs::directory_options::skip_permission_denied, ec);
           !ec && it != fs::recursive_directory_iterator(); it.increment(ec)) {
        if (!it->is_regular_file(ec)) continue;
        const std::string name = it->path().filename().string();
        if (name.empty() || name[0] == '.') continue;
        const std::string ext = ExtensionOf(name);
        // Directories hold articles; JSON Lines files are read when named explicitly (a
        // directory's .jsonl is as likely a manifest as a corpus).
        if (ext == ".txt" || ext == ".text" || ext == ".html" || ext == ".htm" ||
            (format_ == Format::kJsonLines && (ext == ".jsonl" || ext == ".ndjson")))
          files.push_back(it->path().string());
      }
      if (ec) pending_errors_.push_back(IoError(in + ": cannot list directory: " + ec.message()));
      std::sort(files.begin(), files.end());
      for (auto& f : files) queue_.emplace_back(f, IdFromPath(f, in));
    } else if (fs::exists(in, ec)) {
      queue_.emplace_back(in, IdFromPath(in, ""));
    } else {
      pending_errors_.push_back(NotFound(in + ": no such file or directory"));
    }
  }
}

DocumentReader::~DocumentReader() {
  if (jsonl_ && !jsonl_is_stdin_) std::fclose(jsonl_);
}

std::optional<Result<Document>> DocumentReader::ReadWholeFile(const std::string& path,
                                                              const std::string& id) {
  std::string bytes;
  if (path == "-") {
    std::ostringstream ss;
    ss << std::cin.rdbuf();
    bytes = ss.str();
  } else {
    std::ifstream in(path, std::ios::binary);
    if (!in) return Result<Document>(IoError(path + ": cannot open: " + std::strerror(errno)));
    std::ostringstream ss;
    ss << in.rdbuf();
    bytes = ss.str();
  }
  const std::string where = path == "-" ? "stdin" : path;
  if (bytes.empty()) return Result<Document>(DataError(where + ": empty file"));
  Format f = FormatOf(path, format_);
  if (f == Format::kAuto) f = Sniff(bytes);
  if (f == Format::kHtml) return FromHtml(bytes, id, where);
  return FromText(bytes, id, where);
}

bool DocumentReader::OpenNextFile() {
  while (!queue_.empty()) {
    auto [path, id] = queue_.front();
    Format f = FormatOf(path, format_);
    if (f == Format::kAuto && path != "-") {  // no telling extension: look at the bytes
      std::ifstream in(path, std::ios::binary);
      char head[512];
      in.read(head, sizeof head);
      f = Sniff(std::string_view(head, static_cast<size_t>(in.gcount())));
    }
    if (f == Format::kJsonLines || (path == "-" && format_ == Format::kAuto &&
                                    std::cin.peek() == '{')) {
      queue_.pop_front();
      jsonl_is_stdin_ = path == "-";
      jsonl_ = jsonl_is_stdin_ ? stdin : std::fopen(path.c_str(), "rb");
      jsonl_path_ = jsonl_is_stdin_ ? "stdin" : path;
      jsonl_line_ = 0;
      if (!jsonl_) {
        pending_errors_.push_back(IoError(path + ": cannot open: " + std::strerror(errno)));
        continue;
      }
      return true;
    }
    return false;
  }
  return false;
}

std::optional<Result<Document>> DocumentReader::Next() {
  while (true) {
    if (!pending_errors_.empty()) {
      Status s = pending_errors_.front();
      pending_errors_.pop_front();
      return Result<Document>(s);
    }
    if (jsonl_) {
      char* buf = nullptr;
      size_t cap = 0;
      const ssize_t n = ::getline(&buf, &cap, jsonl_);
      if (n < 0) {
        std::free(buf);
        if (!jsonl_is_stdin_) std::fclose(jsonl_);
        jsonl_ = nullptr;
        continue;
      }
      std::string line(buf, static_cast<size_t>(n));
      std::free(buf);
      ++jsonl_line_;
      while (!line.empty() && (line.back() == '\n' || line.back() == '\r')) line.pop_back();
      if (line.find_first_not_of(" \t") == std::string::npos) continue;
      return FromJsonLine(line, jsonl_path_ + ":" + std::to_string(jsonl_line_));
    }
    if (queue_.empty()) return std::nullopt;
    if (OpenNextFile()) continue;
    if (queue_.empty()) continue;
    auto [path, id] = queue_.front();
    queue_.pop_front();
    return ReadWholeFile(path, id);
  }
}

}  // namespace depeche::ingest
