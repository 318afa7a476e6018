#include "core/xml_reader.h"

#include <climits>

#include <fmt/format.h>

namespace zq {
namespace {

std::string_view LocalName(const char* name) {
  const std::string_view n(name);
  const std::size_t colon = n.rfind(':');
  return colon == std::string_view::npos ? n : n.substr(colon + 1);
}

}  // namespace

const char* XmlAttribute(const char** attributes, std::string_view name) {
  for (; attributes != nullptr && *attributes != nullptr; attributes += 2) {
    if (LocalName(attributes[0]) == name)
      return attributes[1];
  }
  return nullptr;
}

XmlReader::XmlReader(OnStart on_start, OnEnd on_end, OnText on_text)
    : XmlReader(std::move(on_start), std::move(on_end), std::move(on_text), Options{}) {}

XmlReader::XmlReader(OnStart on_start, OnEnd on_end, OnText on_text, Options options)
    : options_(std::move(options)),
      parser_(options_.names == XmlNames::kNamespaced ? XML_ParserCreateNS(nullptr, '|')
                                                      : XML_ParserCreate(nullptr)),
      on_start_(std::move(on_start)),
      on_end_(std::move(on_end)),
      on_text_(std::move(on_text)) {
  ZQ_CHECK(parser_ != nullptr);  // only fails when memory is exhausted
  XML_SetUserData(parser_, this);
  XML_SetElementHandler(parser_, &XmlReader::Start, &XmlReader::End);
  XML_SetCharacterDataHandler(parser_, &XmlReader::Text);
  // Neither the package's parts nor EPCIS documents have a DTD; refusing one means no entity can be
  // declared, so no "billion laughs" expansion whatever expat's own limits are.
  XML_SetStartDoctypeDeclHandler(parser_, &XmlReader::Doctype);
}

std::string_view XmlReader::Name(const char* name) const {
  return options_.names == XmlNames::kLocal ? LocalName(name) : std::string_view(name);
}

XmlReader::~XmlReader() { XML_ParserFree(parser_); }

void XmlReader::Stop() {
  if (!stopped_) {
    stopped_ = true;
    XML_StopParser(parser_, XML_FALSE);
  }
}

Status XmlReader::Feed(std::string_view chunk, bool last, std::string_view part) {
  if (stopped_)
    return Status::Ok();
  ZQ_CHECK(chunk.size() <= static_cast<std::size_t>(INT_MAX));  // callers feed small chunks
  const XML_Status status =
      XML_Parse(parser_, chunk.data(), static_cast<int>(chunk.size()), last ? XML_TRUE : XML_FALSE);
  if (doctype_) {
    return Status::InvalidArgument(
        fmt::format("not a readable {}: {} declares a DTD, which is refused", options_.document,
                    part),
        "file");
  }
  if (status == XML_STATUS_ERROR && !stopped_) {
    return Status::InvalidArgument(
        fmt::format("not a readable {}: {} line {}: {}", options_.document, part,
                    XML_GetCurrentLineNumber(parser_), XML_ErrorString(XML_GetErrorCode(parser_))),
        "file");
  }
  return Status::Ok();
}

void XMLCALL XmlReader::Start(void* self, const XML_Char* name, const XML_Char** attributes) {
  auto* r = static_cast<XmlReader*>(self);
  if (!r->stopped_)
    r->on_start_(r->Name(name), attributes);
}

void XMLCALL XmlReader::End(void* self, const XML_Char* name) {
  auto* r = static_cast<XmlReader*>(self);
  if (!r->stopped_)
    r->on_end_(r->Name(name));
}

void XMLCALL XmlReader::Text(void* self, const XML_Char* text, int length) {
  auto* r = static_cast<XmlReader*>(self);
  if (!r->stopped_)
    r->on_text_(std::string_view(text, static_cast<std::size_t>(length)));
}

void XMLCALL XmlReader::Doctype(void* self, const XML_Char*, const XML_Char*, const XML_Char*,
                                int) {
  auto* r = static_cast<XmlReader*>(self);
  r->doctype_ = true;
  r->Stop();
}

}  // namespace zq
