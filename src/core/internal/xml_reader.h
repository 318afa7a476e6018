#pragma once
// A thin owner of an expat parser for the XLSX reader (internal to core/).
#include <functional>
#include <string_view>

#include <expat.h>

#include "core/status.h"

namespace zq::internal {

// Streams one XML document to three handlers. Element and attribute names reach them without
// their namespace prefix ("x:row" as "row"): the package's parts use one namespace each. A
// document with a DTD is refused, so no entity is ever declared or expanded. Not thread-safe.
class XmlReader {
 public:
  // `attributes` is expat's array: name, value, name, value, ..., nullptr.
  using OnStart = std::function<void(std::string_view name, const char** attributes)>;
  using OnEnd = std::function<void(std::string_view name)>;
  using OnText = std::function<void(std::string_view text)>;

  XmlReader(OnStart on_start, OnEnd on_end, OnText on_text);
  ~XmlReader();
  XmlReader(const XmlReader&) = delete;
  XmlReader& operator=(const XmlReader&) = delete;

  // Parses the next chunk (`last` for the final one). kInvalidArgument (field "file") for
  // malformed XML or a DTD, naming `part` and the line.
  Status Feed(std::string_view chunk, bool last, std::string_view part);

  // Ends parsing from inside a handler; Feed then returns OK and stopped() is true.
  void Stop();

  bool stopped() const { return stopped_; }

 private:
  static void XMLCALL Start(void* self, const XML_Char* name, const XML_Char** attributes);
  static void XMLCALL End(void* self, const XML_Char* name);
  static void XMLCALL Text(void* self, const XML_Char* text, int length);
  static void XMLCALL Doctype(void* self, const XML_Char*, const XML_Char*, const XML_Char*, int);

  XML_Parser parser_;
  OnStart on_start_;
  OnEnd on_end_;
  OnText on_text_;
  bool stopped_ = false;
  bool doctype_ = false;
};

// The value of the attribute whose local name is `name`, or nullptr.
const char* XmlAttribute(const char** attributes, std::string_view name);

}  // namespace zq::internal
