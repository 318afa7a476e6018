#pragma once
// A thin owner of an expat parser: the XLSX reader's parts and the EPCIS XML documents of trace/.
#include <functional>
#include <string>
#include <string_view>

#include <expat.h>

#include "core/status.h"

namespace zq {

// How element and attribute names reach the handlers.
enum class XmlNames {
  // Without their namespace prefix ("x:row" as "row"): an XLSX part uses one namespace.
  kLocal,
  // Namespace-resolved, as "<namespace URI>|<local name>" for a name in a namespace and as the
  // local name alone for one in none; xmlns declarations are not reported as attributes.
  kNamespaced,
};

// Streams one XML document to three handlers. A document with a DTD is refused, so no entity is
// ever declared or expanded. Not thread-safe.
class XmlReader {
 public:
  // `attributes` is expat's array: name, value, name, value, ..., nullptr.
  using OnStart = std::function<void(std::string_view name, const char** attributes)>;
  using OnEnd = std::function<void(std::string_view name)>;
  using OnText = std::function<void(std::string_view text)>;

  struct Options {
    XmlNames names = XmlNames::kLocal;
    std::string document = "XLSX workbook";  // what the messages call the document
  };

  XmlReader(OnStart on_start, OnEnd on_end, OnText on_text);
  XmlReader(OnStart on_start, OnEnd on_end, OnText on_text, Options options);
  ~XmlReader();
  XmlReader(const XmlReader&) = delete;
  XmlReader& operator=(const XmlReader&) = delete;

  // Parses the next chunk (`last` for the final one). kInvalidArgument (field "file") for
  // malformed XML or a DTD: "not a readable <document>: <part> line N: <why>".
  Status Feed(std::string_view chunk, bool last, std::string_view part);

  // Ends parsing from inside a handler; Feed then returns OK and stopped() is true.
  void Stop();

  bool stopped() const { return stopped_; }

 private:
  static void XMLCALL Start(void* self, const XML_Char* name, const XML_Char** attributes);
  static void XMLCALL End(void* self, const XML_Char* name);
  static void XMLCALL Text(void* self, const XML_Char* text, int length);
  static void XMLCALL Doctype(void* self, const XML_Char*, const XML_Char*, const XML_Char*, int);

  std::string_view Name(const char* name) const;

  Options options_;
  XML_Parser parser_;
  OnStart on_start_;
  OnEnd on_end_;
  OnText on_text_;
  bool stopped_ = false;
  bool doctype_ = false;
};

// The value of the attribute whose local name is `name`, or nullptr (XmlNames::kLocal).
const char* XmlAttribute(const char** attributes, std::string_view name);

}  // namespace zq
