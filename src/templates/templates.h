// Mustache templates (kainjow): loaded once, partials expanded in place at load time so each
// page template is parsed once, errors reported as template:line:col.
#pragma once
#include <map>
#include <memory>
#include <string>
#include <vector>

#include <kainjow/mustache.hpp>

#include "core/diagnostics.h"
#include "core/fs.h"
#include "core/source.h"

namespace ms {

using TemplateData = kainjow::mustache::data;

class TemplateSet {
 public:
  // templates/<name>.mustache are pages; templates/partials/<name>.mustache are included with
  // {{> name}}. Reports syntax errors and unknown partials with their positions.
  static std::optional<TemplateSet> load(const fs::path& root, Diagnostics& diags);

  // A page template ("model") or a partial on its own ("partials/api-params").
  bool has(const std::string& name) const { return expanded_.count(name) > 0; }
  const std::vector<std::string>& names() const { return names_; }

  // Templates compiled once per worker thread (kainjow objects keep render state).
  class Renderer {
   public:
    // Renders page template `name`; a render error is reported at its template position.
    // `shared` (optional) is looked up after `data`: values every page of a locale has, such as
    // the `t` strings, without copying them into each page's data.
    std::string render(const std::string& name, const TemplateData& data, Diagnostics& diags,
                       const TemplateData* shared = nullptr);

    // The lookup stack kainjow walks while rendering. Same rules as kainjow::mustache::context
    // (innermost first; a dotted name must resolve completely within one item), without its
    // costs: kainjow splits a dotted name through a stringstream on every lookup and inserts at
    // the front of a vector on every section; here the split is remembered per tag.
    class Context : public kainjow::mustache::basic_context<std::string> {
     public:
      void push(const TemplateData* data) override { items_.push_back(data); }
      void pop() override { items_.pop_back(); }
      const TemplateData* get(const std::string& name) const override;
      const TemplateData* get_partial(const std::string& name) const override;
      void clear() { items_.clear(); }

     private:
      const std::vector<std::string>& parts_of(const std::string& name) const;
      std::vector<const TemplateData*> items_;  // outermost first
      // Tag name (by address, checked by content) -> its dot-separated parts.
      mutable std::map<const std::string*, std::pair<std::string, std::vector<std::string>>> parts_;
    };

   private:
    friend class TemplateSet;
    kainjow::mustache::mustache compile(const std::string& name) const;
    const TemplateSet* set_ = nullptr;
    std::map<std::string, kainjow::mustache::mustache> compiled_;
    Context ctx_;
  };
  Renderer renderer() const;

  // A string of all template sources, for cache keys.
  std::string fingerprint() const;

  /// Every UI string a template reads as {{t.key}} (also {{{t.key}}}, {{#t.key}}, {{^t.key}}),
  /// with where: the build reports keys no locale defines, `modelsite i18n` the keys none reads.
  struct MessageReference {
    std::string key;
    const SourceFile* file;
    std::size_t offset;
  };
  std::vector<MessageReference> message_references() const;

 private:
  struct Segment {  // expanded text [begin, begin+length) comes from file at offset
    std::size_t begin, length;
    std::string file;
    std::size_t offset;
  };
  struct Expanded {
    std::string text;
    std::vector<Segment> map;
  };
  bool expand(const std::string& file, const std::string& text, Expanded& out, std::vector<std::string>& stack,
              Diagnostics& diags) const;
  void report(const std::string& name, const std::string& kainjow_message, Diagnostics& diags) const;

  std::map<std::string, SourceFile> files_;     // display path -> source
  std::map<std::string, std::string> partials_;  // name -> display path
  std::map<std::string, Expanded> expanded_;     // page template name -> expanded text
  std::vector<std::string> names_;
};

}  // namespace ms
